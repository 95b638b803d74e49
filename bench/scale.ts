import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSubgraph, type RunningSubgraph } from '../gateway/hub';
import { bearerVerifier, mintToken } from '../shared/identity';
import { sampleIds } from '../shared/sample-ids';
import { SUBGRAPHS } from '../subgraphs';
import { writeChart } from './chart';
import { fmt, percentile, progressBar, scratchDatabase } from './util';

/**
 * `npm run bench -- --scale`: how the first page of a list, a name search and the funding totals
 * grow with the data. Cities grow 1 k -> 100 k and funding activities 1 k -> 1 M (sizes from
 * BENCH_SCALE_CITIES and BENCH_SCALE_ACTIVITIES, comma-separated), bulk-inserted by SQL
 * (generate_series, in chunks, with a progress bar), then each query is sent BENCH_SCALE_SAMPLES
 * times, one at a time, to the subgraph directly (development mode) and its p95 printed per size.
 * Then a meeting's agenda grows 10 -> 1,000 items (BENCH_SCALE_AGENDA) and adding and moving an
 * item are timed the same way.
 */
const sizes = (name: string, fallback: string) =>
  (process.env[name] ?? fallback)
    .split(',')
    .map(Number)
    .filter((n) => n > 0)
    .sort((a, b) => a - b);
const SECRET = 'bench-secret-bench-secret-bench-secret-bench';
const CHUNK = 20_000;

export const SCALE_QUERIES = {
  cities: {
    'cities: first page': '{ cities(first: 20) { nodes { id name countryCode } pageInfo { endCursor } } }',
    'cities: next page': null as string | null, // filled with the first page's cursor
    'cities: country filter': '{ cities(country: "NO", first: 20) { nodes { id name } } }',
    'cities: name search': '{ cities(search: "city 00042", first: 20) { nodes { id name } } }',
  },
  funding: {
    'activities: first page (newest)': '{ fundingActivities(first: 20) { nodes { id identifier } } }',
    'activities: first page (largest budget)': '{ fundingActivities(first: 20, orderBy: BUDGET_DESC) { nodes { id identifier } } }',
    'activities: city filter': null as string | null, // filled with a real city id
    'activities: name search': '{ fundingActivities(first: 20, filter: { search: "activity 00042" }) { nodes { id identifier } } }',
    'activities: totals': '{ fundingAggregates { activityCount totals { currency budgeted committed disbursed spent } } }',
    'activities: totals, theme filter':
      '{ fundingAggregates(filter: { themes: [HOUSING] }) { activityCount totals { currency committed disbursed spent } byStatus { status count } } }',
  },
};

async function post(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as any;
  if (response.status !== 200 || body.errors) throw new Error(`${query}: ${JSON.stringify(body).slice(0, 400)}`);
  return body.data;
}

async function p95Of(url: string, query: string, samples: number) {
  for (let i = 0; i < 5; i++) await post(url, query); // warm: plan cache, connection, the JIT of a new process
  const timings: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await post(url, query);
    timings.push(performance.now() - t0);
  }
  return { p50: percentile(timings, 50), p95: percentile(timings, 95) };
}

/** p50 and p95 of one write, each followed by an untimed one that puts things back (`undo`). */
async function writeTimings(samples: number, write: () => Promise<unknown>, undo: (result: any) => Promise<unknown>) {
  await undo(await write()); // warm
  const timings: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    const result = await write();
    timings.push(performance.now() - t0);
    await undo(result);
  }
  return { p50: percentile(timings, 50), p95: percentile(timings, 95) };
}

async function execute(subgraph: RunningSubgraph, sql: string, params: unknown[] = []) {
  return subgraph.database.orm.em.getConnection().execute(sql, params, 'all');
}

