import type { Request, Response } from 'express';
import { badRequest, ExportError, notFound, type RunQuery } from './graphql';

/**
 * OParl 1.1 (https://schema.oparl.org/1.1/): a System with one Body per city; Meetings, AgendaItems,
 * Persons (the speakers of agenda items) and Papers (declarations) per body; the hub's organisations.
 * Lists are pages of `data` with `pagination` and `links.next`; `modified_since` turns a list into the
 * hub's change feed, deleted objects included as `deleted: true` with only id, type, created, modified.
 */
const SCHEMA = 'https://schema.oparl.org/1.1/';
const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;
/** Meetings carry their agenda, speakers and outcomes: fewer per page keeps the query inside the cost limit. */
const MAX_MEETING_PAGE = 30;
const STARTED = new Date().toISOString();

type Json = Record<string, unknown>;
interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface Connection<N> {
  /** Null for lists derived from pages of meetings, whose length is not known in advance. */
  totalCount: number | null;
  nodes: N[];
  pageInfo: PageInfo;
}

const param = (req: Request, name: string) => String(req.params[name]);

export function oparlBase(req: Request) {
  return `${req.protocol}://${req.get('host')}${req.baseUrl}/oparl`;
}

const compact = (object: Json): Json => Object.fromEntries(Object.entries(object).filter(([, v]) => v !== null && v !== undefined));

function tombstone(type: string, id: string, node: { createdAt: string; updatedAt: string; deletedAt?: string | null }) {
  return { id, type: SCHEMA + type, created: node.createdAt, modified: node.deletedAt ?? node.updatedAt, deleted: true };
}

/** The list parameters of OParl: the four date filters, elementsPerPage, and our page cursor. */
interface ListParams {
  modifiedSince: Date | null;
  modifiedUntil: Date | null;
  createdSince: Date | null;
  createdUntil: Date | null;
  first: number;
  after: string | null;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function dateParam(req: Request, name: string): Date | null {
  const raw = req.query[name];
  if (raw === undefined) return null;
  const value = typeof raw === 'string' ? raw : '';
  const date = DATE_TIME.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw badRequest(`"${name}" must be a date-time such as 2026-01-01T00:00:00Z, not "${value.slice(0, 40)}".`, name);
  }
  return date;
}

function listParams(req: Request, max = MAX_PAGE): ListParams {
  const per = req.query.elementsPerPage;
  let first = Math.min(DEFAULT_PAGE, max);
  if (per !== undefined) {
    const n = typeof per === 'string' && /^\d{1,4}$/.test(per) ? Number(per) : NaN;
    if (!Number.isInteger(n) || n < 1) throw badRequest('"elementsPerPage" must be a whole number of 1 or more.', 'elementsPerPage');
    first = Math.min(n, max);
  }
  const after = req.query.page;
  if (after !== undefined && (typeof after !== 'string' || after.length === 0 || after.length > 2000)) {
    throw badRequest('"page" must be a page link this list returned.', 'page');
  }
  return {
    modifiedSince: dateParam(req, 'modified_since'),
    modifiedUntil: dateParam(req, 'modified_until'),
    createdSince: dateParam(req, 'created_since'),
    createdUntil: dateParam(req, 'created_until'),
    first,
    after: (after as string | undefined) ?? null,
  };
}

/** This list page's URL with another cursor: every filter the client gave is kept. */
function pageUrl(req: Request, after: string | null) {
  const url = new URL(`${req.protocol}://${req.get('host')}${req.originalUrl}`);
  if (after) url.searchParams.set('page', after);
  else url.searchParams.delete('page');
  return url.toString();
}

interface Stamped {
  createdAt: string;
  updatedAt: string;
  deletedAt?: string | null;
}

/**
 * Answers one list page. `items` maps the GraphQL page to OParl objects, each with its timestamps for
 * the created/modified filters. With `modified_until`, a change feed stops at the first later change.
 */
