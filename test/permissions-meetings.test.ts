/**
 * The meetings subgraph's permission matrix over real HTTP: every mutation × the seven roles, each
 * call on a fresh target, with the roles that may written out; then visibility on queries (drafts,
 * internal agenda items and the items nested in them) per role: seen, or NOT_FOUND / absent.
 */
import { cities } from '../subgraphs/cities';
import { meetings } from '../subgraphs/meetings';
import { sampleIds } from '../shared/sample-ids';
import { codes, startTestHub, type GraphQLResult, type TestHub } from './helpers';
import {
  describePermissionMatrix,
  MATRIX_ROLES,
  mutationsOf,
  type MatrixIdentities,
  type MatrixRole,
  type MutationCase,
} from './permission-matrix';

const UNHCR = sampleIds.organisation('unhcr');
const TBB = sampleIds.organisation('union-of-municipalities-of-turkey');
const ISTANBUL = sampleIds.city('istanbul');
const OSLO = sampleIds.city('oslo');
const HOUR = 3600_000;
const en = (text: string) => [{ locale: 'en', text }];

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub([cities, meetings]);
  admin = await hub.token({ roles: ['admin'] });
});
afterAll(() => hub?.close());

/** The roles of the matrix, bound to the sample data: the meetings are UNHCR's, the signatures and commitments İstanbul's. */
const identities: MatrixIdentities = {
  otherCity: { roles: ['municipality'], cityId: OSLO },
  owningCity: { roles: ['municipality'], cityId: ISTANBUL },
  organiser: { roles: ['organiser'], organisationId: UNHCR },
  funder: { roles: ['funder'], organisationId: UNHCR },
  reviewer: { roles: ['reviewer'], cityId: ISTANBUL, organisationId: UNHCR },
  admin: { roles: ['admin'] },
};

/** Data of a set-up call that must have succeeded. */
async function ok<T = any>(pending: Promise<GraphQLResult<T>>): Promise<any> {
  const result = await pending;
  if (result.errors) throw new Error(`set-up failed: ${JSON.stringify(result.errors)}`);
  return result.data;
}

const asAdmin = (query: string, variables: Record<string, unknown> = {}) => ok(hub.query(query, variables, { token: admin }));

/** A published meeting of UNHCR that started an hour ago, with two agenda items (one of them internal, when asked). */
async function publishedMeeting(options: { internal?: boolean } = {}) {
  const { createMeeting: meeting } = await asAdmin(`mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`, {
    input: { title: en('Matrix meeting'), organiserIds: [UNHCR], startsAt: new Date(Date.now() - HOUR).toISOString() },
  });
  const add = (input: Record<string, unknown>) =>
    asAdmin(`mutation($m: ID!, $input: CreateAgendaItemInput!) { addAgendaItem(meetingId: $m, input: $input) { id } }`, {
      m: meeting.id,
      input: { kind: 'SPEECH', title: en('Item'), ...input },
    });
  const first = (await add({})).addAgendaItem.id as string;
  const second = (await add({ public: !options.internal })).addAgendaItem.id as string;
  await asAdmin(`mutation($id: ID!) { publishMeeting(id: $id) { id } }`, { id: meeting.id });
  return { id: meeting.id as string, items: [first, second] };
}

async function withOutcome() {
  const meeting = await publishedMeeting();
  const { recordOutcome } = await asAdmin(
    `mutation($m: ID!) { recordOutcome(meetingId: $m, input: { kind: DECISION, text: [{ locale: "en", text: "Agreed" }] }) { id } }`,
    {
      m: meeting.id,
    },
  );
  return { ...meeting, outcome: recordOutcome.id as string };
}

async function declaration() {
  const { createDeclaration } = await asAdmin(
    `mutation { createDeclaration(input: { kind: PLEDGE, title: [{ locale: "en", text: "Pledge" }], text: [{ locale: "en", text: "We pledge." }] }) { id } }`,
  );
  return createDeclaration.id as string;
}

const ORGANISERS: MatrixRole[] = ['organiser', 'admin'];
const SECRETARIAT: MatrixRole[] = ['admin'];
const SIGNING_CITY: MatrixRole[] = ['owningCity', 'admin'];