async function growCities(subgraph: RunningSubgraph, from: number, to: number) {
  const bar = progressBar(`cities ${from.toLocaleString('en')} -> ${to.toLocaleString('en')}`, to - from);
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK) - 1;
    await execute(
      subgraph,
      `insert into city (id, slug, name, country_code, population, languages)
       select gen_random_uuid(), 'scale-city-' || i, 'Synthetic city ' || lpad(i::text, 6, '0'),
         (array['NO','SE','DK','FI','DE','AT','BE','NL','TR','GR','IT','ES'])[1 + (i * 7) % 12], 5000 + (i * 7919) % 2000000, '{en}'
       from generate_series(?::int, ?::int) i`,
      [start, end],
    );
    bar.update(end + 1 - from);
  }
  bar.done();
  await execute(subgraph, 'analyze city');
}

async function growActivities(subgraph: RunningSubgraph, from: number, to: number, cityIds: string[]) {
  const bar = progressBar(`funding activities ${from.toLocaleString('en')} -> ${to.toLocaleString('en')}`, to - from);
  const cities = `{${cityIds.join(',')}}`;
  for (let start = from; start < to; start += CHUNK) {
    const end = Math.min(to, start + CHUNK) - 1;
    await execute(
      subgraph,
      `with src as (
         select i, gen_random_uuid() as id, make_date(2016 + i % 11, 1 + i % 12, 1) as start,
           (array['EUR','EUR','EUR','NOK','SEK'])[1 + i % 5] as currency, ?::text[] as cities
         from generate_series(?::int, ?::int) i
       ), activity as (
         insert into funding_activity (id, identifier, title, status, planned_start, planned_end, start_date, end_date, pillar, themes,
           recipient_countries, participating_city_ids, recipient_city_ids, default_currency, budget_total, published, published_at, illustrative, search_text)
         select id, 'XI-SCALE-' || lpad(i::text, 7, '0'), jsonb_build_object('en', jsonb_build_object('text', 'Synthetic activity ' || lpad(i::text, 7, '0'))),
           (array['PIPELINE','IMPLEMENTATION','FINALISATION','CLOSED','CANCELLED','SUSPENDED'])[1 + i % 6], start, start + 730, start, start + 730,
           (array['INFORMATION_EXCHANGE','FUNDING','CAPACITY_BUILDING','RELOCATION_PLEDGES'])[1 + i % 4],
           array[(array['HOUSING','EDUCATION','EMPLOYMENT','HEALTH'])[1 + i % 4]], array[(array['NO','SE','DK','TR'])[1 + i % 4]],
           array[cities[1 + (i::bigint * 7919) % cardinality(cities)]], array[cities[1 + (i::bigint * 104729) % cardinality(cities)]],
           currency, 1000 + (i::bigint * 37) % 500000, true, start, true,
           lower('xi-scale-' || lpad(i::text, 7, '0') || E'\\n' || 'synthetic activity ' || lpad(i::text, 7, '0'))
         from src returning id, start_date, default_currency, budget_total
       ), budget as (
         insert into budget (id, activity_id, type, status, period_start, period_end, amount, currency)
         select gen_random_uuid(), id, 'ORIGINAL', 'COMMITTED', start_date, start_date + 730, budget_total, default_currency from activity
       )
       insert into activity_transaction (id, activity_id, type, transaction_date, amount, currency)
       select gen_random_uuid(), a.id, (array['OUTGOING_COMMITMENT','DISBURSEMENT','EXPENDITURE'])[t], a.start_date, a.budget_total / (t + 1), a.default_currency
       from activity a cross join generate_series(1, 3) t where (hashtext(a.id::text) & 3) >= t`,
      [cities, start, end],
    );
    bar.update(end + 1 - from);
  }
  bar.done();
  await execute(subgraph, 'analyze funding_activity; analyze budget; analyze activity_transaction');
}

async function growAgenda(subgraph: RunningSubgraph, meetingId: string, from: number, to: number) {
  await execute(
    subgraph,
    `insert into agenda_item (id, meeting_id, rank, kind, title, speaker_data)
     select gen_random_uuid(), ?, i, 'SPEECH', jsonb_build_object('en', jsonb_build_object('text', 'Item ' || i)), '[]'::jsonb
     from generate_series(?::int, ?::int) i`,
    [meetingId, from + 1, to],
  );
  await execute(subgraph, 'analyze agenda_item');
}