function sendList(
  req: Request,
  res: Response,
  params: ListParams,
  connection: Connection<unknown>,
  items: { stamp: Stamped; object: Json }[],
) {
  const inWindow = ({ stamp }: { stamp: Stamped }) => {
    const created = new Date(stamp.createdAt);
    const modified = new Date(stamp.deletedAt ?? stamp.updatedAt);
    return (
      (!params.createdSince || created >= params.createdSince) &&
      (!params.createdUntil || created <= params.createdUntil) &&
      (!params.modifiedSince || modified >= params.modifiedSince) &&
      (!params.modifiedUntil || modified <= params.modifiedUntil)
    );
  };
  const pastUntil =
    params.modifiedSince != null &&
    params.modifiedUntil != null &&
    items.some(({ stamp }) => new Date(stamp.deletedAt ?? stamp.updatedAt) > params.modifiedUntil!);
  const hasNext = connection.pageInfo.hasNextPage && !!connection.pageInfo.endCursor && !pastUntil;
  const links: Json = { first: pageUrl(req, null), self: pageUrl(req, params.after) };
  if (hasNext) links.next = pageUrl(req, connection.pageInfo.endCursor);
  res.status(200).json({
    data: items.filter(inWindow).map((i) => i.object),
    // the created_* and modified_until filters narrow a page after it is read: no total then
    pagination:
      connection.totalCount === null || params.createdSince || params.createdUntil || params.modifiedUntil
        ? {}
        : { totalElements: connection.totalCount, elementsPerPage: params.first },
    links,
  });
}

/** A cursor the subgraph refuses came from our `page` parameter: name that parameter. */
export function listRunner(run: RunQuery): RunQuery {
  return async <T>(query: string, variables?: Record<string, unknown>) => {
    try {
      return await run<T>(query, variables);
    } catch (error) {
      if (error instanceof ExportError && error.field === 'after')
        throw badRequest('"page" must be a page link this list returned.', 'page');
      throw error;
    }
  };
}

const feedArgs = (params: ListParams) => ({
  first: params.first,
  after: params.after,
  changedSince: params.modifiedSince?.toISOString() ?? null,
});

// ---- objects ----------------------------------------------------------------------------------

const TRANSLATED_TEXT = 'text';
const STAMPS = 'id createdAt updatedAt deletedAt deleted';

interface CityNode extends Stamped {
  id: string;
  deleted: boolean;
  name: string;
  slug: string;
  countryCode: string;
  website: string | null;
}
const CITY_FIELDS = `${STAMPS} name slug countryCode website`;

function body(base: string, c: CityNode): Json {
  const id = `${base}/body/${c.id}`;
  if (c.deleted) return tombstone('Body', id, c);
  return compact({
    id,
    type: SCHEMA + 'Body',
    system: `${base}/system`,
    shortName: c.slug,
    name: c.name,
    website: c.website,
    classification: 'municipality',
    organization: `${base}/organizations`,
    person: `${base}/body/${c.id}/people`,
    meeting: `${base}/body/${c.id}/meetings`,
    paper: `${base}/body/${c.id}/papers`,
    agendaItem: `${base}/body/${c.id}/agenda-items`,
    legislativeTerm: [],
    created: c.createdAt,
    modified: c.updatedAt,
    deleted: false,
  });
}

interface OrgNode extends Stamped {
  id: string;
  deleted: boolean;
  name: string;
  acronym: string | null;
  kind: string;
  website: string | null;
  seatCity: { id: string } | null;
}
const ORG_FIELDS = `${STAMPS} name acronym kind website seatCity { id }`;

function organization(base: string, o: OrgNode): Json {
  const id = `${base}/organization/${o.id}`;
  if (o.deleted) return tombstone('Organization', id, o);
  return compact({
    id,
    type: SCHEMA + 'Organization',
    body: o.seatCity ? `${base}/body/${o.seatCity.id}` : null,
    name: o.name,
    shortName: o.acronym,
    organizationType: 'Sonstiges',
    classification: o.kind,
    website: o.website,
    created: o.createdAt,
    modified: o.updatedAt,
    deleted: false,
  });
}