const cases: MutationCase[] = [
  {
    mutation: 'createMeeting',
    allowed: ['organiser', 'admin'],
    prepare: async () => ({
      query: `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`,
      variables: { input: { title: en('New'), organiserIds: [UNHCR] } },
    }),
  },
  {
    mutation: 'updateMeeting',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($id: ID!) { updateMeeting(id: $id, input: { venueName: "Town hall" }) { id } }`,
      variables: { id: (await publishedMeeting()).id },
    }),
  },
  {
    // a draft does not exist for the other roles (NOT_FOUND, see visibility): the matrix asks on a published meeting, where the allowed roles get CONFLICT
    mutation: 'publishMeeting',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($id: ID!) { publishMeeting(id: $id) { id } }`,
      variables: { id: (await publishedMeeting()).id },
    }),
  },
  {
    mutation: 'closeMeeting',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($id: ID!) { closeMeeting(id: $id) { status } }`,
      variables: { id: (await withOutcome()).id },
    }),
  },
  {
    mutation: 'cancelMeeting',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($id: ID!) { cancelMeeting(id: $id) { status } }`,
      variables: { id: (await publishedMeeting()).id },
    }),
  },
  {
    // as publishMeeting: asked on a published meeting, which the allowed roles cannot delete (CONFLICT)
    mutation: 'deleteMeeting',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($id: ID!) { deleteMeeting(id: $id) { id } }`,
      variables: { id: (await publishedMeeting()).id },
    }),
  },
  {
    mutation: 'addParticipant',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($m: ID!) { addParticipant(meetingId: $m, input: { cityId: "${OSLO}", stakeholderType: MUNICIPALITY }) { id } }`,
      variables: { m: (await publishedMeeting()).id },
    }),
  },
  {
    mutation: 'removeParticipant',
    allowed: ORGANISERS,
    prepare: async () => {
      const meeting = await publishedMeeting();
      const { addParticipant } = await asAdmin(
        `mutation($m: ID!) { addParticipant(meetingId: $m, input: { organisationId: "${TBB}", stakeholderType: ASSOCIATION_OF_MUNICIPALITIES }) { id } }`,
        { m: meeting.id },
      );
      return { query: `mutation($id: ID!) { removeParticipant(id: $id) { deleted } }`, variables: { id: addParticipant.id } };
    },
  },
  {
    mutation: 'addAgendaItem',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($m: ID!) { addAgendaItem(meetingId: $m, input: { kind: BREAK, title: [{ locale: "en", text: "Coffee" }] }) { id } }`,
      variables: { m: (await publishedMeeting()).id },
    }),
  },
  {
    mutation: 'updateAgendaItem',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($id: ID!) { updateAgendaItem(id: $id, input: { durationMinutes: 30 }) { id } }`,
      variables: { id: (await publishedMeeting()).items[0] },
    }),
  },
  {
    mutation: 'removeAgendaItem',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($id: ID!) { removeAgendaItem(id: $id) { deleted } }`,
      variables: { id: (await publishedMeeting()).items[1] },
    }),
  },
  {
    mutation: 'recordOutcome',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($m: ID!) { recordOutcome(meetingId: $m, input: { kind: ACTION, text: [{ locale: "en", text: "Act" }] }) { id } }`,
      variables: { m: (await publishedMeeting()).id },
    }),
  },
  {
    mutation: 'updateOutcome',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($id: ID!) { updateOutcome(id: $id, input: { followUpStatus: DONE }) { id } }`,
      variables: { id: (await withOutcome()).outcome },
    }),
  },
  {
    mutation: 'recordMinutes',
    allowed: ORGANISERS,
    prepare: async () => ({
      query: `mutation($m: ID!) { recordMinutes(meetingId: $m, input: { text: [{ locale: "en", text: "Minutes" }] }) { id } }`,
      variables: { m: (await publishedMeeting()).id },
    }),
  },
  {
    mutation: 'createDeclaration',
    allowed: SECRETARIAT,
    prepare: async () => ({
      query: `mutation { createDeclaration(input: { kind: DECLARATION, title: [{ locale: "en", text: "T" }], text: [{ locale: "en", text: "X" }] }) { id } }`,
      variables: {},
    }),
  },
  {
    mutation: 'addDeclarationVersion',
    allowed: SECRETARIAT,
    prepare: async () => ({
      query: `mutation($d: ID!) { addDeclarationVersion(declarationId: $d, input: { title: [{ locale: "en", text: "T2" }], text: [{ locale: "en", text: "X2" }] }) { currentVersion } }`,
      variables: { d: await declaration() },
    }),
  },
  {
    mutation: 'addRecipient',
    allowed: SECRETARIAT,
    prepare: async () => ({
      query: `mutation($d: ID!) { addRecipient(declarationId: $d, input: { organisationId: "${TBB}" }) { id } }`,
      variables: { d: await declaration() },
    }),
  },
  {
    mutation: 'addCommitment',
    allowed: SECRETARIAT,
    prepare: async () => ({
      query: `mutation($d: ID!) { addCommitment(declarationId: $d, input: { text: [{ locale: "en", text: "Host 10" }], ownerCityId: "${ISTANBUL}" }) { id } }`,
      variables: { d: await declaration() },
    }),
  },
  {
    // the follow-up status only: the owning municipality may too (changing anything else is the secretariat's, see test/meetings.test.ts)
    mutation: 'updateCommitment',
    allowed: SIGNING_CITY,
    prepare: async () => {
      const { addCommitment } = await asAdmin(
        `mutation($d: ID!) { addCommitment(declarationId: $d, input: { text: [{ locale: "en", text: "Host 10" }], ownerCityId: "${ISTANBUL}" }) { id } }`,
        { d: await declaration() },
      );
      return {
        query: `mutation($id: ID!) { updateCommitment(id: $id, input: { followUpStatus: IN_PROGRESS }) { followUpStatus } }`,
        variables: { id: addCommitment.id },
      };
    },
  },
  {
    mutation: 'addSignatory',
    allowed: SIGNING_CITY,
    prepare: async () => ({
      query: `mutation($d: ID!) { addSignatory(declarationId: $d, input: { cityId: "${ISTANBUL}" }) { id } }`,
      variables: { d: await declaration() },
    }),
  },
  {
    mutation: 'removeSignatory',
    allowed: SIGNING_CITY,
    prepare: async () => {
      const { addSignatory } = await asAdmin(
        `mutation($d: ID!) { addSignatory(declarationId: $d, input: { cityId: "${ISTANBUL}" }) { id } }`,
        { d: await declaration() },
      );
      return { query: `mutation($id: ID!) { removeSignatory(id: $id) { deleted } }`, variables: { id: addSignatory.id } };
    },
  },
  {
    // the meeting's first version (its creation): set back by whoever may update the meeting
    mutation: 'restoreMeetingVersion',
    allowed: ORGANISERS,
    prepare: async () => {
      const { id } = await publishedMeeting();
      const { meeting } = await asAdmin(`query($id: ID!) { meeting(id: $id) { history(first: 100) { nodes { id recordType } } } }`, { id });
      const first = meeting.history.nodes.filter((n: { recordType: string }) => n.recordType === 'Meeting').pop();
      return {
        query: `mutation($id: ID!, $v: ID!) { restoreMeetingVersion(id: $id, versionId: $v) { id } }`,
        variables: { id, v: first.id },
      };
    },
  },
  {
    mutation: 'restoreDeclarationVersion',
    allowed: SECRETARIAT,
    prepare: async () => {
      const id = await declaration();
      const { declaration: found } = await asAdmin(`query($id: ID!) { declaration(id: $id) { history { nodes { id } } } }`, { id });
      return {
        query: `mutation($id: ID!, $v: ID!) { restoreDeclarationVersion(id: $id, versionId: $v) { id } }`,
        variables: { id, v: found.history.nodes[0].id },
      };
    },
  },
  {
    // every city or organisation registers for itself (an admin without one is asked to name it: BAD_USER_INPUT)
    mutation: 'registerMeetingWebhook',
    allowed: ['otherCity', 'owningCity', 'organiser', 'funder', 'reviewer', 'admin'],
    prepare: async () => ({
      query: `mutation { registerMeetingWebhook(input: { url: "https://ngo.example.org/hooks/hub", eventTypes: [MEETING_PUBLISHED] }) { secret } }`,
      variables: {},
    }),
  },
  {
    // UNHCR's registration: its organiser, funder and reviewer (bound to UNHCR) and admins remove it; for the two
    // municipalities it does not exist (NOT_FOUND, not a refusal: see test/webhooks.test.ts)
    mutation: 'removeMeetingWebhook',
    allowed: ['otherCity', 'owningCity', 'organiser', 'funder', 'reviewer', 'admin'],
    prepare: async () => {
      const { registerMeetingWebhook } = await asAdmin(
        `mutation($o: ID!) { registerMeetingWebhook(input: { url: "https://ngo.example.org/hooks/hub", eventTypes: [MEETING_PUBLISHED], organisationId: $o }) { subscription { id } } }`,
        { o: UNHCR },
      );
      return {
        query: `mutation($id: ID!) { removeMeetingWebhook(id: $id) { id } }`,
        variables: { id: registerMeetingWebhook.subscription.id },
      };
    },
  },
];

describePermissionMatrix('meetings: every mutation × every role', {
  hub: () => hub,
  mutations: () => mutationsOf(meetings),
  identities,
  cases,
});

describe('meetings: visibility per role', () => {
  /** Who sees a draft, an internal agenda item and what is nested in it: the meeting's organisers and admins, written out. */
  const SEES_INTERNALS: Record<MatrixRole, boolean> = {
    anonymous: false,
    otherCity: false,
    owningCity: false,
    organiser: true,
    funder: false,
    reviewer: false,
    admin: true,
  };

  const tokenOf = async (role: MatrixRole) => (role === 'anonymous' ? undefined : hub.token(identities[role]));

  test('a draft meeting: found by id and listed, or NOT_FOUND and absent (lists, city and organisation fields, declarations adopted at it)', async () => {
    const word = `draftword${Date.now()}`;
    const { createMeeting: draft } = await asAdmin(`mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`, {
      input: { title: en(`Draft ${word}`), organiserIds: [UNHCR], venueCityId: ISTANBUL },
    });
    const { createDeclaration } = await asAdmin(`mutation($input: DeclarationInput!) { createDeclaration(input: $input) { id } }`, {
      input: { kind: 'PLEDGE', title: en('Adopted at a draft'), text: en('Text'), adoptedAtMeetingId: draft.id },
    });
    const outcome: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const role of MATRIX_ROLES) {
      const token = await tokenOf(role);
      const byId = await hub.query(`query($id: ID!) { meeting(id: $id) { id status } }`, { id: draft.id }, { token });
      const lists = await hub.query(
        `query($s: String, $city: ID!, $org: ID!, $d: ID!) { meetings(search: $s) { totalCount nodes { id } }
          city(id: $city) { meetingsHosted { id } } organisation(id: $org) { meetingsOrganised { id } } declaration(id: $d) { adoptedAt { id } } }`,
        { s: word, city: ISTANBUL, org: UNHCR, d: createDeclaration.id },
        { token },
      );
      const data = lists.data as any;
      outcome[role] = {
        byId: codes(byId)[0] ?? (byId.data as any).meeting.status,
        listed: data.meetings.nodes.map((m: any) => m.id),
        hosted: data.city.meetingsHosted.some((m: any) => m.id === draft.id),
        organised: data.organisation.meetingsOrganised.some((m: any) => m.id === draft.id),
        adoptedAt: data.declaration.adoptedAt?.id ?? null,
      };
      const sees = SEES_INTERNALS[role];
      expected[role] = {
        byId: sees ? 'DRAFT' : 'NOT_FOUND',
        listed: sees ? [draft.id] : [],
        hosted: sees,
        organised: sees,
        adoptedAt: sees ? draft.id : null,
      };
    }
    expect(outcome).toEqual(expected);
  });

  test('internal agenda items and the items nested in them: shown, or absent (agenda, children, the agenda item of an outcome)', async () => {
    const meeting = await publishedMeeting({ internal: true });
    const [publicItem, internalItem] = meeting.items;
    const { addAgendaItem: nested } = await asAdmin(
      `mutation($m: ID!, $input: CreateAgendaItemInput!) { addAgendaItem(meetingId: $m, input: $input) { id } }`,
      { m: meeting.id, input: { kind: 'SPEECH', title: en('Public, inside an internal item'), parentId: internalItem } },
    );
    await asAdmin(
      `mutation($m: ID!, $item: ID!) { recordOutcome(meetingId: $m, input: { kind: DECISION, text: [{ locale: "en", text: "Internal" }], agendaItemId: $item }) { id } }`,
      {
        m: meeting.id,
        item: internalItem,
      },
    );
    const outcome: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const role of MATRIX_ROLES) {
      const result = await hub.query(
        `query($id: ID!) { meeting(id: $id) { agenda { id children { id } } flat: agenda(flat: true) { id } outcomes { agendaItem { id } } } }`,
        { id: meeting.id },
        { token: await tokenOf(role) },
      );
      const data = (result.data as any).meeting;
      outcome[role] = { tree: data.agenda, flat: data.flat.map((i: any) => i.id), outcomeItem: data.outcomes[0].agendaItem };
      expected[role] = SEES_INTERNALS[role]
        ? {
            tree: [
              { id: publicItem, children: [] },
              { id: internalItem, children: [{ id: nested.id }] },
            ],
            flat: [publicItem, internalItem, nested.id],
            outcomeItem: { id: internalItem },
          }
        : { tree: [{ id: publicItem, children: [] }], flat: [publicItem], outcomeItem: null };
    }
    expect(outcome).toEqual(expected);
  });

  test('a write on a draft by a role that may not see it is NOT_FOUND, exactly as on a missing meeting', async () => {
    const { createMeeting: draft } = await asAdmin(`mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`, {
      input: { title: en('Hidden draft'), organiserIds: [UNHCR] },
    });
    const outcome: Record<string, string[]> = {};
    const expected: Record<string, string[]> = {};
    for (const role of MATRIX_ROLES) {
      const result = await hub.query(
        `mutation($id: ID!) { updateMeeting(id: $id, input: { venueName: "x" }) { id } }`,
        { id: draft.id },
        { token: await tokenOf(role) },
      );
      outcome[role] = codes(result);
      expected[role] = role === 'anonymous' ? ['UNAUTHENTICATED'] : SEES_INTERNALS[role] ? [] : ['NOT_FOUND'];
    }
    expect(outcome).toEqual(expected);
  });
});
