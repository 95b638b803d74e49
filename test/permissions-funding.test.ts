import { sampleIds } from '../shared/sample-ids';
import { cities } from '../subgraphs/cities';
import { funding } from '../subgraphs/funding';
import { codes, startTestHub, type GraphQLResult, type TestHub } from './helpers';
import { describePermissionMatrix, MATRIX_ROLES, mutationsOf, type MatrixIdentities, type MatrixRole } from './permission-matrix';

/**
 * Who may call each mutation of the funding subgraph, for the 7 roles of the matrix, over HTTP. The
 * allowed roles are written out here, not read from subgraphs/funding/permissions.ts: this is what
 * the table must say. Then what each role sees of a draft activity: its participating organisations
 * and admins see it with its budgets, transactions, results and participations; everyone else gets
 * NOT_FOUND, and the draft is absent from every list, count, total and extension.
 */

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub([cities, funding]);
  admin = await hub.token({ roles: ['admin'] });
});
afterAll(() => hub?.close());

const org = sampleIds.organisation;
const city = sampleIds.city;
const AMIF = sampleIds.fund('amif');

/**
 * The roles bound to the activities the matrix makes: the European Commission funds them, Eurocities
 * implements them, Trondheim takes part in them. The reviewer belongs to an organisation that does not.
 */