interface SpeakerNode {
  name: string;
  role: { text: string } | null;
  organisation: { id: string } | null;
}
interface AgendaNode extends Stamped {
  id: string;
  number: string;
  kind: string;
  public: boolean;
  startsAt: string | null;
  title: { text: string };
  speakers: SpeakerNode[];
  outcomes: { current: boolean; text: { text: string } }[];
}
interface MeetingNode extends Stamped {
  id: string;
  deleted: boolean;
  status: string;
  startsAt: string | null;
  endsAt: string | null;
  venueName: string | null;
  title: { text: string };
  venueCity: { id: string; name: string } | null;
  organisers: { id: string }[];
  agenda: AgendaNode[];
  minutes: { text: { text: string } } | null;
}
const MEETING_FIELDS = `${STAMPS} status startsAt endsAt venueName title { ${TRANSLATED_TEXT} } venueCity { id name } organisers { id }
  minutes { text { text } }
  agenda(flat: true) { id createdAt updatedAt number kind public startsAt title { text }
    speakers { name role { text } organisation { id } } outcomes { current text { text } } }`;

const slug = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '') || 'speaker';

const personId = (base: string, meetingId: string, speaker: SpeakerNode) => `${base}/meeting/${meetingId}/person/${slug(speaker.name)}`;

function agendaItem(base: string, m: MeetingNode, item: AgendaNode, order: number): Json {
  const resolutions = item.outcomes.filter((o) => o.current).map((o) => o.text.text);
  return compact({
    id: `${base}/meeting/${m.id}/agenda-item/${item.id}`,
    type: SCHEMA + 'AgendaItem',
    meeting: `${base}/meeting/${m.id}`,
    number: item.number,
    order,
    name: item.title.text,
    public: item.public,
    resolutionText: resolutions.length ? resolutions.join('\n\n') : null,
    start: item.startsAt,
    keyword: [item.kind.toLowerCase()],
    created: item.createdAt,
    modified: item.updatedAt,
  });
}

const MEETING_STATE: Record<string, string> = { PUBLISHED: 'scheduled', HELD: 'held', CLOSED: 'closed', CANCELLED: 'cancelled' };

function meeting(base: string, m: MeetingNode): Json {
  const id = `${base}/meeting/${m.id}`;
  if (m.deleted) return tombstone('Meeting', id, m);
  const people = new Map<string, true>();
  for (const item of m.agenda) for (const s of item.speakers) people.set(personId(base, m.id, s), true);
  const place = [m.venueName, m.venueCity?.name].filter(Boolean).join(', ');
  return compact({
    id,
    type: SCHEMA + 'Meeting',
    name: m.title.text,
    meetingState: MEETING_STATE[m.status] ?? m.status.toLowerCase(),
    cancelled: m.status === 'CANCELLED',
    start: m.startsAt,
    end: m.endsAt,
    location: place ? { id: `${id}#location`, type: SCHEMA + 'Location', description: place, locality: m.venueCity?.name ?? null } : null,
    organization: m.organisers.map((o) => `${base}/organization/${o.id}`),
    participant: [...people.keys()],
    agendaItem: m.agenda.map((item, i) => agendaItem(base, m, item, i + 1)),
    created: m.createdAt,
    modified: m.updatedAt,
    deleted: false,
  });
}

function speakers(base: string, m: MeetingNode, bodyId: string | null): Json[] {
  const seen = new Map<string, Json>();
  for (const item of m.agenda) {
    for (const s of item.speakers) {
      const id = personId(base, m.id, s);
      if (seen.has(id)) continue;
      seen.set(
        id,
        compact({
          id,
          type: SCHEMA + 'Person',
          body: bodyId ? `${base}/body/${bodyId}` : m.venueCity ? `${base}/body/${m.venueCity.id}` : null,
          name: s.name,
          status: s.role ? [s.role.text] : null,
          membership: s.organisation
            ? [
                {
                  id: `${id}#membership`,
                  type: SCHEMA + 'Membership',
                  organization: `${base}/organization/${s.organisation.id}`,
                  role: s.role?.text ?? null,
                  created: m.createdAt,
                  modified: m.updatedAt,
                },
              ].map(compact)
            : null,
          created: m.createdAt,
          modified: m.updatedAt,
          deleted: false,
        }),
      );
    }
  }
  return [...seen.values()];
}