const ADD_ITEM = `mutation($m: ID!) { addAgendaItem(meetingId: $m, input: { kind: SPEECH, title: [{ locale: "en", text: "Added" }] }) { id number } }`;
const RECORD_TRANSACTION = `mutation($id: ID!) { recordTransaction(activityId: $id,
  input: { type: DISBURSEMENT, transactionDate: "2026-01-15", value: { amount: "1000.00", currency: "EUR" } }) { id } }`;
const DELETE_TRANSACTION = `mutation($id: ID!) { deleteTransaction(id: $id) { id } }`;
const REMOVE_ITEM = `mutation($id: ID!) { removeAgendaItem(id: $id) { id } }`;
const MOVE_ITEM = `mutation($id: ID!, $p: Int!) { updateAgendaItem(id: $id, input: { position: $p }) { id number } }`;

export async function runScale() {
  const citySizes = sizes('BENCH_SCALE_CITIES', '1000,10000,100000');
  const activitySizes = sizes('BENCH_SCALE_ACTIVITIES', '1000,10000,100000,1000000');
  const agendaSizes = sizes('BENCH_SCALE_AGENDA', '10,100,1000');
  const samples = Number(process.env.BENCH_SCALE_SAMPLES ?? 30);
  const serverUrl = process.env.DATABASE_URL;
  const scratch = serverUrl ? await scratchDatabase(serverUrl, 'hub_bench_scale') : null;
  const running: RunningSubgraph[] = [];
  // a server still answering a long query must not keep the scratch database alive: 10 s at most
  const bounded = (work: Promise<unknown>) =>
    Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  const cleanup = async () => {
    for (const s of running.reverse()) {
      await bounded(s.server.close());
      await bounded(s.database.close());
    }
    await scratch?.drop();
  };
  const interrupted = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const database = scratch ? 'server' : 'embedded';
  const rows: { table: string; size: number; query: string; p50: number; p95: number }[] = [];
  try {
    console.log(
      `database: ${scratch ? `PostgreSQL server, scratch database ${scratch.name}` : 'embedded PGlite (in memory)'}; ${samples} sequential requests per query and size, to the subgraph directly (development mode)`,
    );
    const start = async (name: string) => {
      const definition = SUBGRAPHS.find((s) => s.name === name)!;
      const subgraph = await startSubgraph(definition, {
        dataDir: ':memory:',
        seed: 'never',
        host: '127.0.0.1',
        internalSecret: SECRET,
        devMode: true,
        databaseUrl: scratch?.url,
        port: 0,
        verifyBearer: bearerVerifier({ secret: SECRET }),
      });
      running.push(subgraph);
      return subgraph;
    };
    const record = (table: string, size: number, query: string, { p50, p95 }: { p50: number; p95: number }) => {
      rows.push({ table, size, query, p50, p95 });
      console.log(
        `  ${size.toLocaleString('en').padStart(9)} ${query.padEnd(42)} p50 ${fmt(p50).padStart(7)} ms  p95 ${fmt(p95).padStart(7)} ms`,
      );
    };
    const measure = async (subgraph: RunningSubgraph, table: string, size: number, queries: Record<string, string | null>) => {
      for (const [name, query] of Object.entries(queries)) {
        if (query) record(table, size, name, await p95Of(subgraph.server.url, query, samples));
      }
    };

    const cities = await start('cities');
    let have = 0;
    for (const size of citySizes) {
      await growCities(cities, have, size);
      have = size;
      const first = await post(cities.server.url, SCALE_QUERIES.cities['cities: first page']);
      const queries = {
        ...SCALE_QUERIES.cities,
        'cities: next page': `{ cities(first: 20, after: "${first.cities.pageInfo.endCursor}") { nodes { id name } } }`,
      };
      await measure(cities, 'cities', size, queries);
    }
    const cityIds = (await execute(cities, 'select id from city order by name limit 1000')).map((r: any) => r.id as string);

    const admin = await mintToken(SECRET, { subject: 'bench-admin', roles: ['admin'] });
    const funding = await start('funding');
    have = 0;
    for (const size of activitySizes) {
      await growActivities(funding, have, size, cityIds);
      have = size;
      const queries = {
        ...SCALE_QUERIES.funding,
        'activities: city filter': `{ fundingActivities(first: 20, filter: { city: "${cityIds[3]}" }) { nodes { id identifier } } }`,
      };
      await measure(funding, 'funding activities', size, queries);
      // a write keeps the totals (rollups) in its own transaction: its cost must not grow with the data
      const [activity] = await execute(funding, 'select id from funding_activity order by id limit 1');
      record(
        'funding activities',
        size,
        'activities: record a transaction',
        await writeTimings(
          samples,
          () => post(funding.server.url, RECORD_TRANSACTION, { id: activity.id }, admin),
          (result) => post(funding.server.url, DELETE_TRANSACTION, { id: result.recordTransaction.id }, admin),
        ),
      );
    }

    // the agenda of one meeting, 10 -> 1,000 items: adding an item at the end, moving the last
    // item to the top (every sibling's number changes when read), through the subgraph as an admin
    const meetings = await start('meetings');
    const as = (query: string, variables: Record<string, unknown>) => post(meetings.server.url, query, variables, admin);
    const { createMeeting: meeting } = await as(`mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`, {
      input: {
        title: [{ locale: 'en', text: 'A long agenda' }],
        organiserIds: [sampleIds.organisation('unhcr')],
        startsAt: new Date().toISOString(),
      },
    });
    have = 0;
    for (const size of agendaSizes) {
      await growAgenda(meetings, meeting.id, have, size);
      have = size;
      const [last] = await execute(
        meetings,
        'select id from agenda_item where meeting_id = ? and deleted_at is null order by rank desc limit 1',
        [meeting.id],
      );
      record(
        'agenda items',
        size,
        'agenda: add an item at the end',
        await writeTimings(
          samples,
          () => as(ADD_ITEM, { m: meeting.id }),
          (result) => as(REMOVE_ITEM, { id: result.addAgendaItem.id }),
        ),
      );
      record(
        'agenda items',
        size,
        'agenda: move the last item to the top',
        await writeTimings(
          samples,
          () => as(MOVE_ITEM, { id: last.id, p: 1 }),
          () => as(MOVE_ITEM, { id: last.id, p: size }),
        ),
      );
    }

    console.log('\np95 (ms) per size, and the ratio of the largest size to the smallest');
    for (const query of [...new Set(rows.map((r) => r.query))]) {
      const of = rows.filter((r) => r.query === query);
      const ratio = of[of.length - 1].p95 / of[0].p95;
      console.log(
        `  ${query.padEnd(42)} ${of.map((r) => `${r.size.toLocaleString('en')}: ${fmt(r.p95)}`).join('  ')}   (x${fmt(ratio, 2)})`,
      );
    }
    const directory = join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(directory, { recursive: true });
    const base = join(directory, `scale-${database}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    writeFileSync(
      `${base}.json`,
      JSON.stringify({ kind: 'scale', date: new Date().toISOString(), database, node: process.version, samples, rows }, null, 2),
    );
    writeChart(
      `${base}.svg`,
      `Intercity Hub at scale (${database} database): p95 per size`,
      [...new Set(rows.map((r) => r.query))].map((query) => ({
        group: query,
        bars: rows
          .filter((r) => r.query === query)
          .map((r) => ({ label: `${r.size.toLocaleString('en')} rows`, value: r.p95, note: `p50 ${fmt(r.p50)} ms` })),
      })),
      'p95 latency in ms (lower is better)',
    );
    console.log(`\nwritten: ${base}.json and ${base}.svg`);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanup();
  }
}
