import { randomUUID } from 'node:crypto';
import { cities, meetings } from '../subgraphs/catalog';
import { sampleIds } from '../shared/sample-ids';
import { schemaDrift } from '../shared/database';
import { codes, startTestHub, type GraphQLResult, type TestHub } from './helpers';

const UNHCR = sampleIds.organisation('unhcr');
const WALD = sampleIds.organisation('wald');
const KS = sampleIds.organisation('ks');
const TBB = sampleIds.organisation('union-of-municipalities-of-turkey');
const ISTANBUL = sampleIds.city('istanbul');
const PLATFORM = sampleIds.network('turkey-inter-municipal-coordination-platform');
const KS_NETWORK = sampleIds.network('ks-storbynettverk');
const SEEDED_MEETING = sampleIds.meeting('turkey-platform-iii-2019');
const DECLARATION_2018 = sampleIds.declaration('turkey-platform-declaration-2018');
const KS_LETTER = sampleIds.declaration('ks-storbynettverk-position-letter-2020');

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();
const en = (text: string) => [{ locale: 'en', text }];

let hub: TestHub;
let tokens: {
  admin: string;
  unhcr: string;
  unhcr2: string;
  wald: string;
  ks: string;
  istanbul: string;
  oslo: string;
  funder: string;
};

beforeAll(async () => {
  hub = await startTestHub([cities, meetings]);
  tokens = {
    admin: await hub.token({ roles: ['admin'] }),
    unhcr: await hub.token({ roles: ['organiser'], organisationId: UNHCR }),
    unhcr2: await hub.token({ roles: ['organiser'], organisationId: UNHCR }),
    wald: await hub.token({ roles: ['organiser'], organisationId: WALD }),
    ks: await hub.token({ roles: ['organiser'], organisationId: KS }),
    istanbul: await hub.token({ roles: ['municipality'], cityId: ISTANBUL }),
    oslo: await hub.token({ roles: ['municipality'], cityId: sampleIds.city('oslo') }),
    funder: await hub.token({ roles: ['funder'], organisationId: KS }),
  };
});
afterAll(() => hub?.close());