interface DeclarationNode extends Stamped {
  id: string;
  deleted: boolean;
  kind: string;
  title: { text: string };
  adoptedOn: string | null;
  signatories: { city: { id: string } | null; organisation: { id: string } | null }[];
}
const DECLARATION_FIELDS = `${STAMPS} kind title { text } adoptedOn signatories { city { id } organisation { id } }`;

function paper(base: string, d: DeclarationNode, bodyId: string | null): Json {
  const id = `${base}/paper/${d.id}`;
  if (d.deleted) return tombstone('Paper', id, d);
  return compact({
    id,
    type: SCHEMA + 'Paper',
    body: bodyId ? `${base}/body/${bodyId}` : null,
    name: d.title.text,
    date: d.adoptedOn,
    paperType: d.kind.toLowerCase().replace(/_/g, ' '),
    originatorOrganization: d.signatories.filter((s) => s.organisation).map((s) => `${base}/organization/${s.organisation!.id}`),
    created: d.createdAt,
    modified: d.updatedAt,
    deleted: false,
  });
}

// ---- handlers -----------------------------------------------------------------------------------

export async function system(_run: RunQuery, req: Request, res: Response) {
  const base = oparlBase(req);
  res.json({
    id: `${base}/system`,
    type: SCHEMA + 'System',
    oparlVersion: SCHEMA,
    name: 'Intercity Hub',
    body: `${base}/bodies`,
    website: `${req.protocol}://${req.get('host')}/graphql`,
    created: STARTED,
    modified: STARTED,
  });
}

/** An OParl list over one of the gateway's root connections (`cities`, `organisations`), as a sync feed. */
async function rootList<N extends Stamped>(
  run: RunQuery,
  req: Request,
  res: Response,
  field: string,
  fields: string,
  toObject: (base: string, node: N) => Json,
) {
  const params = listParams(req);
  const data = await listRunner(run)<Record<string, Connection<N>>>(
    `query ($first: Int, $after: String, $changedSince: DateTimeISO) { ${field}(first: $first, after: $after, changedSince: $changedSince) {
      totalCount pageInfo { hasNextPage endCursor } nodes { ${fields} } } }`,
    feedArgs(params),
  );
  const base = oparlBase(req);
  const list = data[field];
  sendList(
    req,
    res,
    params,
    list,
    list.nodes.map((node) => ({ stamp: node, object: toObject(base, node) })),
  );
}

export const bodies = (run: RunQuery, req: Request, res: Response) => rootList<CityNode>(run, req, res, 'cities', CITY_FIELDS, body);

export async function oneBody(run: RunQuery, req: Request, res: Response) {
  const data = await run<{ city: CityNode }>(`query ($id: ID) { city(id: $id) { ${CITY_FIELDS} } }`, { id: param(req, 'id') });
  res.json(body(oparlBase(req), data.city));
}

export const organizations = (run: RunQuery, req: Request, res: Response) =>
  rootList<OrgNode>(run, req, res, 'organisations', ORG_FIELDS, organization);

export async function oneOrganization(run: RunQuery, req: Request, res: Response) {
  const data = await run<{ organisation: OrgNode }>(`query ($id: ID) { organisation(id: $id) { ${ORG_FIELDS} } }`, {
    id: param(req, 'id'),
  });
  res.json(organization(oparlBase(req), data.organisation));
}

async function bodyMeetings(run: RunQuery, req: Request, params: ListParams) {
  const data = await run<{ meetings: Connection<MeetingNode> }>(
    `query ($first: Int, $after: String, $changedSince: DateTimeISO, $city: ID) {
      meetings(first: $first, after: $after, changedSince: $changedSince, city: $city) {
        totalCount pageInfo { hasNextPage endCursor } nodes { ${MEETING_FIELDS} } } }`,
    { ...feedArgs(params), city: param(req, 'id') },
  );
  return data.meetings;
}

