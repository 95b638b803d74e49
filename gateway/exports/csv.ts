import type { Request, Response } from 'express';
import { stringify } from 'csv-stringify';
import { drained, pages, type RunQuery } from './graphql';

const PAGE_SIZE = 100;

type Cell = string | number | boolean | null | undefined;

/**
 * Streams rows as RFC 4180 CSV (CRLF, fields with a comma, quote or line break quoted, quotes
 * doubled) with a header row. A text cell that starts with = + - @ (or a tab or carriage return)
 * gets a leading apostrophe so that a spreadsheet shows it instead of running it as a formula;
 * numbers are written as numbers.
 */
async function streamCsv(res: Response, filename: string, header: string[], rows: AsyncIterable<Cell[][]>) {
  const iterator = rows[Symbol.asyncIterator]();
  const first = await iterator.next(); // a failure before anything is written still gets a proper error answer
  res.status(200).type('text/csv; charset=utf-8; header=present');
  res.setHeader('content-disposition', `attachment; filename="${filename}"`);
  const csv = stringify({
    header: true,
    columns: header,
    record_delimiter: 'windows',
    escape_formulas: true,
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  csv.pipe(res);
  const write = async (batch: Cell[][]) => {
    for (const row of batch) {
      if (!csv.write(row.map((cell) => (cell === null || cell === undefined ? '' : cell))))
        await Promise.race([drained(csv), drained(res)]);
    }
  };
  if (!first.done) await write(first.value);
  // stop asking for pages once the client went away
  for (let next = res.destroyed ? null : await iterator.next(); next && !next.done; next = res.destroyed ? null : await iterator.next()) {
    await write(next.value);
  }
  if (res.destroyed) return;
  csv.end();
  await new Promise((resolve) => res.once('finish', resolve));
}

const text = (t: { text: string } | null | undefined) => t?.text ?? null;
const names = (items: { name?: string | null }[]) =>
  items
    .map((i) => i.name ?? '')
    .filter(Boolean)
    .join('; ');

interface Connection<N> {
  nodes: N[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** GET /export/csv/funding-activities.csv: published activities, one row per activity and currency. */
export async function fundingActivitiesCsv(run: RunQuery, _req: Request, res: Response) {
  const query = `query ($after: String, $first: Int) { fundingActivities(first: $first, after: $after, orderBy: START_DATE_ASC) {
    pageInfo { hasNextPage endCursor }
    nodes { identifier title { text } status fund { name } funders { name } implementers { name } cities { name } recipientCountries themes
      plannedStart plannedEnd actualStart actualEnd illustrative
      totals { currency budgeted committed disbursed spent pledged received } } } }`;
  interface Node {
    identifier: string;
    title: { text: string };
    status: string;
    fund: { name: string } | null;
    funders: { name: string | null }[];
    implementers: { name: string | null }[];
    cities: { name: string | null }[];
    recipientCountries: string[];
    themes: string[];
    plannedStart: string;
    plannedEnd: string | null;
    actualStart: string | null;
    actualEnd: string | null;
    illustrative: boolean;
    totals: {
      currency: string;
      budgeted: string;
      committed: string;
      disbursed: string;
      spent: string;
      pledged: string;
      received: string;
    }[];
  }
  const header = [
    'identifier',
    'title',
    'status',
    'fund',
    'funders',
    'implementers',
    'cities',
    'recipient countries',
    'themes',
    'planned start',
    'planned end',
    'actual start',
    'actual end',
    'illustrative',
    'currency',
    'budgeted',
    'committed',
    'disbursed',
    'spent',
    'pledged',
    'received',
  ];
  async function* rows() {
    for await (const nodes of pages((after) =>
      run<{ fundingActivities: Connection<Node> }>(query, { after, first: PAGE_SIZE }).then((d) => d.fundingActivities),
    )) {
      yield nodes.flatMap((a) => {
        const base: Cell[] = [
          a.identifier,
          text(a.title),
          a.status,
          a.fund?.name,
          names(a.funders),
          names(a.implementers),
          names(a.cities),
          a.recipientCountries.join('; '),
          a.themes.join('; '),
          a.plannedStart,
          a.plannedEnd,
          a.actualStart,
          a.actualEnd,
          a.illustrative,
        ];
        // No money recorded: the totals are unknown (empty cells), not zero.
        if (a.totals.length === 0) return [[...base, null, null, null, null, null, null, null]];
        return a.totals.map((t) => [...base, t.currency, t.budgeted, t.committed, t.disbursed, t.spent, t.pledged, t.received]);
      });
    }
  }
  await streamCsv(res, 'funding-activities.csv', header, rows());
}

/** GET /export/csv/settlement-years.csv: the settlement ledger; an unknown figure is an empty cell, never 0. */
export async function settlementYearsCsv(run: RunQuery, _req: Request, res: Response) {
  const query = `query ($after: String, $first: Int) { settlementYears(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { year requested decided extraCapacity settled settledAsOf settledApproximate hasDecision source
      city { name countryCode } requestedBy { name } } } }`;
  interface Node {
    year: number;
    requested: number | null;
    decided: number | null;
    extraCapacity: number | null;
    settled: number | null;
    settledAsOf: string | null;
    settledApproximate: boolean;
    hasDecision: boolean;
    source: string | null;
    city: { name: string; countryCode: string };
    requestedBy: { name: string } | null;
  }
  const header = [
    'city',
    'country',
    'year',
    'requested',
    'requested by',
    'decided',
    'has decision',
    'extra capacity',
    'settled',
    'settled as of',
    'settled approximate',
    'source',
  ];
  async function* rows() {
    for await (const nodes of pages((after) =>
      run<{ settlementYears: Connection<Node> }>(query, { after, first: PAGE_SIZE }).then((d) => d.settlementYears),
    )) {
      yield nodes.map((s): Cell[] => [
        s.city.name,
        s.city.countryCode,
        s.year,
        s.requested,
        s.requestedBy?.name,
        s.decided,
        s.hasDecision,
        s.extraCapacity,
        s.settled,
        s.settledAsOf,
        s.settledApproximate,
        s.source,
      ]);
    }
  }
  await streamCsv(res, 'settlement-years.csv', header, rows());
}

/** GET /export/csv/recommendations.csv: recommendations of reported peer reviews, with the host's response and follow-up. */
export async function recommendationsCsv(run: RunQuery, _req: Request, res: Response) {
  const query = `query ($after: String, $first: Int) { peerReviews(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id status visitStart visitEnd topic { text } hostCity { name countryCode }
      recommendations { position text { text } addressedTo addressedUnit priority response responseReason { text } respondedAt followUpStatus illustrative } } } }`;
  interface Node {
    id: string;
    status: string;
    visitStart: string;
    visitEnd: string;
    topic: { text: string };
    hostCity: { name: string; countryCode: string };
    recommendations: {
      position: number;
      text: { text: string };
      addressedTo: string[];
      addressedUnit: string | null;
      priority: string;
      response: string | null;
      responseReason: { text: string } | null;
      respondedAt: string | null;
      followUpStatus: string;
      illustrative: boolean;
    }[];
  }
  const header = [
    'host city',
    'country',
    'review topic',
    'visit start',
    'visit end',
    'review status',
    'position',
    'recommendation',
    'addressed to',
    'addressed unit',
    'priority',
    'response',
    'response reason',
    'responded at',
    'follow-up status',
    'illustrative',
  ];
  async function* rows() {
    for await (const nodes of pages((after) =>
      run<{ peerReviews: Connection<Node> }>(query, { after, first: PAGE_SIZE }).then((d) => d.peerReviews),
    )) {
      yield nodes.flatMap((r) =>
        r.recommendations.map((c): Cell[] => [
          r.hostCity.name,
          r.hostCity.countryCode,
          text(r.topic),
          r.visitStart,
          r.visitEnd,
          r.status,
          c.position,
          text(c.text),
          c.addressedTo.join('; '),
          c.addressedUnit,
          c.priority,
          c.response,
          text(c.responseReason),
          c.respondedAt,
          c.followUpStatus,
          c.illustrative,
        ]),
      );
    }
  }
  await streamCsv(res, 'recommendations.csv', header, rows());
}