/** Data of a result that must have succeeded. */
function ok<T = any>(result: GraphQLResult<T>): T {
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

const MEETING_FIELDS = `id version status agendaRevision title { text } startsAt`;

async function createMeeting(token: string, input: Record<string, unknown> = {}) {
  const result = await hub.query(
    `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { ${MEETING_FIELDS} } }`,
    { input: { title: en('Coordination meeting'), timeZone: 'Europe/Istanbul', ...input } },
    { token },
  );
  return ok(result).createMeeting as { id: string; version: number; status: string; agendaRevision: number };
}

async function addItem(token: string, meetingId: string, input: Record<string, unknown> = {}, expectedVersion?: number) {
  return hub.query(
    `mutation($m: ID!, $input: CreateAgendaItemInput!, $v: Int) { addAgendaItem(meetingId: $m, input: $input, expectedVersion: $v) { id number position version } }`,
    { m: meetingId, input: { kind: 'SPEECH', title: en('Speech'), ...input }, v: expectedVersion },
    { token },
  );
}

const publish = (token: string | undefined, id: string) =>
  hub.query(`mutation($id: ID!) { publishMeeting(id: $id) { ${MEETING_FIELDS} } }`, { id }, { token });
const close = (token: string | undefined, id: string) =>
  hub.query(`mutation($id: ID!) { closeMeeting(id: $id) { ${MEETING_FIELDS} } }`, { id }, { token });
const recordOutcome = (token: string | undefined, meetingId: string, input: Record<string, unknown> = {}) =>
  hub.query(
    `mutation($m: ID!, $input: RecordOutcomeInput!) { recordOutcome(meetingId: $m, input: $input) { id version kind text { text } corrects { id } } }`,
    { m: meetingId, input: { kind: 'DECISION', text: en('We agree.'), ...input } },
    { token },
  );
const recordMinutes = (token: string | undefined, meetingId: string, input: Record<string, unknown> = {}) =>
  hub.query(
    `mutation($m: ID!, $input: MinutesInput!) { recordMinutes(meetingId: $m, input: $input) { id version attendeeCount text { text } } }`,
    { m: meetingId, input: { text: en('Minutes.'), ...input } },
    { token },
  );

/** The meeting as its admin sees it (drafts included). */
async function adminView(id: string) {
  const result = await hub.query(
    `query($id: ID!) { meeting(id: $id) { ${MEETING_FIELDS} agenda(flat: true) { id number title { text } version }
      outcomes { id kind text { text } } minutes { id } participants { id } } }`,
    { id },
    { token: tokens.admin },
  );
  return ok(result).meeting;
}

/** A published meeting that started an hour ago, with one agenda item. */
async function startedMeeting(token = tokens.unhcr, extra: Record<string, unknown> = {}) {
  const meeting = await createMeeting(token, { startsAt: ago(HOUR), ...extra });
  ok(await addItem(token, meeting.id));
  ok(await publish(token, meeting.id));
  return meeting;
}

test('the sample data: the third meeting of the Turkish platform, with its agenda, speakers, outcome and minutes', async () => {
  const data = ok(
    await hub.query(
      `query($id: ID!) { meeting(id: $id) { edition editionNumber status timeZone timeKnown startDate startTime networkId
        title { tr: text(locale: "tr") } theme { tr: text(locale: "tr") en: translation(locale: "en") { text machineTranslated } }
        venueCity { name } organisers { acronym } participants { organisation { acronym } stakeholderType role }
        agenda { number kind title { tr: text(locale: "tr") en: text(locale: "en") } children { number kind title { en: text(locale: "en") }
          speakers { name role { tr: text(locale: "tr") en: text(locale: "en") } organisation { acronym } } } }
        outcomes { kind text { tr: text(locale: "tr") } addressedTo { en: text(locale: "en") } agendaItem { number } followUpStatus }
        minutes { attendeeCount } } }`,
      { id: SEEDED_MEETING },
    ),
  );
  const m = data.meeting;
  expect(m).toMatchObject({
    edition: 'III.',
    editionNumber: 3,
    status: 'CLOSED',
    timeZone: 'Europe/Istanbul',
    timeKnown: false,
    startDate: '2019-11-06',
    startTime: null,
    networkId: PLATFORM,
    theme: { tr: 'Mültecilerle Güçlenen Kentler', en: { text: 'Cities strengthened with refugees', machineTranslated: true } },
    venueCity: { name: 'İstanbul' },
    organisers: [{ acronym: 'UNHCR' }, { acronym: 'WALD' }],
    minutes: { attendeeCount: null },
  });
  expect(m.title.tr).toContain('III. Mülteciler Alanında Belediyeler Arası Koordinasyon');
  expect([...m.participants].sort((a: any, b: any) => a.organisation.acronym.localeCompare(b.organisation.acronym))).toEqual([
    { organisation: { acronym: 'UNHCR' }, stakeholderType: 'UN_AGENCY', role: 'CONVENER' },
    { organisation: { acronym: 'WALD' }, stakeholderType: 'NGO', role: 'CONVENER' },
  ]);
  expect(m.agenda.map((i: any) => [i.number, i.kind])).toEqual([
    ['1', 'OPENING'],
    ['2', 'PANEL'],
    ['3', 'INTERACTIVE_SESSION'],
  ]);
  expect(m.agenda[0].children.map((i: any) => i.speakers[0])).toEqual([
    {
      name: 'Jean Marie Garelli',
      role: { tr: 'UNHCR Türkiye Temsilci Yardımcısı', en: 'UNHCR Türkiye Deputy Representative' },
      organisation: { acronym: 'UNHCR' },
    },
    { name: 'Mehmet Duman', role: { tr: 'WALD Yönetim Kurulu Başkanı', en: 'WALD Chair of the Board' }, organisation: { acronym: 'WALD' } },
  ]);
  expect(m.agenda[1].children.map((i: any) => i.number)).toEqual(['2.1', '2.2', '2.3']);
  expect(m.outcomes).toHaveLength(1);
  expect(m.outcomes[0]).toMatchObject({ kind: 'RECOMMENDATION', agendaItem: { number: '1.2' }, followUpStatus: 'OPEN' });
  expect(m.outcomes[0].text.tr).toContain('Göç Birimleri');
  expect(m.outcomes[0].text.tr).toContain('Göç ve Uyum İhtisas Komisyonları');
});

test('the sample data: the 2018 declaration and the KS position letter', async () => {
  const data = ok(
    await hub.query(
      `query($d: ID!, $l: ID!) {
        d: declaration(id: $d) { kind adoptedYear networkId text { en: text(locale: "en") } signatories { organisation { acronym } city { id } note { en: text(locale: "en") } } versions { number current } }
        l: declaration(id: $l) { kind networkId title { nb: text(locale: "nb") } text { nb: text(locale: "nb") en: translation(locale: "en") { text machineTranslated } }
          recipients { role organisation { acronym } } commitments { ownerCity { name } text { en: text(locale: "en") } followUpStatus } } }`,
      { d: DECLARATION_2018, l: KS_LETTER },
    ),
  );
  expect(data.d).toMatchObject({ kind: 'DECLARATION', adoptedYear: 2018, networkId: PLATFORM, versions: [{ number: 1, current: true }] });
  expect(data.d.signatories).toEqual([expect.objectContaining({ organisation: { acronym: 'TBB' }, city: null })]);
  expect(data.d.text.en).toContain('more than 20 municipalities of the Marmara region');
  expect(data.l).toMatchObject({ kind: 'POSITION_LETTER', networkId: KS_NETWORK });
  expect(data.l.text.nb).toContain('fra 5120 til 3600');
  expect(data.l.text.nb).toContain('1300 flere bosettinger');
  expect(data.l.text.en.machineTranslated).toBe(true);
  expect(data.l.recipients).toEqual([
    { role: 'ADDRESSEE', organisation: { acronym: 'KD' } },
    { role: 'COPY', organisation: { acronym: 'KMD' } },
    { role: 'COPY', organisation: { acronym: 'SMK' } },
  ]);
  expect(data.l.commitments.map((c: any) => c.ownerCity.name)).toEqual([
    'Oslo',
    'Bergen',
    'Trondheim',
    'Stavanger',
    'Bærum',
    'Kristiansand',
    'Tromsø',
  ]);
  expect(data.l.commitments[2].text.en).toContain('115 refugees');
});

test('a network with its meetings and declarations; meetings and declarations with their network', async () => {
  const data = ok(
    await hub.query(
      `query { platform: network(slug: "turkey-inter-municipal-coordination-platform") { kind meetings { id edition network { slug } } declarations { id kind network { slug } } }
        ks: network(slug: "ks-storbynettverk") { meetings { id } declarations { id kind title { text(locale: "nb") } } } }`,
    ),
  );
  expect(data.platform.meetings).toEqual([
    { id: SEEDED_MEETING, edition: 'III.', network: { slug: 'turkey-inter-municipal-coordination-platform' } },
  ]);
  expect(data.platform.declarations).toEqual([
    { id: DECLARATION_2018, kind: 'DECLARATION', network: { slug: 'turkey-inter-municipal-coordination-platform' } },
  ]);
  expect(data.ks.meetings).toEqual([]);
  expect(data.ks.declarations).toEqual([
    {
      id: KS_LETTER,
      kind: 'POSITION_LETTER',
      title: { text: 'Bykommunene står klare til å bistå regjeringen i å bosette flere flyktninger' },
    },
  ]);
});

test('the migrations create exactly the tables the entities declare', async () => {
  // on a shared server the generator also sees the other subgraphs' schemas: judge only our own
  const otherSchema = /"(?!meetings")[a-z_]+"\.|schema if exists "(?!meetings")/;
  const drift = (await schemaDrift(hub.subgraphs.meetings.database)).split('\n').filter((line) => line.trim() && !otherSchema.test(line));
  expect(drift).toEqual([]);
});

test('the organiser workflow: draft, agenda, publish, outcomes, minutes, close', async () => {
  const draft = await createMeeting(tokens.unhcr, {
    networkId: PLATFORM,
    edition: 'IV.',
    venueCityId: ISTANBUL,
    theme: [
      { locale: 'tr', text: 'Yerel uyum' },
      { locale: 'en', text: 'Local harmonisation', machineTranslated: true },
    ],
  });
  expect(draft).toMatchObject({ status: 'DRAFT', version: 1, agendaRevision: 0 });

  // the organiser's own organisation is an organiser; the agenda nests and numbers itself
  const opening = ok(await addItem(tokens.unhcr, draft.id, { kind: 'OPENING', title: en('Opening') })).addAgendaItem;
  const speech = ok(
    await addItem(tokens.unhcr, draft.id, {
      parentId: opening.id,
      title: en('Welcome'),
      speakers: [{ name: 'A. Speaker', role: en('Deputy Representative'), organisationId: UNHCR }],
    }),
  ).addAgendaItem;
  const panel = ok(await addItem(tokens.unhcr, draft.id, { kind: 'PANEL', title: en('Panel') })).addAgendaItem;
  const first = ok(await addItem(tokens.unhcr, draft.id, { kind: 'BREAK', title: en('Coffee'), position: 1, public: false })).addAgendaItem;
  expect([speech.number, panel.number, first.number]).toEqual(['1.1', '2', '1']);
  const arranged = await adminView(draft.id);
  expect(arranged.agenda.map((i: any) => [i.number, i.title.text])).toEqual([
    ['1', 'Coffee'],
    ['2', 'Opening'],
    ['2.1', 'Welcome'],
    ['3', 'Panel'],
  ]);
  expect(arranged.agendaRevision).toBe(4);

  const scheduled = ok(
    await hub.query(
      `mutation($id: ID!, $input: UpdateMeetingInput!) { updateMeeting(id: $id, input: $input) { startTime startDate organisers { acronym } } }`,
      { id: draft.id, input: { startsAt: '2020-03-02T07:30:00Z', endsAt: '2020-03-02T15:00:00Z' } },
      { token: tokens.unhcr },
    ),
  ).updateMeeting;
  expect(scheduled).toEqual({ startTime: '10:30', startDate: '2020-03-02', organisers: [{ acronym: 'UNHCR' }] });

  const published = ok(await publish(tokens.unhcr, draft.id)).publishMeeting;
  expect(published.status).toBe('PUBLISHED');

  // the public sees the published agenda as a tree, without the internal item
  const publicView = ok(
    await hub.query(
      `query($id: ID!) { meeting(id: $id) { agenda { number title { text } children { number speakers { name organisation { acronym } } } } } }`,
      { id: draft.id },
    ),
  ).meeting;
  expect(publicView.agenda).toEqual([
    {
      number: '2',
      title: { text: 'Opening' },
      children: [{ number: '2.1', speakers: [{ name: 'A. Speaker', organisation: { acronym: 'UNHCR' } }] }],
    },
    { number: '3', title: { text: 'Panel' }, children: [] },
  ]);

  const outcome = ok(
    await recordOutcome(tokens.unhcr, draft.id, {
      kind: 'RECOMMENDATION',
      agendaItemId: panel.id,
      ownerCityId: ISTANBUL,
      dueDate: '2020-12-31',
    }),
  ).recordOutcome;
  const held = ok(await hub.query(`query($id: ID!) { meeting(id: $id) { status } }`, { id: draft.id })).meeting;
  expect(held.status).toBe('HELD');
  ok(
    await hub.query(
      `mutation($id: ID!, $input: UpdateOutcomeInput!, $v: Int) { updateOutcome(id: $id, input: $input, expectedVersion: $v) { followUpStatus } }`,
      { id: outcome.id, input: { followUpStatus: 'IN_PROGRESS' }, v: outcome.version },
      { token: tokens.unhcr },
    ),
  );
  const minutes = ok(await recordMinutes(tokens.unhcr, draft.id, { attendeeCount: 85 })).recordMinutes;
  expect(minutes.attendeeCount).toBe(85);

  const closed = ok(await close(tokens.unhcr, draft.id)).closeMeeting;
  expect(closed.status).toBe('CLOSED');

  const final = ok(
    await hub.query(
      `query($id: ID!) { meeting(id: $id) { status closedAt minutes { attendeeCount } outcomes { kind followUpStatus ownerCity { name } dueDate agendaItem { number } current } } }`,
      { id: draft.id },
      { token: tokens.istanbul },
    ),
  ).meeting;
  expect(final).toMatchObject({
    status: 'CLOSED',
    minutes: { attendeeCount: 85 },
    outcomes: [
      {
        kind: 'RECOMMENDATION',
        followUpStatus: 'IN_PROGRESS',
        ownerCity: { name: 'İstanbul' },
        dueDate: '2020-12-31',
        agendaItem: { number: '3' },
        current: true,
      },
    ],
  });
  expect(final.closedAt).toEqual(expect.any(String));
});

test('drafts are seen only by their organisers and admins', async () => {
  const draft = await createMeeting(tokens.unhcr, { venueCityId: ISTANBUL, networkId: PLATFORM, title: en('Secret draft zebra') });
  const byId = (token?: string) => hub.query(`query($id: ID!) { meeting(id: $id) { id status } }`, { id: draft.id }, { token });
  expect(codes(await byId())).toEqual(['NOT_FOUND']);
  expect(codes(await byId(tokens.wald))).toEqual(['NOT_FOUND']);
  expect(codes(await byId(tokens.istanbul))).toEqual(['NOT_FOUND']);
  expect(ok(await byId(tokens.unhcr)).meeting.status).toBe('DRAFT');
  expect(ok(await byId(tokens.admin)).meeting.status).toBe('DRAFT');

  const list = async (token?: string) =>
    ok(await hub.query(`{ meetings(search: "zebra", first: 50) { totalCount nodes { id } } }`, {}, { token })).meetings;
  expect(await list()).toEqual({ totalCount: 0, nodes: [] });
  expect(await list(tokens.wald)).toEqual({ totalCount: 0, nodes: [] });
  expect(await list(tokens.unhcr)).toEqual({ totalCount: 1, nodes: [{ id: draft.id }] });
  expect(await list(tokens.admin)).toEqual({ totalCount: 1, nodes: [{ id: draft.id }] });

  // nor through the city and organisation extensions, nor the change feed
  const viaCity = async (token?: string) =>
    ok(
      await hub.query(
        `query($id: ID!) { city(id: $id) { meetingsHosted { id } } organisation(id: "${UNHCR}") { meetingsOrganised { id } } }`,
        { id: ISTANBUL },
        { token },
      ),
    );
  const anonymous = await viaCity();
  expect(anonymous.city.meetingsHosted.map((m: any) => m.id)).not.toContain(draft.id);
  expect(anonymous.organisation.meetingsOrganised.map((m: any) => m.id)).not.toContain(draft.id);
  const organiser = await viaCity(tokens.unhcr);
  expect(organiser.city.meetingsHosted.map((m: any) => m.id)).toContain(draft.id);
  const feed = ok(await hub.query(`{ meetings(changedSince: "2000-01-01T00:00:00Z", first: 100) { nodes { id } } }`)).meetings;
  expect(feed.nodes.map((m: any) => m.id)).not.toContain(draft.id);
});

test('permission denials: each with its code, and nothing changes', async () => {
  expect(codes(await hub.query(`mutation { createMeeting(input: { title: [{ locale: "en", text: "x" }] }) { id } }`))).toEqual([
    'UNAUTHENTICATED',
  ]);
  for (const token of [tokens.istanbul, tokens.funder]) {
    expect(
      codes(await hub.query(`mutation { createMeeting(input: { title: [{ locale: "en", text: "x" }] }) { id } }`, {}, { token })),
    ).toEqual(['FORBIDDEN']);
  }

  const draft = await createMeeting(tokens.unhcr, { startsAt: ago(HOUR) });
  ok(await addItem(tokens.unhcr, draft.id));
  const update = (token: string | undefined, id: string) =>
    hub.query(
      `mutation($id: ID!) { updateMeeting(id: $id, input: { title: [{ locale: "en", text: "Hijacked" }] }) { id } }`,
      { id },
      { token },
    );
  // someone else's draft does not exist for them
  expect(codes(await update(tokens.wald, draft.id))).toEqual(['NOT_FOUND']);
  expect(codes(await publish(tokens.wald, draft.id))).toEqual(['NOT_FOUND']);
  expect(codes(await addItem(tokens.wald, draft.id))).toEqual(['NOT_FOUND']);
  expect(codes(await update(undefined, draft.id))).toEqual(['UNAUTHENTICATED']);

  ok(await publish(tokens.unhcr, draft.id));
  const before = await adminView(draft.id);
  // a published meeting is visible, but only its organisers change it
  expect(codes(await update(tokens.wald, draft.id))).toEqual(['FORBIDDEN']);
  expect(codes(await update(tokens.istanbul, draft.id))).toEqual(['FORBIDDEN']);
  expect(codes(await addItem(tokens.ks, draft.id))).toEqual(['FORBIDDEN']);
  expect(codes(await recordOutcome(tokens.wald, draft.id))).toEqual(['FORBIDDEN']);
  expect(codes(await recordMinutes(tokens.istanbul, draft.id))).toEqual(['FORBIDDEN']);
  expect(codes(await close(tokens.wald, draft.id))).toEqual(['FORBIDDEN']);
  expect(codes(await recordOutcome(undefined, draft.id))).toEqual(['UNAUTHENTICATED']);
  const itemId = before.agenda[0].id;
  expect(
    codes(
      await hub.query(
        `mutation($id: ID!) { updateAgendaItem(id: $id, input: { title: [{ locale: "en", text: "x" }] }) { id } }`,
        { id: itemId },
        { token: tokens.wald },
      ),
    ),
  ).toEqual(['FORBIDDEN']);
  expect(codes(await hub.query(`mutation($id: ID!) { removeAgendaItem(id: $id) { id } }`, { id: itemId }, { token: tokens.wald }))).toEqual(
    ['FORBIDDEN'],
  );
  expect(await adminView(draft.id)).toEqual(before);

  // an admin may act for any organiser
  ok(await recordOutcome(tokens.admin, draft.id));

  // declarations are the secretariat's
  expect(
    codes(
      await hub.query(
        `mutation { createDeclaration(input: { kind: PLEDGE, title: [{ locale: "en", text: "x" }], text: [{ locale: "en", text: "x" }] }) { id } }`,
        {},
        { token: tokens.unhcr },
      ),
    ),
  ).toEqual(['FORBIDDEN']);
  expect(
    codes(
      await hub.query(
        `mutation($d: ID!) { addRecipient(declarationId: $d, input: { organisationId: "${KS}" }) { id } }`,
        { d: KS_LETTER },
        { token: tokens.oslo },
      ),
    ),
  ).toEqual(['FORBIDDEN']);
});

test('no publishing without a start and at least one agenda item', async () => {
  const noStart = await createMeeting(tokens.unhcr);
  ok(await addItem(tokens.unhcr, noStart.id));
  const before = await adminView(noStart.id);
  expect(codes(await publish(tokens.unhcr, noStart.id))).toEqual(['CONFLICT']);
  expect(await adminView(noStart.id)).toEqual(before);

  const noAgenda = await createMeeting(tokens.unhcr, { startsAt: inFuture(24 * HOUR) });
  expect(codes(await publish(tokens.unhcr, noAgenda.id))).toEqual(['CONFLICT']);
  expect((await adminView(noAgenda.id)).status).toBe('DRAFT');

  // once published: it cannot be published again, nor lose its start or its last agenda item
  ok(await addItem(tokens.unhcr, noAgenda.id));
  ok(await publish(tokens.unhcr, noAgenda.id));
  const published = await adminView(noAgenda.id);
  expect(codes(await publish(tokens.unhcr, noAgenda.id))).toEqual(['CONFLICT']);
  expect(
    codes(
      await hub.query(
        `mutation($id: ID!) { updateMeeting(id: $id, input: { startsAt: null }) { id } }`,
        { id: noAgenda.id },
        { token: tokens.unhcr },
      ),
    ),
  ).toEqual(['BAD_USER_INPUT']);
  expect(
    codes(
      await hub.query(`mutation($id: ID!) { removeAgendaItem(id: $id) { id } }`, { id: published.agenda[0].id }, { token: tokens.unhcr }),
    ),
  ).toEqual(['CONFLICT']);
  expect(await adminView(noAgenda.id)).toEqual(published);
});

test('no outcomes or minutes on a meeting that has not started (or is still a draft)', async () => {
  const future = await createMeeting(tokens.unhcr, { startsAt: inFuture(24 * HOUR) });
  ok(await addItem(tokens.unhcr, future.id));
  expect(codes(await recordOutcome(tokens.unhcr, future.id))).toEqual(['CONFLICT']); // a draft
  ok(await publish(tokens.unhcr, future.id));
  const before = await adminView(future.id);
  expect(codes(await recordOutcome(tokens.unhcr, future.id))).toEqual(['CONFLICT']);
  expect(codes(await recordMinutes(tokens.unhcr, future.id))).toEqual(['CONFLICT']);
  expect(await adminView(future.id)).toEqual(before);
  expect(before.outcomes).toEqual([]);
  expect(before.minutes).toBeNull();
});

test('organisers recording outcomes at the same moment all succeed: each outcome is a row of its own', async () => {
  const meeting = await startedMeeting();
  const results = await Promise.all(
    [tokens.unhcr, tokens.unhcr2, tokens.admin].map((token, i) => recordOutcome(token, meeting.id, { text: en(`Outcome ${i}`) })),
  );
  expect(results.map((r) => codes(r))).toEqual([[], [], []]);
  const after = await adminView(meeting.id);
  expect(after.status).toBe('HELD');
  expect(after.outcomes).toHaveLength(3);
});

test('no closing before outcomes or minutes exist', async () => {
  const meeting = await startedMeeting();
  const before = await adminView(meeting.id);
  expect(codes(await close(tokens.unhcr, meeting.id))).toEqual(['CONFLICT']);
  expect(await adminView(meeting.id)).toEqual(before);
  expect(before.status).toBe('PUBLISHED');

  ok(await recordMinutes(tokens.unhcr, meeting.id));
  expect(ok(await close(tokens.unhcr, meeting.id)).closeMeeting.status).toBe('CLOSED');
  // a closed meeting is closed: no second closing, no more edits
  expect(codes(await close(tokens.unhcr, meeting.id))).toEqual(['CONFLICT']);
  expect(codes(await addItem(tokens.unhcr, meeting.id))).toEqual(['CONFLICT']);
  expect(codes(await recordMinutes(tokens.unhcr, meeting.id, { text: en('Rewritten') }))).toEqual(['CONFLICT']);
});

test('outcomes of a closed meeting are append-only: a correction is a new, linked entry', async () => {
  const meeting = await startedMeeting();
  const original = ok(await recordOutcome(tokens.unhcr, meeting.id, { kind: 'COMMITMENT', text: en('Fund 10 places') })).recordOutcome;
  ok(await close(tokens.unhcr, meeting.id));

  const edit = await hub.query(
    `mutation($id: ID!) { updateOutcome(id: $id, input: { text: [{ locale: "en", text: "Fund 12 places" }] }) { id } }`,
    { id: original.id },
    { token: tokens.unhcr },
  );
  expect(codes(edit)).toEqual(['CONFLICT']);
  expect(
    codes(
      await hub.query(
        `mutation($id: ID!) { updateOutcome(id: $id, input: { followUpStatus: DONE }) { id } }`,
        { id: original.id },
        { token: tokens.unhcr },
      ),
    ),
  ).toEqual(['CONFLICT']);

  const correction = ok(
    await recordOutcome(tokens.unhcr, meeting.id, { kind: 'COMMITMENT', text: en('Fund 12 places'), correctsId: original.id }),
  ).recordOutcome;
  expect(correction.corrects).toEqual({ id: original.id });
  const outcomes = ok(
    await hub.query(`query($id: ID!) { meeting(id: $id) { outcomes { id text { text } current correctedBy { id } } } }`, {
      id: meeting.id,
    }),
  ).meeting.outcomes;
  expect(outcomes).toEqual([
    { id: original.id, text: { text: 'Fund 10 places' }, current: false, correctedBy: [{ id: correction.id }] },
    { id: correction.id, text: { text: 'Fund 12 places' }, current: true, correctedBy: [] },
  ]);
  // a correction must name an outcome of the same meeting, and the latest entry of its chain
  expect(codes(await recordOutcome(tokens.unhcr, meeting.id, { correctsId: sampleIds.meeting('nothing') }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await recordOutcome(tokens.unhcr, meeting.id, { correctsId: original.id }))).toEqual(['CONFLICT']);

  // follow-up after closing is a correction too: it starts as a copy, the input says what changed
  const project = sampleIds.fundingActivity('test-housing-project');
  const followUp = ok(
    await hub.query(
      `mutation($m: ID!, $input: RecordOutcomeInput!) { recordOutcome(meetingId: $m, input: $input) { kind text { text } followUpStatus fundingActivities { id originatingOutcomes { id } } } }`,
      { m: meeting.id, input: { correctsId: correction.id, followUpStatus: 'DONE', fundingActivityIds: [project] } },
      { token: tokens.unhcr },
    ),
  ).recordOutcome;
  expect(followUp).toMatchObject({ kind: 'COMMITMENT', text: { text: 'Fund 12 places' }, followUpStatus: 'DONE' });
  expect(followUp.fundingActivities).toEqual([{ id: project, originatingOutcomes: [expect.objectContaining({ id: expect.any(String) })] }]);
  const current = ok(
    await hub.query(`query($id: ID!) { meeting(id: $id) { outcomes(currentOnly: true) { followUpStatus corrects { id } } } }`, {
      id: meeting.id,
    }),
  ).meeting.outcomes;
  expect(current).toEqual([{ followUpStatus: 'DONE', corrects: { id: correction.id } }]);
});

test('an outcome of an internal agenda item does not reveal the item to the public', async () => {
  const meeting = await createMeeting(tokens.unhcr, { startsAt: ago(HOUR) });
  const internal = ok(
    await addItem(tokens.unhcr, meeting.id, { kind: 'DISCUSSION', title: en('Closed-door budget talk'), public: false }),
  ).addAgendaItem;
  ok(await addItem(tokens.unhcr, meeting.id));
  ok(await publish(tokens.unhcr, meeting.id));
  ok(await recordOutcome(tokens.unhcr, meeting.id, { agendaItemId: internal.id }));
  const view = async (token?: string) =>
    ok(
      await hub.query(
        `query($id: ID!) { meeting(id: $id) { agenda(flat: true) { id } outcomes { agendaItem { id } } } }`,
        { id: meeting.id },
        { token },
      ),
    ).meeting;
  expect(await view()).toEqual({ agenda: [expect.objectContaining({})], outcomes: [{ agendaItem: null }] });
  expect((await view()).agenda.map((i: any) => i.id)).not.toContain(internal.id);
  expect(await view(tokens.unhcr)).toMatchObject({ outcomes: [{ agendaItem: { id: internal.id } }] });
});

test('commitments: admins change them, the owning municipality updates its follow-up status only', async () => {
  const commitment = ok(
    await hub.query(`query($id: ID!) { declaration(id: $id) { commitments { id version ownerCity { id } } } }`, { id: KS_LETTER }),
  ).declaration.commitments.find((c: any) => c.ownerCity.id === sampleIds.city('oslo'));
  const update = (token: string | undefined, input: Record<string, unknown>) =>
    hub.query(
      `mutation($id: ID!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, input: $input) { followUpStatus text { text(locale: "nb") } } }`,
      { id: commitment.id, input },
      { token },
    );
  expect(codes(await update(undefined, { followUpStatus: 'IN_PROGRESS' }))).toEqual(['UNAUTHENTICATED']);
  expect(codes(await update(tokens.istanbul, { followUpStatus: 'IN_PROGRESS' }))).toEqual(['FORBIDDEN']);
  expect(codes(await update(tokens.ks, { followUpStatus: 'IN_PROGRESS' }))).toEqual(['FORBIDDEN']);
  expect(codes(await update(tokens.oslo, { followUpStatus: 'IN_PROGRESS', text: en('Rewritten') }))).toEqual(['FORBIDDEN']);
  const updated = ok(await update(tokens.oslo, { followUpStatus: 'IN_PROGRESS' })).updateCommitment;
  expect(updated.followUpStatus).toBe('IN_PROGRESS');
  expect(updated.text.text).toContain('Oslo har ekstra kapasitet til å bosette 73 flyktninger');
});

test('cancelling and deleting meetings; removing participants and signatories; adding commitments', async () => {
  const published = await startedMeeting();
  expect(
    codes(await hub.query(`mutation($id: ID!) { deleteMeeting(id: $id) { id } }`, { id: published.id }, { token: tokens.unhcr })),
  ).toEqual(['CONFLICT']);
  const participant = ok(
    await hub.query(
      `mutation($m: ID!) { addParticipant(meetingId: $m, input: { organisationId: "${TBB}", stakeholderType: ASSOCIATION_OF_MUNICIPALITIES }) { id } }`,
      { m: published.id },
      { token: tokens.unhcr },
    ),
  ).addParticipant;
  expect(
    codes(await hub.query(`mutation($id: ID!) { removeParticipant(id: $id) { id } }`, { id: participant.id }, { token: tokens.wald })),
  ).toEqual(['FORBIDDEN']);
  expect(
    ok(await hub.query(`mutation($id: ID!) { removeParticipant(id: $id) { deleted } }`, { id: participant.id }, { token: tokens.unhcr }))
      .removeParticipant,
  ).toEqual({ deleted: true });
  expect((await adminView(published.id)).participants).toEqual([]);

  const cancelled = ok(
    await hub.query(`mutation($id: ID!) { cancelMeeting(id: $id) { status cancelledAt } }`, { id: published.id }, { token: tokens.unhcr }),
  ).cancelMeeting;
  expect(cancelled.status).toBe('CANCELLED');
  const before = await adminView(published.id);
  expect(
    codes(await hub.query(`mutation($id: ID!) { cancelMeeting(id: $id) { id } }`, { id: published.id }, { token: tokens.unhcr })),
  ).toEqual(['CONFLICT']);
  expect(codes(await addItem(tokens.unhcr, published.id))).toEqual(['CONFLICT']);
  expect(codes(await recordOutcome(tokens.unhcr, published.id))).toEqual(['CONFLICT']);
  expect(codes(await close(tokens.unhcr, published.id))).toEqual(['CONFLICT']);
  expect(await adminView(published.id)).toEqual(before);

  const signatory = ok(
    await hub.query(
      `mutation($d: ID!) { addSignatory(declarationId: $d, input: { cityId: "${ISTANBUL}" }) { id } }`,
      { d: DECLARATION_2018 },
      { token: tokens.istanbul },
    ),
  ).addSignatory;
  expect(
    codes(await hub.query(`mutation($id: ID!) { removeSignatory(id: $id) { id } }`, { id: signatory.id }, { token: tokens.oslo })),
  ).toEqual(['FORBIDDEN']);
  ok(await hub.query(`mutation($id: ID!) { removeSignatory(id: $id) { id } }`, { id: signatory.id }, { token: tokens.istanbul }));

  const addCommitment = (token: string) =>
    hub.query(
      `mutation($d: ID!) { addCommitment(declarationId: $d, input: { text: [{ locale: "tr", text: "Göç birimi kurmak" }], ownerCityId: "${ISTANBUL}", dueDate: "2019-12-31" }) { position followUpStatus ownerCity { name } } }`,
      { d: DECLARATION_2018 },
      { token },
    );
  expect(codes(await addCommitment(tokens.unhcr))).toEqual(['FORBIDDEN']);
  expect(ok(await addCommitment(tokens.admin)).addCommitment).toEqual({
    position: 1,
    followUpStatus: 'OPEN',
    ownerCity: { name: 'İstanbul' },
  });
});

test('texts are served in the language asked for, Turkish sources in Turkish and English', async () => {
  const query = `query($id: ID!) { meeting(id: $id) { theme { text translation { locale machineTranslated } } } }`;
  const turkish = ok(await hub.query(query, { id: SEEDED_MEETING }, { headers: { 'accept-language': 'tr-TR,tr;q=0.9' } })).meeting.theme;
  expect(turkish).toEqual({ text: 'Mültecilerle Güçlenen Kentler', translation: { locale: 'tr', machineTranslated: false } });
  const english = ok(await hub.query(query, { id: SEEDED_MEETING }, { headers: { 'accept-language': 'en' } })).meeting.theme;
  expect(english).toEqual({ text: 'Cities strengthened with refugees', translation: { locale: 'en', machineTranslated: true } });
  const found = ok(await hub.query(`{ meetings(search: "multecilerle guclenen") { nodes { id } } }`)).meetings.nodes;
  expect(found).toEqual([{ id: SEEDED_MEETING }]);
});

test('two organisers editing the same agenda: the later write gets CONFLICT and the first one stays', async () => {
  const meeting = await createMeeting(tokens.unhcr);
  const item = ok(await addItem(tokens.unhcr, meeting.id, { title: en('Original') })).addAgendaItem;
  const rename = (token: string, title: string, version: number) =>
    hub.query(
      `mutation($id: ID!, $t: [TranslationInput!]!, $v: Int) { updateAgendaItem(id: $id, input: { title: $t }, expectedVersion: $v) { version title { text } } }`,
      { id: item.id, t: en(title), v: version },
      { token },
    );
  // both read version 1; the first write wins, the second is refused
  const first = ok(await rename(tokens.unhcr, 'First edit', item.version)).updateAgendaItem;
  expect(first).toEqual({ version: item.version + 1, title: { text: 'First edit' } });
  expect(codes(await rename(tokens.unhcr2, 'Second edit', item.version))).toEqual(['CONFLICT']);

  // adding to the agenda checks the meeting's version, which every agenda change increases
  const current = await adminView(meeting.id);
  expect(current.agendaRevision).toBe(2);
  expect(codes(await addItem(tokens.unhcr2, meeting.id, { title: en('Late') }, meeting.version))).toEqual(['CONFLICT']);
  ok(await addItem(tokens.unhcr2, meeting.id, { title: en('On time') }, current.version));

  // truly concurrent writes based on the same version: exactly one succeeds
  const now = (await adminView(meeting.id)).agenda.find((i: any) => i.id === item.id);
  const results = await Promise.all([rename(tokens.unhcr, 'Race A', now.version), rename(tokens.unhcr2, 'Race B', now.version)]);
  expect(results.map((r) => codes(r)).sort()).toEqual([[], ['CONFLICT']]);
  const winner = results.find((r) => !r.errors)!.data.updateAgendaItem.title.text;
  const after = (await adminView(meeting.id)).agenda.find((i: any) => i.id === item.id);
  expect(after.title.text).toBe(winner);

  // concurrent edits of different items overwrite nothing: both succeed, and both count as agenda changes
  const other = (await adminView(meeting.id)).agenda.find((i: any) => i.id !== item.id);
  const before = await adminView(meeting.id);
  const both = await Promise.all([
    rename(tokens.unhcr, 'Item one', after.version),
    hub.query(
      `mutation($id: ID!, $v: Int) { updateAgendaItem(id: $id, input: { title: [{ locale: "en", text: "Item two" }] }, expectedVersion: $v) { version } }`,
      { id: other.id, v: other.version },
      { token: tokens.unhcr2 },
    ),
  ]);
  expect(both.map((r) => codes(r))).toEqual([[], []]);
  const final = await adminView(meeting.id);
  expect(final.agendaRevision).toBe(before.agendaRevision + 2);
  expect(final.version).toBe(before.version + 2);
});

test('moving, inserting and removing agenda items keeps every level numbered 1..n, nested numbers following their parent', async () => {
  const meeting = await createMeeting(tokens.unhcr);
  const add = async (title: string, input: Record<string, unknown> = {}) =>
    ok(await addItem(tokens.unhcr, meeting.id, { title: en(title), ...input })).addAgendaItem as { id: string; number: string };
  const update = (id: string, input: Record<string, unknown>) =>
    hub.query(
      `mutation($id: ID!, $input: UpdateAgendaItemInput!) { updateAgendaItem(id: $id, input: $input) { number position } }`,
      { id, input },
      { token: tokens.unhcr },
    );
  const agenda = async () =>
    Object.fromEntries(
      ok(
        await hub.query(
          `query($id: ID!) { meeting(id: $id) { agenda(flat: true) { number position title { text } } } }`,
          { id: meeting.id },
          { token: tokens.admin },
        ),
      ).meeting.agenda.map((i: any) => [i.title.text, `${i.number} @${i.position}`]),
    );

  const a = await add('A');
  const b = await add('B');
  const c = await add('C');
  const a1 = await add('A1', { parentId: a.id });
  const a2 = await add('A2', { parentId: a.id });
  expect([a.number, c.number, a1.number, a2.number]).toEqual(['1', '3', '1.1', '1.2']);

  // C to the top: A and B move down, A's items follow A
  expect(ok(await update(c.id, { position: 1 })).updateAgendaItem).toEqual({ number: '1', position: 1 });
  expect(await agenda()).toEqual({ C: '1 @1', A: '2 @2', A1: '2.1 @1', A2: '2.2 @2', B: '3 @3' });

  // A1 into B: it keeps its place as far as B's items allow; A2 closes the gap
  expect(ok(await update(a1.id, { parentId: b.id })).updateAgendaItem).toEqual({ number: '3.1', position: 1 });
  expect(await agenda()).toEqual({ C: '1 @1', A: '2 @2', A2: '2.1 @1', B: '3 @3', A1: '3.1 @1' });

  // D inserted second; then B gets a number of its own, which its items take up
  await add('D', { position: 2 });
  ok(await update(b.id, { number: 'IV' }));
  expect(await agenda()).toEqual({ C: '1 @1', D: '2 @2', A: '3 @3', A2: '3.1 @1', B: 'IV @4', A1: 'IV.1 @1' });

  // A cannot go into its own item; removing A removes A2 with it, and B moves up
  expect(codes(await update(a.id, { parentId: a2.id }))).toEqual(['BAD_USER_INPUT']);
  ok(await hub.query(`mutation($id: ID!) { removeAgendaItem(id: $id) { id } }`, { id: a.id }, { token: tokens.unhcr }));
  expect(await agenda()).toEqual({ C: '1 @1', D: '2 @2', B: 'IV @3', A1: 'IV.1 @1' });

  // C down to the end: the items after it move up
  expect(ok(await update(c.id, { position: 99 })).updateAgendaItem).toEqual({ number: '3', position: 3 });
  expect(await agenda()).toEqual({ D: '1 @1', B: 'IV @2', A1: 'IV.1 @1', C: '3 @3' });
  // its history records where it went; the items that moved up because of it record nothing
  const histories = ok(
    await hub.query(
      `query($id: ID!) { meeting(id: $id) { agenda(flat: true) { title { text } history { nodes { event changes { field previous current } } } } } }`,
      { id: meeting.id },
      { token: tokens.admin },
    ),
  ).meeting.agenda;
  const latest = (title: string) => histories.find((i: any) => i.title.text === title).history.nodes[0];
  expect(latest('C').changes).toContainEqual({ field: 'position', previous: 1, current: 3 });
  expect(latest('D').event).toBe('addAgendaItem');
  expect(ok(await update(c.id, { position: 2 })).updateAgendaItem).toEqual({ number: '2', position: 2 });

  // items added at the same moment each get a place of their own, at the end
  await Promise.all(['E', 'F', 'G', 'H'].map((title) => add(title)));
  const positions = Object.entries(await agenda())
    .filter(([title]) => 'EFGH'.includes(title))
    .map(([, at]) => at.split(' @')[1])
    .sort();
  expect(positions).toEqual(['4', '5', '6', '7']);
});

test('sixty items inserted at the same place each take it, past the point where two ranks can no longer be split; an agenda read and a write’s answer number alike', async () => {
  const meeting = await createMeeting(tokens.unhcr);
  const add = async (title: string, position?: number, parentId?: string) =>
    ok(await addItem(tokens.unhcr, meeting.id, { title: en(title), position, parentId })).addAgendaItem as { id: string; number: string };
  const agenda = async () =>
    ok(
      await hub.query(
        `query($id: ID!) { meeting(id: $id) { agenda(flat: true) { number position title { text } } } }`,
        { id: meeting.id },
        { token: tokens.unhcr },
      ),
    ).meeting.agenda.map((i: any) => [i.title.text, i.number, i.position]);
  await add('first');
  const last = await add('last');
  // each new item goes between "first" and the one inserted before it: the gap halves each time
  const inserted: string[] = [];
  for (let i = 1; i <= 60; i++) {
    inserted.push(`item ${i}`);
    expect((await add(`item ${i}`, 2)).number).toBe('2');
  }
  const expected = ['first', ...inserted.reverse(), 'last'];
  // a whole agenda read ranks it in one statement (sql.ts placeAgendas)
  expect(await agenda()).toEqual(expected.map((title, index) => [title, String(index + 1), index + 1]));

  // a write's answer places its item one by one (placeEach): both ways agree on nested and own numbers
  const eleventh = await add('eleventh', 11);
  const answer = ok(
    await hub.query(
      `mutation($id: ID!) { updateAgendaItem(id: $id, input: { number: "X." }) { number position } }`,
      { id: eleventh.id },
      { token: tokens.unhcr },
    ),
  ).updateAgendaItem;
  expect(answer).toEqual({ number: 'X.', position: 11 });
  expect((await add('nested', undefined, eleventh.id)).number).toBe('X.1');
  expect((await add('nested before', 1, eleventh.id)).number).toBe('X.1');
  expect((await agenda()).slice(9, 14)).toEqual([
    [expected[9], '10', 10],
    ['eleventh', 'X.', 11],
    ['nested before', 'X.1', 1],
    ['nested', 'X.2', 2],
    [expected[10], '12', 12],
  ]);

  // two moves of one item in one request: each answers with the place that move gave it
  const moves = ok(
    await hub.query(
      `mutation($id: ID!) { top: updateAgendaItem(id: $id, input: { position: 1 }) { number position }
        third: updateAgendaItem(id: $id, input: { position: 3 }) { number position } }`,
      { id: last.id },
      { token: tokens.unhcr },
    ),
  );
  expect(moves).toEqual({ top: { number: '1', position: 1 }, third: { number: '3', position: 3 } });
  ok(
    await hub.query(
      `mutation($id: ID!) { updateAgendaItem(id: $id, input: { position: 63 }) { id } }`,
      { id: last.id },
      { token: tokens.unhcr },
    ),
  );
  // a removed item answers with the place it had
  const removed = ok(
    await hub.query(
      `mutation($id: ID!) { removeAgendaItem(id: $id) { number position deleted } }`,
      { id: last.id },
      { token: tokens.unhcr },
    ),
  ).removeAgendaItem;
  expect(removed).toEqual({ number: '63', position: 63, deleted: true });
});

test('bad input: time zone, dates, participants, cursors', async () => {
  const bad = async (input: Record<string, unknown>) =>
    codes(
      await hub.query(
        `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`,
        { input: { title: en('x'), ...input } },
        { token: tokens.unhcr },
      ),
    );
  expect(await bad({ timeZone: 'Mars/Olympus_Mons' })).toEqual(['BAD_USER_INPUT']);
  expect(await bad({ startsAt: inFuture(2 * HOUR), endsAt: inFuture(HOUR) })).toEqual(['BAD_USER_INPUT']);
  expect(await bad({ venueCityId: 'istanbul' })).toEqual(['BAD_USER_INPUT']);
  expect(await bad({ title: [] })).toEqual(['BAD_USER_INPUT']);

  const meeting = await createMeeting(tokens.unhcr, { timeZone: 'europe/oslo' });
  expect(
    ok(await hub.query(`query($id: ID!) { meeting(id: $id) { timeZone } }`, { id: meeting.id }, { token: tokens.unhcr })).meeting.timeZone,
  ).toBe('Europe/Oslo');
  const addParticipant = (input: Record<string, unknown>) =>
    hub.query(
      `mutation($m: ID!, $input: ParticipantInput!) { addParticipant(meetingId: $m, input: $input) { stakeholderType city { name } } }`,
      { m: meeting.id, input },
      { token: tokens.unhcr },
    );
  expect(codes(await addParticipant({ stakeholderType: 'MUNICIPALITY' }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await addParticipant({ stakeholderType: 'MUNICIPALITY', cityId: ISTANBUL, organisationId: UNHCR }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  expect(ok(await addParticipant({ stakeholderType: 'MUNICIPALITY', cityId: ISTANBUL })).addParticipant).toEqual({
    stakeholderType: 'MUNICIPALITY',
    city: { name: 'İstanbul' },
  });
  expect(codes(await addParticipant({ stakeholderType: 'MUNICIPALITY', cityId: ISTANBUL }))).toEqual(['CONFLICT']);
  expect(codes(await hub.query(`{ meetings(after: "bogus") { totalCount } }`))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(`{ meetings(from: "2020-01-01T00:00:00Z", to: "2019-01-01T00:00:00Z") { totalCount } }`))).toEqual([
    'BAD_USER_INPUT',
  ]);
});

test('signatories are added by admins or by the signing municipality itself', async () => {
  const declaration = ok(
    await hub.query(
      `mutation($input: DeclarationInput!) { createDeclaration(input: $input) { id kind currentVersion } }`,
      { input: { kind: 'PLEDGE', networkId: PLATFORM, title: en('Pledge to host'), text: en('We pledge.'), adoptedOn: '2021-06-20' } },
      { token: tokens.admin },
    ),
  ).createDeclaration;
  const sign = (token: string | undefined, input: Record<string, unknown>) =>
    hub.query(
      `mutation($d: ID!, $input: SignatoryInput!) { addSignatory(declarationId: $d, input: $input) { signedOn city { name } organisation { acronym } } }`,
      { d: declaration.id, input },
      { token },
    );
  expect(codes(await sign(undefined, { cityId: ISTANBUL }))).toEqual(['UNAUTHENTICATED']);
  expect(codes(await sign(tokens.oslo, { cityId: ISTANBUL }))).toEqual(['FORBIDDEN']);
  expect(codes(await sign(tokens.unhcr, { organisationId: UNHCR }))).toEqual(['FORBIDDEN']);
  expect(codes(await sign(tokens.istanbul, { organisationId: TBB }))).toEqual(['FORBIDDEN']);
  const signatories = async () =>
    ok(await hub.query(`query($id: ID!) { declaration(id: $id) { signatories { city { name } } } }`, { id: declaration.id })).declaration
      .signatories;
  expect(await signatories()).toEqual([]);

  expect(ok(await sign(tokens.istanbul, { cityId: ISTANBUL, signedOn: '2021-06-20' })).addSignatory).toEqual({
    signedOn: '2021-06-20',
    city: { name: 'İstanbul' },
    organisation: null,
  });
  expect(codes(await sign(tokens.istanbul, { cityId: ISTANBUL }))).toEqual(['CONFLICT']);
  expect(ok(await sign(tokens.admin, { organisationId: TBB })).addSignatory.organisation).toEqual({ acronym: 'TBB' });

  const istanbul = ok(await hub.query(`query($id: ID!) { city(id: $id) { name declarationsSigned { id kind } } }`, { id: ISTANBUL })).city;
  expect(istanbul.declarationsSigned).toEqual([{ id: declaration.id, kind: 'PLEDGE' }]);
});

test('declaration versions: a later version supersedes an earlier one, both stay readable', async () => {
  const created = ok(
    await hub.query(
      `mutation($input: DeclarationInput!) { createDeclaration(input: $input) { id version } }`,
      { input: { kind: 'DECLARATION', networkId: PLATFORM, title: en('Framework'), text: en('First text'), adoptedYear: 2022 } },
      { token: tokens.admin },
    ),
  ).createDeclaration;
  const addVersion = (text: string, expectedVersion: number) =>
    hub.query(
      `mutation($d: ID!, $input: DeclarationVersionInput!, $v: Int) { addDeclarationVersion(declarationId: $d, input: $input, expectedVersion: $v) { currentVersion text { text } } }`,
      {
        d: created.id,
        input: { title: en('Framework'), text: en(text), adoptedOn: '2023-05-01', changeNote: en('Updated') },
        v: expectedVersion,
      },
      { token: tokens.admin },
    );
  expect(ok(await addVersion('Second text', created.version)).addDeclarationVersion).toEqual({
    currentVersion: 2,
    text: { text: 'Second text' },
  });
  expect(codes(await addVersion('Stale text', created.version))).toEqual(['CONFLICT']);
  const versions = ok(
    await hub.query(
      `query($id: ID!) { declaration(id: $id) { versions { number current text { text } supersedes { number } supersededBy { number } } } }`,
      { id: created.id },
    ),
  ).declaration.versions;
  expect(versions).toEqual([
    { number: 1, current: false, text: { text: 'First text' }, supersedes: null, supersededBy: { number: 2 } },
    { number: 2, current: true, text: { text: 'Second text' }, supersedes: { number: 1 }, supersededBy: null },
  ]);
});

test('meetings filtered by network, city, organiser, status, date range and text; the change feed', async () => {
  const network = sampleIds.network('filter-test-network');
  const a = await startedMeeting(tokens.wald, {
    networkId: network,
    venueCityId: ISTANBUL,
    title: en('Alpha harbour meeting'),
    startsAt: '2021-03-01T09:00:00Z',
  });
  const b = await createMeeting(tokens.ks, {
    networkId: network,
    title: en('Beta meeting'),
    theme: [{ locale: 'nb', text: 'Bosetting i storbyene' }],
    startsAt: '2022-03-01T09:00:00Z',
  });
  ok(await addItem(tokens.ks, b.id));
  ok(await publish(tokens.ks, b.id));
  const oslo = sampleIds.city('oslo');
  ok(
    await hub.query(
      `mutation($m: ID!) { addParticipant(meetingId: $m, input: { cityId: "${oslo}", stakeholderType: MUNICIPALITY }) { id } }`,
      { m: b.id },
      { token: tokens.ks },
    ),
  );

  const ids = async (filter: string) =>
    ok(await hub.query(`{ meetings(network: "${network}", first: 10${filter}) { totalCount nodes { id } } }`)).meetings.nodes.map(
      (m: any) => m.id,
    );
  expect(await ids('')).toEqual([b.id, a.id]);
  expect(await ids(`, city: "${ISTANBUL}"`)).toEqual([a.id]);
  expect(await ids(`, city: "${oslo}"`)).toEqual([b.id]);
  expect(await ids(`, organiser: "${KS}"`)).toEqual([b.id]);
  expect(await ids(`, status: [PUBLISHED]`)).toEqual([b.id, a.id]);
  expect(await ids(`, status: [CLOSED]`)).toEqual([]);
  expect(await ids(`, from: "2022-01-01T00:00:00Z"`)).toEqual([b.id]);
  expect(await ids(`, to: "2021-12-31T00:00:00Z"`)).toEqual([a.id]);
  expect(await ids(`, search: "HARBOUR"`)).toEqual([a.id]);
  expect(await ids(`, search: "storbyene"`)).toEqual([b.id]);
  // the search text and the list order follow edits
  ok(
    await hub.query(
      `mutation($id: ID!) { updateMeeting(id: $id, input: { title: [{ locale: "tr", text: "Gamma liman toplantısı" }], startsAt: "2023-03-01T09:00:00Z" }) { id } }`,
      { id: a.id },
      { token: tokens.wald },
    ),
  );
  expect(await ids(`, search: "harbour"`)).toEqual([]);
  expect(await ids(`, search: "LİMAN"`)).toEqual([a.id]);
  expect(await ids('')).toEqual([a.id, b.id]);
  ok(
    await hub.query(
      `mutation($id: ID!) { updateMeeting(id: $id, input: { startsAt: "2021-03-01T09:00:00Z" }) { id } }`,
      { id: a.id },
      { token: tokens.wald },
    ),
  );

  // paging
  const page1 = ok(
    await hub.query(`{ meetings(network: "${network}", first: 1) { nodes { id } pageInfo { hasNextPage endCursor } } }`),
  ).meetings;
  expect(page1.nodes).toEqual([{ id: b.id }]);
  const page2 = ok(
    await hub.query(
      `query($c: String) { meetings(network: "${network}", first: 1, after: $c) { nodes { id } pageInfo { hasNextPage } } }`,
      { c: page1.pageInfo.endCursor },
    ),
  ).meetings;
  expect(page2).toEqual({ nodes: [{ id: a.id }], pageInfo: { hasNextPage: false } });

  // the change feed: oldest change first, and a deleted draft comes back as a tombstone
  const since = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  ok(
    await hub.query(
      `mutation($id: ID!) { updateMeeting(id: $id, input: { venueName: "Town hall" }) { id } }`,
      { id: a.id },
      { token: tokens.wald },
    ),
  );
  const draft = await createMeeting(tokens.wald, { networkId: network });
  ok(await hub.query(`mutation($id: ID!) { deleteMeeting(id: $id) { deleted } }`, { id: draft.id }, { token: tokens.wald }));
  const feed = async (token?: string) =>
    ok(
      await hub.query(
        `query($s: DateTimeISO) { meetings(network: "${network}", changedSince: $s) { nodes { id deleted } } }`,
        { s: since },
        { token },
      ),
    ).meetings.nodes;
  expect(await feed()).toEqual([{ id: a.id, deleted: false }]);
  expect(await feed(tokens.wald)).toEqual([
    { id: a.id, deleted: false },
    { id: draft.id, deleted: true },
  ]);
});

test('declarations filtered by network, kind and signatory; the change feed', async () => {
  const ids = async (args: string) =>
    ok(await hub.query(`{ declarations(${args}) { nodes { id } } }`)).declarations.nodes.map((d: any) => d.id);
  expect(await ids(`network: "${KS_NETWORK}"`)).toEqual([KS_LETTER]);
  expect(await ids(`kind: [POSITION_LETTER]`)).toEqual([KS_LETTER]);
  expect(await ids(`signatory: "${TBB}"`)).toContain(DECLARATION_2018);
  expect(await ids(`signatory: "${sampleIds.city('bergen')}"`)).toEqual([]);

  const since = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  const letter = ok(await hub.query(`query($id: ID!) { declaration(id: $id) { commitments { id version } } }`, { id: KS_LETTER }))
    .declaration.commitments[0];
  ok(
    await hub.query(
      `mutation($id: ID!, $v: Int) { updateCommitment(id: $id, input: { followUpStatus: DONE }, expectedVersion: $v) { followUpStatus } }`,
      { id: letter.id, v: letter.version },
      { token: tokens.admin },
    ),
  );
  const created = ok(
    await hub.query(
      `mutation { createDeclaration(input: { kind: PLEDGE, networkId: "${KS_NETWORK}", title: [{ locale: "nb", text: "Løfte" }], text: [{ locale: "nb", text: "Vi lover." }] }) { id } }`,
      {},
      { token: tokens.admin },
    ),
  ).createDeclaration;
  // a changed commitment is a change of its letter: both show in the feed, oldest change first
  expect(await ids(`changedSince: "${since}"`)).toEqual([KS_LETTER, created.id]);
  expect(await ids(`network: "${KS_NETWORK}", kind: [PLEDGE]`)).toEqual([created.id]);
});

test('cross-subgraph reads cost the same number of SQL statements for 2 meetings as for 8', async () => {
  const network = sampleIds.network('batching-test-network');
  const bergen = sampleIds.city('bergen');
  const venues = ['oslo', 'trondheim', 'stavanger', 'tromso'].map((slug) => sampleIds.city(slug));
  const declaration = ok(
    await hub.query(
      `mutation($input: DeclarationInput!) { createDeclaration(input: $input) { id } }`,
      { input: { kind: 'DECLARATION', networkId: network, title: en('Batching'), text: en('Text') } },
      { token: tokens.admin },
    ),
  ).createDeclaration;
  ok(
    await hub.query(
      `mutation($d: ID!) { addSignatory(declarationId: $d, input: { cityId: "${bergen}" }) { id } }`,
      { d: declaration.id },
      { token: tokens.admin },
    ),
  );

  let created = 0;
  const addMeetings = async (n: number) => {
    for (let i = 0; i < n; i += 1) {
      const meeting = await createMeeting(tokens.admin, {
        networkId: network,
        venueCityId: venues[created % venues.length],
        organiserIds: [created % 2 ? UNHCR : WALD],
        startsAt: ago((created + 1) * 24 * HOUR),
      });
      ok(await addItem(tokens.admin, meeting.id, { kind: 'PANEL', title: en('Panel') }));
      ok(await publish(tokens.admin, meeting.id));
      ok(
        await hub.query(
          `mutation($m: ID!) { addParticipant(meetingId: $m, input: { cityId: "${bergen}", stakeholderType: MUNICIPALITY }) { id } }`,
          { m: meeting.id },
          { token: tokens.admin },
        ),
      );
      ok(await recordOutcome(tokens.admin, meeting.id));
      created += 1;
    }
  };
  const query = `query($city: ID!, $network: ID!) {
    city(id: $city) { name
      meetingsAttended { id title { text } venueCity { name settlementYears { year decided } } organisers { name meetingsOrganised { id } } }
      declarationsSigned { id title { text } signatories { city { name } } } }
    meetings(network: $network, first: 50) { totalCount nodes { id status venueCity { name settlementYears { year decided extraCapacity } }
      agenda { number children { number } } participants { city { name } } outcomes { kind agendaItem { number } } minutes { id } } } }`;
  const measure = async () => {
    const { result, statements: meetingsStatements } = await hub.subgraphs.meetings.database.countStatements(() =>
      hub.subgraphs.cities.database.countStatements(() => hub.query(query, { city: bergen, network })),
    );
    const data = ok(result.result);
    return { data, statements: meetingsStatements + result.statements, cityStatements: result.statements };
  };

  await addMeetings(2);
  const two = await measure();
  expect(two.data.city.meetingsAttended).toHaveLength(2);
  expect(two.data.meetings.nodes).toHaveLength(2);
  expect(two.data.meetings.nodes[0].venueCity.settlementYears).toEqual([{ year: 2020, decided: null, extraCapacity: 73 }]);

  await addMeetings(6);
  const eight = await measure();
  expect(eight.data.city.meetingsAttended).toHaveLength(8);
  expect(eight.data.meetings.nodes).toHaveLength(8);
  expect(eight.data.city.declarationsSigned).toEqual([
    { id: declaration.id, title: { text: 'Batching' }, signatories: [{ city: { name: 'Bergen' } }] },
  ]);
  expect(two.statements).toBeLessThanOrEqual(30);
  expect(eight.statements).toBe(two.statements);
  expect(eight.cityStatements).toBe(two.cityStatements);
});

test('a draft meeting the caller may not see answers exactly like a missing meeting, for reads and writes', async () => {
  const draft = await createMeeting(tokens.unhcr, { organiserIds: [UNHCR] });
  const answers = async (id: string) => {
    const results = [
      await hub.query(`query($id: ID!) { meeting(id: $id) { id } }`, { id }, { token: tokens.ks }),
      await hub.query(
        `mutation($id: ID!) { updateMeeting(id: $id, input: { timeZone: "Europe/Oslo" }) { id } }`,
        { id },
        { token: tokens.ks },
      ),
      await addItem(tokens.ks, id),
      await hub.query(`query($id: ID!) { meeting(id: $id) { id } }`, { id }),
    ];
    return JSON.parse(JSON.stringify(results).split(id).join('<id>'));
  };
  const hidden = await answers(draft.id);
  expect(hidden).toEqual(await answers(randomUUID()));
  expect(hidden.map((r: GraphQLResult<unknown>) => codes(r))).toEqual([['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND']]);
  expect(hidden[1].errors[0].message).toBe('Meeting "<id>" was not found.');
});

test('a reference inside the input that does not exist (or is hidden) is BAD_USER_INPUT naming the field', async () => {
  const meeting = await createMeeting(tokens.unhcr);
  const missingParent = await addItem(tokens.unhcr, meeting.id, { parentId: randomUUID() });
  expect(codes(missingParent)).toEqual(['BAD_USER_INPUT']);
  expect(missingParent.errors?.[0].extensions?.field).toBe('parentId');
  // an item cannot be moved into itself or into an item nested in it; null moves it to the top level
  const outer = ok(await addItem(tokens.unhcr, meeting.id, { title: en('Outer') })).addAgendaItem;
  const inner = ok(await addItem(tokens.unhcr, meeting.id, { title: en('Inner'), parentId: outer.id })).addAgendaItem;
  const move = (id: string, parentId: string | null) =>
    hub.query(
      `mutation($id: ID!, $p: ID) { updateAgendaItem(id: $id, input: { parentId: $p }) { number parent { id } } }`,
      { id, p: parentId },
      { token: tokens.unhcr },
    );
  for (const parentId of [outer.id, inner.id]) {
    const cycle = await move(outer.id, parentId);
    expect(codes(cycle)).toEqual(['BAD_USER_INPUT']);
    expect(cycle.errors?.[0].extensions?.field).toBe('parentId');
  }
  // moved without a position, it keeps its position (1) among its new siblings
  expect(ok(await move(inner.id, null)).updateAgendaItem).toEqual({ number: '1', parent: null });

  // a meeting that does not exist is a wrong reference; a draft the secretariat sees is a valid one
  const declare = (token: string, adoptedAtMeetingId: string) =>
    hub.query(
      `mutation($input: DeclarationInput!) { createDeclaration(input: $input) { id adoptedAt { id } } }`,
      { input: { kind: 'PLEDGE', title: en('Pledge'), text: en('We pledge.'), adoptedAtMeetingId } },
      { token },
    );
  const missingMeeting = await declare(tokens.admin, randomUUID());
  expect(codes(missingMeeting)).toEqual(['BAD_USER_INPUT']);
  expect(missingMeeting.errors?.[0].extensions?.field).toBe('adoptedAtMeetingId');
  expect(ok(await declare(tokens.admin, meeting.id)).createDeclaration.adoptedAt).toEqual({ id: meeting.id });

  const started = await startedMeeting();
  const missingItem = await recordOutcome(tokens.unhcr, started.id, { agendaItemId: randomUUID() });
  expect(codes(missingItem)).toEqual(['BAD_USER_INPUT']);
  expect(missingItem.errors?.[0].extensions?.field).toBe('agendaItemId');
});

test('search folds Turkish, Norwegian and Swedish letters the one way of shared/search-key.ts; the migration recomputes stored texts', async () => {
  const meeting = await startedMeeting(tokens.unhcr, {
    title: [
      { locale: 'nb', text: 'Tromsø og  Bærum' },
      { locale: 'sv', text: 'Göteborgs möte' },
      { locale: 'tr', text: 'İZMİR toplantısı' },
    ],
  });
  const ids = async (search: string) =>
    ok(await hub.query(`query($s: String) { meetings(search: $s, first: 10) { nodes { id } } }`, { s: search })).meetings.nodes.map(
      (m: any) => m.id,
    );
  for (const term of ['tromso og baerum', 'TROMSØ', 'goteborgs', 'izmir', 'İzmir', 'ızmır'])
    expect([term, await ids(term)]).toEqual([term, [meeting.id]]);

  // a meeting stored with the earlier folding (ø and æ kept, texts joined by newlines) is found once the migration ran
  const database = hub.subgraphs.meetings.database;
  const connection = database.orm.em.getConnection();
  await connection.execute(`update "meeting" set "search_text" = ? where "id" = ?`, [
    'tromsø og  bærum\ngoteborgs mote\nizmir toplantisi',
    meeting.id,
  ]);
  expect(await ids('tromso og baerum')).toEqual([]);
  await connection.execute(`delete from "migrations" where "name" like '%MeetingsSearchKey%'`);
  await database.orm.getMigrator().up();
  expect(await ids('tromso og baerum')).toEqual([meeting.id]);
  expect(await ids('göteborgs')).toEqual([meeting.id]);
});