export async function meetings(run: RunQuery, req: Request, res: Response) {
  const params = listParams(req, MAX_MEETING_PAGE);
  run = listRunner(run);
  const connection = await bodyMeetings(run, req, params);
  const base = oparlBase(req);
  sendList(
    req,
    res,
    params,
    connection,
    connection.nodes.map((m) => ({ stamp: m, object: meeting(base, m) })),
  );
}

/** Agenda items of the body's meetings, a page of meetings at a time (OParl 1.1 Body.agendaItem). */
export async function agendaItems(run: RunQuery, req: Request, res: Response) {
  const params = listParams(req, MAX_MEETING_PAGE);
  run = listRunner(run);
  const connection = await bodyMeetings(run, req, params);
  const base = oparlBase(req);
  const items = connection.nodes.flatMap((m) =>
    m.deleted ? [] : m.agenda.map((item, i) => ({ stamp: item as Stamped, object: agendaItem(base, m, item, i + 1) })),
  );
  sendList(req, res, params, { ...connection, totalCount: null }, items);
}

/** The speakers of the body's meetings, a page of meetings at a time. */
export async function people(run: RunQuery, req: Request, res: Response) {
  const params = listParams(req, MAX_MEETING_PAGE);
  run = listRunner(run);
  const connection = await bodyMeetings(run, req, params);
  const base = oparlBase(req);
  const items = connection.nodes.flatMap((m) =>
    m.deleted ? [] : speakers(base, m, param(req, 'id')).map((object) => ({ stamp: m as Stamped, object })),
  );
  sendList(req, res, params, { ...connection, totalCount: null }, items);
}

export async function papers(run: RunQuery, req: Request, res: Response) {
  const params = listParams(req);
  run = listRunner(run);
  const data = await run<{ declarations: Connection<DeclarationNode> }>(
    `query ($first: Int, $after: String, $changedSince: DateTimeISO, $signatory: ID) {
      declarations(first: $first, after: $after, changedSince: $changedSince, signatory: $signatory) {
        totalCount pageInfo { hasNextPage endCursor } nodes { ${DECLARATION_FIELDS} } } }`,
    { ...feedArgs(params), signatory: param(req, 'id') },
  );
  const base = oparlBase(req);
  sendList(
    req,
    res,
    params,
    data.declarations,
    data.declarations.nodes.map((d) => ({ stamp: d, object: paper(base, d, param(req, 'id')) })),
  );
}

async function oneMeetingNode(run: RunQuery, id: string) {
  return (await run<{ meeting: MeetingNode }>(`query ($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} } }`, { id })).meeting;
}

export async function oneMeeting(run: RunQuery, req: Request, res: Response) {
  res.json(meeting(oparlBase(req), await oneMeetingNode(run, param(req, 'id'))));
}

export async function oneAgendaItem(run: RunQuery, req: Request, res: Response) {
  const m = await oneMeetingNode(run, param(req, 'id'));
  const index = m.agenda.findIndex((i) => i.id === param(req, 'item'));
  if (index < 0) throw notFound('No such agenda item.');
  res.json(agendaItem(oparlBase(req), m, m.agenda[index], index + 1));
}

export async function onePerson(run: RunQuery, req: Request, res: Response) {
  const m = await oneMeetingNode(run, param(req, 'id'));
  const base = oparlBase(req);
  const person = speakers(base, m, null).find((p) => p.id === `${base}/meeting/${m.id}/person/${param(req, 'person')}`);
  if (!person) throw notFound('No such person.');
  res.json(person);
}

export async function onePaper(run: RunQuery, req: Request, res: Response) {
  const data = await run<{ declaration: DeclarationNode }>(`query ($id: ID!) { declaration(id: $id) { ${DECLARATION_FIELDS} } }`, {
    id: param(req, 'id'),
  });
  res.json(paper(oparlBase(req), data.declaration, null));
}