const identities: MatrixIdentities = {
  otherCity: { roles: ['municipality'], cityId: city('bergen') },
  owningCity: { roles: ['municipality'], cityId: city('trondheim') },
  organiser: { roles: ['organiser'], organisationId: org('eurocities') },
  funder: { roles: ['funder'], organisationId: org('european-commission') },
  reviewer: { roles: ['reviewer'], subject: 'matrix-reviewer', organisationId: org('imdi') },
  admin: { roles: ['admin'] },
};

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}-${Math.random().toString(36).slice(2, 7)}`;

function ok<T>(result: GraphQLResult<T>): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

const activityInput = (overrides: Record<string, unknown> = {}) => ({
  identifier: unique('XI-MATRIX'),
  title: [{ locale: 'en', text: 'Matrix activity' }],
  status: 'IMPLEMENTATION',
  plannedStart: '2025-01-01',
  defaultCurrency: 'EUR',
  recipientCountries: ['NO'],
  participatingCityIds: [city('trondheim')],
  participatingOrganisations: [
    { organisationId: org('european-commission'), role: 'FUNDING' },
    { organisationId: org('eurocities'), role: 'IMPLEMENTING' },
  ],
  ...overrides,
});

const budgetInput = { periodStart: '2025-01-01', periodEnd: '2025-12-31', value: { amount: '100.00', currency: 'EUR' } };
const transactionInput = {
  type: 'DISBURSEMENT',
  transactionDate: '2025-03-01',
  value: { amount: '10.00', currency: 'EUR' },
  receiverOrganisationId: org('eurocities'),
};
const resultInput = {
  indicator: [{ locale: 'en', text: 'Courses held' }],
  periods: [{ periodStart: '2025-01-01', periodEnd: '2025-12-31', target: '4' }],
};

/** Runs a mutation as admin and returns the id of what it made. */
async function made(query: string, variables: Record<string, unknown> = {}): Promise<string> {
  const data = ok(await hub.query<Record<string, { id: string }>>(query, variables, { token: admin }));
  return Object.values(data)[0].id;
}

/** A fresh activity, published unless `published: false` (a draft). */
async function freshActivity(overrides: Record<string, unknown> = {}, published = true): Promise<string> {
  const id = await made(`mutation($input: CreateFundingActivityInput!) { createFundingActivity(input: $input) { id } }`, {
    input: activityInput(overrides),
  });
  if (published) await made(`mutation($id: ID!) { publishFundingActivity(id: $id) { id } }`, { id });
  return id;
}
const addBudget = (id: string) =>
  made(`mutation($id: ID!, $input: BudgetInput!) { addBudget(activityId: $id, input: $input) { id } }`, { id, input: budgetInput });
const recordTransaction = (id: string) =>
  made(`mutation($id: ID!, $input: TransactionInput!) { recordTransaction(activityId: $id, input: $input) { id } }`, {
    id,
    input: transactionInput,
  });
const recordResult = (id: string) =>
  made(`mutation($id: ID!, $input: CreateResultInput!) { recordResult(activityId: $id, input: $input) { id } }`, {
    id,
    input: resultInput,
  });

const FUNDER_ROLES: MatrixRole[] = ['funder', 'admin'];
const REPORTER_ROLES: MatrixRole[] = ['organiser', 'funder', 'admin'];

describePermissionMatrix('funding: every mutation × every role', {
  hub: () => hub,
  mutations: () => mutationsOf(funding),
  identities,
  cases: [
    {
      mutation: 'createFund',
      allowed: ['admin'],
      prepare: async () => {
        const slug = unique('matrix-fund');
        return {
          query: `mutation($input: CreateFundInput!) { createFund(input: $input) { id } }`,
          variables: { input: { slug, name: slug } },
        };
      },
    },
    {
      mutation: 'updateFund',
      allowed: ['admin'],
      prepare: async () => {
        const slug = unique('matrix-fund');
        const id = await made(`mutation($input: CreateFundInput!) { createFund(input: $input) { id } }`, { input: { slug, name: slug } });
        return { query: `mutation($id: ID!) { updateFund(id: $id, input: { acronym: "MF" }) { id } }`, variables: { id } };
      },
    },
    {
      mutation: 'createFundingActivity',
      allowed: FUNDER_ROLES,
      prepare: async () => ({
        query: `mutation($input: CreateFundingActivityInput!) { createFundingActivity(input: $input) { id } }`,
        variables: { input: activityInput() },
      }),
    },
    {
      mutation: 'updateFundingActivity',
      allowed: FUNDER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!) { updateFundingActivity(id: $id, input: { themes: [HOUSING], status: FINALISATION }) { id } }`,
        variables: { id: await freshActivity() },
      }),
    },
    {
      // withdrawing a published activity: every role sees the target, so a refusal is FORBIDDEN, not NOT_FOUND
      mutation: 'publishFundingActivity',
      allowed: FUNDER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!) { publishFundingActivity(id: $id, published: false) { id } }`,
        variables: { id: await freshActivity() },
      }),
    },
    {
      mutation: 'deleteFundingActivity',
      allowed: FUNDER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!) { deleteFundingActivity(id: $id) { id } }`,
        variables: { id: await freshActivity() },
      }),
    },
    {
      mutation: 'addBudget',
      allowed: FUNDER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!, $input: BudgetInput!) { addBudget(activityId: $id, input: $input) { id } }`,
        variables: { id: await freshActivity(), input: budgetInput },
      }),
    },
    {
      mutation: 'deleteBudget',
      allowed: FUNDER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!) { deleteBudget(id: $id) { id } }`,
        variables: { id: await addBudget(await freshActivity()) },
      }),
    },
    {
      mutation: 'recordTransaction',
      allowed: REPORTER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!, $input: TransactionInput!) { recordTransaction(activityId: $id, input: $input) { id } }`,
        variables: { id: await freshActivity(), input: transactionInput },
      }),
    },
    {
      mutation: 'deleteTransaction',
      allowed: REPORTER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!) { deleteTransaction(id: $id) { id } }`,
        variables: { id: await recordTransaction(await freshActivity()) },
      }),
    },
    {
      mutation: 'recordResult',
      allowed: REPORTER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!, $input: CreateResultInput!) { recordResult(activityId: $id, input: $input) { id } }`,
        variables: { id: await freshActivity(), input: resultInput },
      }),
    },
    {
      mutation: 'updateResult',
      allowed: REPORTER_ROLES,
      prepare: async () => ({
        query: `mutation($id: ID!) { updateResult(id: $id, input: { unit: "courses" }) { id } }`,
        variables: { id: await recordResult(await freshActivity()) },
      }),
    },
    {
      // a fresh activity's creation (made over HTTP by admin): set back by whoever may update the activity
      mutation: 'restoreFundingActivityVersion',
      allowed: FUNDER_ROLES,
      prepare: async () => {
        const id = await freshActivity();
        const data = ok(
          await hub.query<any>(
            `query($id: ID!) { fundingActivity(id: $id) { history(first: 100) { nodes { id } } } }`,
            { id },
            { token: admin },
          ),
        );
        const nodes = data.fundingActivity.history.nodes as { id: string }[];
        return {
          query: `mutation($id: ID!, $v: ID!) { restoreFundingActivityVersion(id: $id, versionId: $v) { id } }`,
          variables: { id, v: nodes[nodes.length - 1].id },
        };
      },
    },
    {
      // every city or organisation registers for itself (an admin without one is asked to name it: BAD_USER_INPUT)
      mutation: 'registerFundingWebhook',
      allowed: ['otherCity', 'owningCity', 'organiser', 'funder', 'reviewer', 'admin'],
      prepare: async () => ({
        query: `mutation { registerFundingWebhook(input: { url: "https://ngo.example.org/hooks/hub", eventTypes: [FUNDING_ACTIVITY_PUBLISHED] }) { secret } }`,
        variables: {},
      }),
    },
    {
      // the European Commission's registration: its funder and admins remove it; for the others it does not exist
      // (NOT_FOUND, not a refusal: see test/webhooks.test.ts)
      mutation: 'removeFundingWebhook',
      allowed: ['otherCity', 'owningCity', 'organiser', 'funder', 'reviewer', 'admin'],
      prepare: async () => {
        const data = ok(
          await hub.query<any>(
            `mutation($o: ID!) { registerFundingWebhook(input: { url: "https://ngo.example.org/hooks/hub", eventTypes: [FUNDING_ACTIVITY_CHANGED], organisationId: $o }) { subscription { id } } }`,
            { o: org('european-commission') },
            { token: admin },
          ),
        );
        const id = data.registerFundingWebhook.subscription.id as string;
        return { query: `mutation($id: ID!) { removeFundingWebhook(id: $id) { id } }`, variables: { id } };
      },
    },
  ],
});

describe('funding: what each role sees of a draft', () => {
  /** Who sees a draft: its participating organisations (the funder's and the implementer's) and admins. */
  const SEES_DRAFT: Record<MatrixRole, boolean> = {
    anonymous: false,
    otherCity: false,
    owningCity: false,
    organiser: true,
    funder: true,
    reviewer: false,
    admin: true,
  };

  let parent: string;
  let draft: string;
  let identifier: string;
  const country = 'LI';
  beforeAll(async () => {
    parent = await freshActivity({ recipientCountries: [country] });
    identifier = unique('XI-MATRIX-DRAFT');
    draft = await freshActivity({ identifier, recipientCountries: [country], parentId: parent, fundId: AMIF }, false);
    await addBudget(draft);
    await recordTransaction(draft);
    await recordResult(draft);
  });

  const as = async (role: MatrixRole) => (role === 'anonymous' ? undefined : hub.token(identities[role]));

  /** Runs `look` once per role and returns what each role got. */
  async function perRole<T>(look: (token: string | undefined) => Promise<T>): Promise<Record<MatrixRole, T>> {
    const seen = {} as Record<MatrixRole, T>;
    for (const role of MATRIX_ROLES) seen[role] = await look(await as(role));
    return seen;
  }
  const expected = <T>(visible: T, hidden: T) =>
    Object.fromEntries(MATRIX_ROLES.map((role) => [role, SEES_DRAFT[role] ? visible : hidden]));

  test('the draft with its budgets, transactions, results and participations, or NOT_FOUND', async () => {
    const QUERY = `query($id: ID!) { fundingActivity(id: $id) {
      identifier budgets { value { amount } } transactions { value { amount } } results { unit periods { target } }
      participatingOrganisations { role } totals { currency budgeted disbursed } totalBudget { amount } } }`;
    const seen = await perRole(async (token) => {
      const result = await hub.query<{ fundingActivity: unknown }>(QUERY, { id: draft }, { token });
      return { data: result.data?.fundingActivity ?? null, codes: codes(result) };
    });
    const full = {
      identifier,
      budgets: [{ value: { amount: '100.00' } }],
      transactions: [{ value: { amount: '10.00' } }],
      results: [{ unit: null, periods: [{ target: '4' }] }],
      participatingOrganisations: [{ role: 'FUNDING' }, { role: 'IMPLEMENTING' }],
      totals: [{ currency: 'EUR', budgeted: '100.00', disbursed: '10.00' }],
      totalBudget: { amount: '100.00' },
    };
    expect(seen).toEqual(expected({ data: full, codes: [] }, { data: null, codes: ['NOT_FOUND'] }));
  });

  test('by identifier too', async () => {
    const seen = await perRole(async (token) =>
      codes(await hub.query(`query($identifier: String!) { fundingActivity(identifier: $identifier) { id } }`, { identifier }, { token })),
    );
    expect(seen).toEqual(expected([], ['NOT_FOUND']));
  });

  test('lists, counts and totals leave it out', async () => {
    const QUERY = `query($filter: FundingActivityFilter) {
      fundingActivities(filter: $filter, first: 10) { totalCount nodes { identifier } }
      fundingAggregates(filter: $filter) { activityCount totals { currency budgeted disbursed } } }`;
    const seen = await perRole(async (token) => ok(await hub.query(QUERY, { filter: { country, published: false } }, { token })));
    expect(seen).toEqual(
      expected(
        {
          fundingActivities: { totalCount: 1, nodes: [{ identifier }] },
          fundingAggregates: { activityCount: 1, totals: [{ currency: 'EUR', budgeted: '100.00', disbursed: '10.00' }] },
        },
        { fundingActivities: { totalCount: 0, nodes: [] }, fundingAggregates: { activityCount: 0, totals: [] } },
      ),
    );
  });

  test('the parent’s children, the fund’s activities and the city and organisation extensions leave it out', async () => {
    const QUERY = `query($parent: ID!) {
      fundingActivity(id: $parent) { children { identifier budgets { id } } }
      fund(slug: "amif") { activities { identifier } }
      city(slug: "trondheim") { fundingActivities { identifier } }
      organisation(slug: "eurocities") { fundingActivities { identifier } fundingReceived { identifier } } }`;
    const seen = await perRole(async (token) => {
      const data = ok(
        await hub.query<{
          fundingActivity: { children: { identifier: string; budgets: unknown[] }[] };
          fund: { activities: { identifier: string }[] };
          city: { fundingActivities: { identifier: string }[] };
          organisation: { fundingActivities: { identifier: string }[]; fundingReceived: { identifier: string }[] };
        }>(QUERY, { parent }, { token }),
      );
      const has = (list: { identifier: string }[]) => list.some((a) => a.identifier === identifier);
      return {
        children: data.fundingActivity.children,
        fund: has(data.fund.activities),
        city: has(data.city.fundingActivities),
        organisation: has(data.organisation.fundingActivities),
        received: has(data.organisation.fundingReceived),
      };
    });
    expect(seen).toEqual(
      expected(
        { children: [{ identifier, budgets: [expect.any(Object)] }], fund: true, city: true, organisation: true, received: true },
        { children: [], fund: false, city: false, organisation: false, received: false },
      ),
    );
  });

  test('writes on its budgets, transactions and results are NOT_FOUND to whoever may not see it', async () => {
    const seen = await perRole(async (token) => [
      codes(await hub.query(`mutation($id: ID!) { deleteBudget(id: $id) { id } }`, { id: await addBudget(draft) }, { token })),
      codes(await hub.query(`mutation($id: ID!) { deleteTransaction(id: $id) { id } }`, { id: await recordTransaction(draft) }, { token })),
      codes(
        await hub.query(
          `mutation($id: ID!) { updateResult(id: $id, input: { unit: "x" }, expectedVersion: 0) { id } }`,
          { id: await recordResult(draft) },
          { token },
        ),
      ),
    ]);
    // anonymous callers are refused before anything is read; on a draft they see, callers go on to the right (FORBIDDEN) and the version (CONFLICT)
    expect(seen).toEqual({
      anonymous: [['UNAUTHENTICATED'], ['UNAUTHENTICATED'], ['UNAUTHENTICATED']],
      otherCity: [['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND']],
      owningCity: [['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND']],
      organiser: [['FORBIDDEN'], [], ['CONFLICT']],
      funder: [[], [], ['CONFLICT']],
      reviewer: [['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND']],
      admin: [[], [], ['CONFLICT']],
    });
  });
});
