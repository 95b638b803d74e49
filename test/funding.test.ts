import { randomUUID } from 'node:crypto';
import { cities } from '../subgraphs/cities';
import { funding } from '../subgraphs/funding';
import { sampleIds, stableId } from '../shared/sample-ids';
import { generateFunding } from '../subgraphs/funding/synthetic';
import { Migration20261202120000FundingSearchKey } from '../subgraphs/funding/migrations/Migration20261202120000FundingSearchKey';
import { codes, startTestHub, type GraphQLResult, type TestHub } from './helpers';

/**
 * The funding subgraph through the gateway, with the cities subgraph beside it: browsing, aggregates,
 * drafts and permissions, validation, exact money and the N+1 guard of cross-subgraph reads.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub([cities, funding], { shared: false }); // a test writes entities straight into its database
});
afterAll(() => hub?.close());

const org = sampleIds.organisation;
const city = sampleIds.city;
const AMIF = sampleIds.fund('amif');
const CONSOLIDATE = sampleIds.fundingActivity('consolidate-eurocities');
const MARMARA_DRAFT = sampleIds.fundingActivity('marmara-capacity-building');

const token = {
  admin: () => hub.token({ roles: ['admin'] }),
  funder: (slug: string) => hub.token({ roles: ['funder'], organisationId: org(slug) }),
  organiser: (slug: string) => hub.token({ roles: ['organiser'], organisationId: org(slug) }),
  municipality: (slug: string) => hub.token({ roles: ['municipality'], cityId: city(slug) }),
};

function ok<T>(result: GraphQLResult<T>): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!;
}

const CREATE = `mutation($input: CreateFundingActivityInput!) { createFundingActivity(input: $input) { id identifier version published } }`;
const PUBLISH = `mutation($id: ID!) { publishFundingActivity(id: $id) { id published } }`;
const RECORD_TRANSACTION = `mutation($id: ID!, $input: TransactionInput!) { recordTransaction(activityId: $id, input: $input) { id type value { amount currency valueDate } provider { id } receiver { id } } }`;
const ADD_BUDGET = `mutation($id: ID!, $input: BudgetInput!) { addBudget(activityId: $id, input: $input) { id value { amount currency } } }`;

let serial = 0;
/** An activity input funded by the European Commission and implemented by Eurocities, with overrides. */
function activityInput(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    identifier: `XI-TEST-${serial}-${Math.random().toString(36).slice(2, 8)}`,
    title: [{ locale: 'en', text: `Test activity ${serial}` }],
    status: 'IMPLEMENTATION',
    plannedStart: '2025-01-01',
    plannedEnd: '2025-12-31',
    defaultCurrency: 'EUR',
    themes: ['LANGUAGE'],
    recipientCountries: ['NO'],
    participatingCityIds: [city('trondheim')],
    participatingOrganisations: [
      { organisationId: org('european-commission'), role: 'FUNDING' },
      { organisationId: org('eurocities'), role: 'IMPLEMENTING' },
    ],
    ...overrides,
  };
}

async function createActivity(overrides: Record<string, unknown> = {}, options: { publish?: boolean; as?: string } = {}) {
  const bearer = options.as ?? (await token.funder('european-commission'));
  const created = ok(
    await hub.query<{ createFundingActivity: { id: string; identifier: string; published: boolean } }>(
      CREATE,
      { input: activityInput(overrides) },
      { token: bearer },
    ),
  );
  if (options.publish !== false) ok(await hub.query(PUBLISH, { id: created.createFundingActivity.id }, { token: bearer }));
  return created.createFundingActivity;
}

/** Exact decimal arithmetic of the test's own, in integer units of 10^-4 (the stored scale). */
const SCALE = 4;
const toUnits = (amount: string) => {
  const [whole, fraction = ''] = amount.split('.');
  return BigInt(whole) * 10n ** BigInt(SCALE) + BigInt((fraction + '0'.repeat(SCALE)).slice(0, SCALE));
};
const fromUnits = (units: bigint, digits: number) => {
  const text = units.toString().padStart(SCALE + 1, '0');
  const whole = text.slice(0, -SCALE);
  const fraction = text.slice(-SCALE).slice(0, digits);
  return digits > 0 ? `${whole}.${fraction}` : whole;
};
const DIGITS: Record<string, number> = { EUR: 2, NOK: 2, SEK: 2, JPY: 0, BHD: 3 };

interface ListedActivity {
  id: string;
  identifier: string;
  status: string;
  themes: string[];
  recipientCountries: string[];
  pillar: string | null;
  startDate: string;
  endDate: string | null;
  totalBudget: { amount: string; currency: string } | null;
  budgets: { type: string; periodStart: string; periodEnd: string; value: { amount: string; currency: string } }[];
  transactions: { type: string; value: { amount: string; currency: string } }[];
}

const LIST = `query($filter: FundingActivityFilter, $orderBy: FundingActivitySort, $first: Int, $after: String) {
  fundingActivities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id identifier status themes recipientCountries pillar startDate endDate
      totalBudget { amount currency }
      budgets { type periodStart periodEnd value { amount currency } }
      transactions { type value { amount currency } }
    }
  }
}`;

async function list(
  filter: Record<string, unknown> | null,
  options: { orderBy?: string; first?: number; after?: string; token?: string } = {},
) {
  const data = ok(
    await hub.query<{
      fundingActivities: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ListedActivity[] };
    }>(LIST, { filter, orderBy: options.orderBy, first: options.first ?? 100, after: options.after }, { token: options.token }),
  );
  return data.fundingActivities;
}
const identifiersOf = async (filter: Record<string, unknown> | null, token?: string) =>
  (await list(filter, { token })).nodes.map((n) => n.identifier).sort();

test('the sample data: Consolidate Eurocities funded by AMIF, and illustrative activities marked as such', async () => {
  const data = ok(
    await hub.query<any>(
      `query($id: ID!) {
      fundingActivity(id: $id) {
        identifier title { text } status pillar themes recipientCountries published illustrative dataNote
        fund { id slug acronym name managingOrganisation { name } }
        participatingOrganisations { role organisation { name } }
        cities { name }
        contact { personName jobTitle organisationName website }
        totalBudget { amount currency } totals { currency budgeted committed }
      }
      fund(slug: "amif") { id activities { identifier } }
    }`,
      { id: CONSOLIDATE },
    ),
  );
  const activity = data.fundingActivity;
  expect(activity).toMatchObject({
    title: { text: 'Consolidate Eurocities' },
    status: 'IMPLEMENTATION',
    pillar: 'CAPACITY_BUILDING',
    themes: ['HOUSING'],
    published: true,
    illustrative: false,
    fund: { id: AMIF, slug: 'amif', acronym: 'AMIF', managingOrganisation: { name: 'European Commission' } },
    cities: [{ name: 'Göteborg' }],
    contact: { personName: 'Paul Wallner', organisationName: 'Göteborgs Stad' },
    // the source gives no amounts: the budget is unknown (null), never 0.00 EUR, and nothing is totalled
    totalBudget: null,
    totals: [],
  });
  const roles = activity.participatingOrganisations.map((p: any) => `${p.organisation.name}:${p.role}`).sort();
  expect(roles).toEqual(expect.arrayContaining(['European Commission:FUNDING', 'Eurocities:ACCOUNTABLE', 'Eurocities:IMPLEMENTING']));
  // no personal phone number or e-mail address anywhere in the record
  expect(JSON.stringify(activity)).not.toMatch(/@|0728|\+46/);
  expect(data.fund.activities.map((a: any) => a.identifier)).toContain('XI-HUB-AMIF-CONSOLIDATE-EUROCITIES');

  // themes are codes with names in several languages, served in the reader's language
  const themes = ok(
    await hub.query<any>(
      `query($id: ID!) { fundingActivity(id: $id) { themeLabels { code name { text } sv: name { text(locale: "sv") } } } }`,
      { id: CONSOLIDATE },
      { headers: { 'accept-language': 'nb-NO' } },
    ),
  );
  expect(themes.fundingActivity.themeLabels).toEqual([{ code: 'HOUSING', name: { text: 'Bolig' }, sv: { text: 'Boende' } }]);
  const codelist = ok(await hub.query<any>(`{ activityThemes { code } }`)).activityThemes;
  expect(codelist.map((t: any) => t.code)).toEqual(expect.arrayContaining(['HOUSING', 'EMPLOYMENT', 'LANGUAGE', 'EDUCATION', 'HEALTH']));

  // the cities subgraph's City and Organisation, extended with what they fund, implement, receive and manage
  const extended = ok(
    await hub.query<any>(`{
      city(slug: "goteborg") { fundingActivities(role: PARTICIPATING) { identifier } }
      commission: organisation(slug: "european-commission") { managedFunds { slug } fundingActivities(role: FUNDING) { identifier } }
      unhcr: organisation(slug: "unhcr") { fundingReceived { identifier } fundingActivities(role: IMPLEMENTING) { identifier } }
    }`),
  );
  expect(extended.city.fundingActivities).toEqual([{ identifier: 'XI-HUB-AMIF-CONSOLIDATE-EUROCITIES' }]);
  expect(extended.commission.managedFunds).toEqual([{ slug: 'amif' }]);
  expect(extended.commission.fundingActivities.map((a: any) => a.identifier)).toContain('XI-HUB-AMIF-CONSOLIDATE-EUROCITIES');
  expect(extended.unhcr.fundingReceived).toEqual([{ identifier: 'XI-HUB-ILLUSTRATIVE-DIRECT-FUNDING-ATHENS' }]);
  // UNHCR funds the Marmara draft, but the public does not see drafts
  expect(extended.unhcr.fundingActivities).toEqual([{ identifier: 'XI-HUB-ILLUSTRATIVE-DIRECT-FUNDING-ATHENS' }]);

  const illustrative = await list({ illustrative: true });
  expect(illustrative.totalCount).toBeGreaterThanOrEqual(3);
  const notes = ok(await hub.query<any>(`{ fundingActivities(filter: { illustrative: true }) { nodes { illustrative dataNote pillar } } }`))
    .fundingActivities.nodes;
  for (const n of notes) {
    expect(n.illustrative).toBe(true);
    expect(n.dataNote).toMatch(/Illustrative/);
  }
  expect(new Set(notes.map((n: any) => n.pillar))).toEqual(new Set(['INFORMATION_EXCHANGE', 'FUNDING', 'RELOCATION_PLEDGES']));

  // the parts of an activity are illustrative with it: invented amounts are marked as such, facts are not
  const parts = ok(
    await hub.query<any>(`{ fundingActivities(first: 20) { nodes { identifier illustrative
      budgets { illustrative } transactions { illustrative } results { illustrative } } } }`),
  ).fundingActivities.nodes;
  for (const a of parts) {
    for (const part of [...a.budgets, ...a.transactions, ...a.results])
      expect([a.identifier, part.illustrative]).toEqual([a.identifier, a.illustrative]);
  }
  const athens = parts.find((a: any) => a.identifier === 'XI-HUB-ILLUSTRATIVE-DIRECT-FUNDING-ATHENS');
  expect(athens.budgets.length + athens.transactions.length).toBe(7);
  expect(parts.find((a: any) => a.identifier === 'XI-HUB-AMIF-CONSOLIDATE-EUROCITIES').results).toEqual([{ illustrative: false }]);
});

test('browsing: every filter narrows the list, sorting by date and amount, cursor paging', async () => {
  const seeded = {
    consolidate: 'XI-HUB-AMIF-CONSOLIDATE-EUROCITIES',
    info: 'XI-HUB-ILLUSTRATIVE-INFO-EXCHANGE',
    lillehammer: 'XI-HUB-ILLUSTRATIVE-INFO-EXCHANGE-LILLEHAMMER',
    athens: 'XI-HUB-ILLUSTRATIVE-DIRECT-FUNDING-ATHENS',
    pledges: 'XI-HUB-ILLUSTRATIVE-RELOCATION-PLEDGES',
  };
  const only = (ids: string[]) => ids.filter((id) => id.startsWith('XI-HUB-')).sort();
  const all = only(await identifiersOf(null));
  expect(all).toEqual(Object.values(seeded).sort());
  expect(only(await identifiersOf({ fund: AMIF }))).toEqual([seeded.consolidate, seeded.athens, seeded.info].sort());
  expect(only(await identifiersOf({ funder: org('european-commission') }))).toEqual(
    [seeded.consolidate, seeded.athens, seeded.info].sort(),
  );
  expect(only(await identifiersOf({ implementer: org('unhcr') }))).toEqual([seeded.athens]);
  expect(only(await identifiersOf({ organisation: org('ks') }))).toEqual([seeded.pledges]);
  expect(only(await identifiersOf({ funder: org('european-commission'), implementer: org('eurocities') }))).toEqual(
    [seeded.consolidate, seeded.info].sort(),
  );
  expect(only(await identifiersOf({ city: city('goteborg') }))).toEqual([seeded.consolidate]);
  expect(only(await identifiersOf({ city: city('athens') }))).toEqual([seeded.athens, seeded.info].sort());
  expect(only(await identifiersOf({ country: 'GR' }))).toEqual([seeded.athens, seeded.info].sort());
  expect(only(await identifiersOf({ themes: ['HOUSING'] }))).toEqual([seeded.consolidate, seeded.athens, seeded.pledges].sort());
  expect(only(await identifiersOf({ themes: ['EMPLOYMENT', 'UNACCOMPANIED_MINORS'] }))).toEqual([seeded.athens, seeded.lillehammer].sort());
  expect(only(await identifiersOf({ pillar: 'INFORMATION_EXCHANGE' }))).toEqual([seeded.info, seeded.lillehammer].sort());
  expect(only(await identifiersOf({ statuses: ['CLOSED', 'FINALISATION'] }))).toEqual([seeded.athens, seeded.lillehammer].sort());
  // running at some time in 2024-05: the Lillehammer visit, the knowledge exchange, Athens and Consolidate (open-ended)
  expect(only(await identifiersOf({ activeFrom: '2024-05-10', activeTo: '2024-05-20' }))).toEqual(
    [seeded.consolidate, seeded.info, seeded.lillehammer, seeded.athens].sort(),
  );
  expect(only(await identifiersOf({ activeFrom: '2025-03-01' }))).toEqual([seeded.consolidate, seeded.pledges].sort());
  expect(only(await identifiersOf({ activeTo: '2022-12-31' }))).toEqual([seeded.athens]);
  expect(only(await identifiersOf({ search: 'consolidate' }))).toEqual([seeded.consolidate]);
  expect(only(await identifiersOf({ search: 'enslige MINDREÅRIGE' }))).toEqual([seeded.lillehammer]);
  expect(only(await identifiersOf({ search: '100%_' }))).toEqual([]);
  // any case, with or without accents, in any stored language
  expect(only(await identifiersOf({ search: 'GOTEBORGS stads' }))).toEqual([seeded.consolidate]);
  expect(only(await identifiersOf({ search: 'göç birimleri' }, await token.admin()))).toEqual([
    'XI-HUB-ILLUSTRATIVE-CAPACITY-BUILDING-MARMARA',
  ]);
  expect(only(await identifiersOf({ search: 'goc BIRIMLERI' }, await token.admin()))).toEqual([
    'XI-HUB-ILLUSTRATIVE-CAPACITY-BUILDING-MARMARA',
  ]);
  expect(only(await identifiersOf({ illustrative: false }))).toEqual([seeded.consolidate]);
  expect(only(await identifiersOf({ fund: AMIF, themes: ['HOUSING'], country: 'GR', statuses: ['FINALISATION'] }))).toEqual([
    seeded.athens,
  ]);

  // sorting: by start date (actual, else planned), and by budget in the default currency
  const byDate = (await list(null, { orderBy: 'START_DATE_ASC' })).nodes.filter((n) => n.identifier.startsWith('XI-HUB-'));
  expect(byDate.map((n) => n.startDate)).toEqual([...byDate.map((n) => n.startDate)].sort());
  expect(byDate.find((n) => n.identifier === seeded.info)!.startDate).toBe('2023-04-01');
  const byAmount = (await list({ fund: AMIF }, { orderBy: 'BUDGET_DESC' })).nodes;
  expect(byAmount.map((n) => n.identifier)).toEqual([seeded.athens, seeded.info, seeded.consolidate]);
  // Consolidate Eurocities has no budget in the sources: unknown (null), not 0.00 EUR; it sorts as the lowest
  expect(byAmount.map((n) => n.totalBudget?.amount ?? null)).toEqual(['250000.00', '120000.00', null]);
  const ascending = (await list({ fund: AMIF }, { orderBy: 'BUDGET_ASC' })).nodes.map((n) => n.identifier);
  expect(ascending).toEqual([seeded.consolidate, seeded.info, seeded.athens]);

  // Relay paging: two pages of the AMIF list, in the same order as one page
  const first = await list({ fund: AMIF }, { orderBy: 'BUDGET_DESC', first: 2 });
  expect(first.pageInfo.hasNextPage).toBe(true);
  expect(first.totalCount).toBe(3);
  const second = await list({ fund: AMIF }, { orderBy: 'BUDGET_DESC', first: 2, after: first.pageInfo.endCursor! });
  expect([...first.nodes, ...second.nodes].map((n) => n.identifier)).toEqual(byAmount.map((n) => n.identifier));
  expect(second.pageInfo.hasNextPage).toBe(false);

  // a malformed filter value is the caller's mistake
  const bad = await hub.query(LIST, { filter: { funder: 'not-an-id' } });
  expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
  const badCountry = await hub.query(LIST, { filter: { country: 'Norway' } });
  expect(codes(badCountry)).toEqual(['BAD_USER_INPUT']);
  const badRange = await hub.query(LIST, { filter: { activeFrom: '2025-01-01', activeTo: '2024-01-01' } });
  expect(codes(badRange)).toEqual(['BAD_USER_INPUT']);
});

test('aggregates: totals per currency and counts per status, theme and country equal the sums the test computes itself', async () => {
  // a revised budget replaces the original one of the same period
  const bearer = await token.funder('european-commission');
  const activity = await createActivity({ defaultCurrency: 'SEK', recipientCountries: ['SE'], themes: ['HEALTH', 'LANGUAGE'] });
  for (const [type, amount] of [
    ['ORIGINAL', '1000.00'],
    ['REVISED', '1250.50'],
  ]) {
    ok(
      await hub.query(
        ADD_BUDGET,
        { id: activity.id, input: { type, periodStart: '2025-01-01', periodEnd: '2025-12-31', value: { amount, currency: 'SEK' } } },
        { token: bearer },
      ),
    );
  }
  ok(
    await hub.query(
      ADD_BUDGET,
      { id: activity.id, input: { periodStart: '2026-01-01', periodEnd: '2026-06-30', value: { amount: '99.99', currency: 'SEK' } } },
      { token: bearer },
    ),
  );
  for (const [type, amount] of [
    ['OUTGOING_COMMITMENT', '1350.49'],
    ['DISBURSEMENT', '700.01'],
    ['EXPENDITURE', '333.33'],
    ['EXPENDITURE', '0.01'],
  ]) {
    ok(
      await hub.query(
        RECORD_TRANSACTION,
        {
          id: activity.id,
          input: {
            type,
            transactionDate: '2025-03-01',
            value: { amount, currency: 'SEK' },
            providerOrganisationId: org('european-commission'),
            receiverOrganisationId: org('eurocities'),
          },
        },
        { token: bearer },
      ),
    );
  }

  const AGGREGATES = `query($filter: FundingActivityFilter) { fundingAggregates(filter: $filter) {
    activityCount
    totals { currency budgeted committed disbursed spent pledged received }
    byStatus { status count } byTheme { theme count } byCountry { country count } byPillar { pillar count }
  } }`;
  for (const filter of [
    null,
    { fund: AMIF },
    { country: 'SE' },
    { themes: ['HOUSING', 'LANGUAGE'] },
    { statuses: ['IMPLEMENTATION'], activeFrom: '2024-01-01' },
  ]) {
    const listed = (await list(filter)).nodes;
    const aggregates = ok(await hub.query<any>(AGGREGATES, { filter })).fundingAggregates;
    expect(aggregates.activityCount).toBe(listed.length);

    // a kind with nothing recorded in a currency is null there (unknown), not 0
    const sums = new Map<string, Record<string, bigint | null>>();
    const add = (currency: string, key: string | null, amount: string) => {
      const entry = sums.get(currency) ?? { budgeted: null, committed: null, disbursed: null, spent: null, pledged: null, received: null };
      if (key) entry[key] = (entry[key] ?? 0n) + toUnits(amount);
      sums.set(currency, entry);
    };
    const KEY: Record<string, string> = {
      OUTGOING_COMMITMENT: 'committed',
      DISBURSEMENT: 'disbursed',
      EXPENDITURE: 'spent',
      OUTGOING_PLEDGE: 'pledged',
      INCOMING_PLEDGE: 'pledged',
      INCOMING_FUNDS: 'received',
    };
    for (const a of listed) {
      for (const b of a.budgets) {
        const revised = a.budgets.some(
          (r) =>
            r.type === 'REVISED' && r.periodStart === b.periodStart && r.periodEnd === b.periodEnd && r.value.currency === b.value.currency,
        );
        if (b.type === 'ORIGINAL' && revised) continue;
        add(b.value.currency, 'budgeted', b.value.amount);
      }
      for (const t of a.transactions) {
        // every transaction's currency shows up in the totals, even when its type is not summed
        add(t.value.currency, KEY[t.type] ?? null, t.value.amount);
      }
    }
    const expected = [...sums.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, s]) => ({
        currency,
        ...Object.fromEntries(Object.entries(s).map(([k, v]) => [k, v == null ? null : fromUnits(v, DIGITS[currency])])),
      }));
    expect(aggregates.totals).toEqual(expected);

    const count = (values: string[]) => {
      const m = new Map<string, number>();
      for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
      return m;
    };
    const asMap = (rows: any[], key: string) => new Map(rows.map((r) => [r[key], r.count]));
    expect(asMap(aggregates.byStatus, 'status')).toEqual(count(listed.map((a) => a.status)));
    expect(asMap(aggregates.byTheme, 'theme')).toEqual(count(listed.flatMap((a) => a.themes)));
    expect(asMap(aggregates.byCountry, 'country')).toEqual(count(listed.flatMap((a) => a.recipientCountries)));
    expect(asMap(aggregates.byPillar, 'pillar')).toEqual(count(listed.flatMap((a) => (a.pillar ? [a.pillar] : []))));
  }
  const sek = ok(await hub.query<any>(AGGREGATES, { filter: { country: 'SE', themes: ['HEALTH'] } })).fundingAggregates;
  expect(sek.totals).toEqual([
    { currency: 'SEK', budgeted: '1350.49', committed: '1350.49', disbursed: '700.01', spent: '333.34', pledged: null, received: null },
  ]);
  const sorted = ok(
    await hub.query<any>(`query($id: ID!) { fundingActivity(id: $id) { totalBudget { amount currency } } }`, { id: activity.id }),
  );
  expect(sorted.fundingActivity.totalBudget).toEqual({ amount: '1350.49', currency: 'SEK' });
});

test('aggregates: the totals kept as rollups with each write answer exactly what summing the activities answers, for every caller', async () => {
  const funder = await token.funder('european-commission');
  const PARTS = `activityCount
    totals { currency budgeted committed disbursed spent pledged received }
    byStatus { status count } byTheme { theme count } byCountry { country count } byPillar { pillar count }`;
  const callers = async () => ({
    anonymous: undefined,
    'its funder': funder,
    'another funder': await token.funder('unhcr'),
    admin: await token.admin(),
  });
  const filters: Record<string, unknown>[] = [
    {},
    { fund: AMIF },
    { fund: AMIF.toUpperCase() },
    { pillar: 'FUNDING' },
    { themes: ['HOUSING'] },
    { themes: ['EDUCATION'], statuses: ['FINALISATION', 'IMPLEMENTATION'] },
    { country: 'DK' },
    { city: city('oslo') },
    { statuses: ['PIPELINE'] },
    { published: false },
    { published: true },
  ];
  /**
   * Each caller and filter: the rollups' answer, and the one of the same filter widened by a date
   * that the rollups cannot answer (so the database sums the activities), in one request per caller.
   */
  const compare = async (step: string) => {
    const variables = Object.fromEntries(
      filters.flatMap((filter, i) => [
        [`k${i}`, filter],
        [`s${i}`, { ...filter, activeFrom: '1900-01-01' }],
      ]),
    );
    const query = `query(${Object.keys(variables)
      .map((name) => `$${name}: FundingActivityFilter`)
      .join(', ')}) {
      ${Object.keys(variables)
        .map((name) => `${name}: fundingAggregates(filter: $${name}) { ${PARTS} }`)
        .join('\n')}
    }`;
    for (const [caller, bearer] of Object.entries(await callers())) {
      const answers = ok(await hub.query<Record<string, unknown>>(query, variables, { token: bearer }));
      filters.forEach((filter, i) => {
        expect({ step, caller, filter, aggregates: answers[`k${i}`] }).toEqual({ step, caller, filter, aggregates: answers[`s${i}`] });
      });
    }
  };
  const budget = (amount: string, currency: string, type = 'ORIGINAL') => ({
    type,
    periodStart: '2025-01-01',
    periodEnd: '2025-12-31',
    value: { amount, currency },
  });
  const transaction = (type: string, amount: string, currency: string) => ({
    type,
    transactionDate: '2025-03-01',
    value: { amount, currency },
    providerOrganisationId: org('european-commission'),
    receiverOrganisationId: org('eurocities'),
  });

  // a draft in a fund, with budgets in two currencies (one revised) and transactions
  const draft = await createActivity(
    { fundId: AMIF, pillar: 'FUNDING', themes: ['HOUSING', 'EDUCATION'], recipientCountries: ['DK'], participatingCityIds: [city('oslo')] },
    { publish: false },
  );
  const budgets = [];
  for (const input of [budget('1000.00', 'EUR'), budget('1200.50', 'EUR', 'REVISED'), budget('300.00', 'NOK')]) {
    budgets.push(ok(await hub.query<any>(ADD_BUDGET, { id: draft.id, input }, { token: funder })).addBudget);
  }
  const transactions = [];
  for (const input of [
    transaction('OUTGOING_COMMITMENT', '1200.50', 'EUR'),
    transaction('DISBURSEMENT', '600.25', 'EUR'),
    transaction('INCOMING_PLEDGE', '50.00', 'NOK'),
  ]) {
    transactions.push(ok(await hub.query<any>(RECORD_TRANSACTION, { id: draft.id, input }, { token: funder })).recordTransaction);
  }
  await compare('a draft with budgets and transactions');

  // the revised budget and a transaction deleted; published; moved to other themes, status and country
  ok(await hub.query(`mutation($id: ID!) { deleteBudget(id: $id) { id } }`, { id: budgets[1].id }, { token: funder }));
  ok(await hub.query(`mutation($id: ID!) { deleteTransaction(id: $id) { id } }`, { id: transactions[1].id }, { token: funder }));
  ok(await hub.query(PUBLISH, { id: draft.id }, { token: funder }));
  ok(
    await hub.query(
      `mutation($id: ID!) { updateFundingActivity(id: $id, input: { themes: [EDUCATION], status: FINALISATION, recipientCountries: ["SE"] }) { id } }`,
      { id: draft.id },
      { token: funder },
    ),
  );
  await compare('deletions, publication and new dimensions');

  // writes at the same moment on two activities, then one of them deleted
  const other = await createActivity({ themes: ['HOUSING'], recipientCountries: ['DK'], defaultCurrency: 'NOK' });
  const concurrent = await Promise.all([
    ...['10.00', '20.00', '30.00'].map((amount) =>
      hub.query(
        ADD_BUDGET,
        { id: draft.id, input: { ...budget(amount, 'SEK'), periodStart: `2026-01-0${amount[0]}`, periodEnd: '2026-12-31' } },
        { token: funder },
      ),
    ),
    ...['1.00', '2.00', '3.00'].map((amount) =>
      hub.query(RECORD_TRANSACTION, { id: other.id, input: transaction('EXPENDITURE', amount, 'NOK') }, { token: funder }),
    ),
  ]);
  for (const result of concurrent) ok(result);
  ok(await hub.query(`mutation($id: ID!) { deleteFundingActivity(id: $id) { id } }`, { id: other.id }, { token: funder }));
  await compare('concurrent writes and a deleted activity');

  // the rollups are the sums of the entries: nothing was lost or counted twice on the way
  expect(await rollupDrift()).toBe(0);
});

/** Rollup rows that are not the sum of the activities' entries (0: none). */
async function rollupDrift(): Promise<number> {
  const [{ rows }] = await hub.subgraphs.funding.database.orm.em.getConnection().execute(`
    with sums as (
      select d.dim, e.status, e.published, e.currency, e.kind, sum(e.amount) as amount, sum(e.entries) as entries
      from funding_rollup_entry e cross join unnest(e.dims) d(dim) group by 1, 2, 3, 4, 5
    ), kept as (select * from funding_rollup where entries <> 0 or amount <> 0)
    select count(*)::int as rows from ((select * from sums except select * from kept) union all (select * from kept except select * from sums)) d`);
  return rows;
}

(process.env.DATABASE_URL ? test : test.skip)(
  'aggregates: two writers of one activity at the same moment both count in the rollups (server)',
  async () => {
    const knex = hub.subgraphs.funding.database.orm.em.getKnex();
    const record = (trx: typeof knex, amount: string) =>
      trx.raw(
        `insert into activity_transaction (id, activity_id, type, transaction_date, amount, currency)
       values (gen_random_uuid(), ?, 'INCOMING_FUNDS', '2025-01-01', ?, 'EUR')`,
        [CONSOLIDATE, amount],
      );
    const first = await knex.transaction();
    const second = await knex.transaction();
    try {
      await record(first, '1.00');
      // the second writer reads the activity's entries after the first one's commit, not before
      const waiting = record(second, '2.00').then(() => 'recorded'); // knex sends a query once it is awaited
      await new Promise((resolve) => setTimeout(resolve, 300));
      await first.commit();
      await waiting;
      await second.commit();
    } finally {
      if (!first.isCompleted()) await first.rollback();
      if (!second.isCompleted()) await second.rollback();
    }
    expect(await rollupDrift()).toBe(0);
    const received = async (filter: Record<string, unknown>) =>
      ok(
        await hub.query<any>(`query($f: FundingActivityFilter) { fundingAggregates(filter: $f) { totals { currency received } } }`, {
          f: filter,
        }),
      ).fundingAggregates.totals;
    expect(await received({})).toEqual(await received({ activeFrom: '1900-01-01' }));
  },
);

test('aggregates: every part asked in one request costs one SQL statement', async () => {
  const ALL = `{ fundingAggregates(filter: { themes: [HOUSING] }) {
    activityCount totals { currency committed } byStatus { status count } byTheme { theme count } byCountry { country count } byPillar { pillar count }
  } }`;
  const all = await hub.subgraphs.funding.database.countStatements(async () => ok(await hub.query<any>(ALL)));
  expect(all.statements).toBe(1);
  const count = await hub.subgraphs.funding.database.countStatements(async () =>
    ok(await hub.query<any>(`{ fundingAggregates(filter: { themes: [HOUSING] }) { activityCount } }`)),
  );
  expect(count.statements).toBe(1);
  expect(count.result.fundingAggregates.activityCount).toBe(all.result.fundingAggregates.activityCount);
  expect(all.result.fundingAggregates.activityCount).toBeGreaterThan(0);
});

test('money round-trips exactly: 0.1 + 0.2 is 0.30, and each currency keeps its decimals', async () => {
  const bearer = await token.funder('european-commission');
  const activity = await createActivity({ recipientCountries: ['IS'] });
  const recorded = [];
  for (const amount of ['0.1', '0.2']) {
    recorded.push(
      ok(
        await hub.query<any>(
          RECORD_TRANSACTION,
          {
            id: activity.id,
            input: {
              type: 'DISBURSEMENT',
              transactionDate: '2025-02-01',
              value: { amount, currency: 'EUR', valueDate: '2025-02-01' },
              providerOrganisationId: org('european-commission'),
            },
          },
          { token: bearer },
        ),
      ).recordTransaction,
    );
  }
  expect(recorded.map((r) => r.value)).toEqual([
    { amount: '0.10', currency: 'EUR', valueDate: '2025-02-01' },
    { amount: '0.20', currency: 'EUR', valueDate: '2025-02-01' },
  ]);
  const totals = ok(
    await hub.query<any>(`query($id: ID!) { fundingActivity(id: $id) { totals { currency disbursed } } }`, { id: activity.id }),
  );
  expect(totals.fundingActivity.totals).toEqual([{ currency: 'EUR', disbursed: '0.30' }]);
  const aggregate = ok(await hub.query<any>(`{ fundingAggregates(filter: { country: "IS" }) { totals { currency disbursed } } }`));
  expect(aggregate.fundingAggregates.totals).toEqual([{ currency: 'EUR', disbursed: '0.30' }]);

  // big amounts keep every digit; JPY has no decimals, BHD three; an inline literal is as exact as a string
  const big = ok(
    await hub.query<any>(
      RECORD_TRANSACTION,
      {
        id: activity.id,
        input: { type: 'EXPENDITURE', transactionDate: '2025-02-01', value: { amount: '123456789012345.67', currency: 'EUR' } },
      },
      { token: bearer },
    ),
  );
  expect(big.recordTransaction.value.amount).toBe('123456789012345.67');
  const jpy = ok(
    await hub.query<any>(
      RECORD_TRANSACTION,
      { id: activity.id, input: { type: 'EXPENDITURE', transactionDate: '2025-02-01', value: { amount: '1500', currency: 'JPY' } } },
      { token: bearer },
    ),
  );
  // without a value date, the transaction date is the value date
  expect(jpy.recordTransaction.value).toEqual({ amount: '1500', currency: 'JPY', valueDate: '2025-02-01' });
  const bhd = ok(
    await hub.query<any>(
      `mutation($id: ID!) { recordTransaction(activityId: $id, input: { type: EXPENDITURE, transactionDate: "2025-02-01", value: { amount: 1.234, currency: "BHD" } }) { value { amount currency } } }`,
      { id: activity.id },
      { token: bearer },
    ),
  );
  expect(bhd.recordTransaction.value).toEqual({ amount: '1.234', currency: 'BHD' });
  // budgets added at the same time all count: the total is kept under a lock on the activity
  const VERSION = `query($id: ID!) { fundingActivity(id: $id) { version updatedAt totalBudget { amount currency } } }`;
  const before = ok(await hub.query<any>(VERSION, { id: activity.id })).fundingActivity;
  const amounts = ['0.01', '0.02', '0.03', '0.04', '1000000000.05'];
  const added = await Promise.all(
    amounts.map((amount, i) =>
      hub.query(
        ADD_BUDGET,
        { id: activity.id, input: { periodStart: `202${i}-01-01`, periodEnd: `202${i}-12-31`, value: { amount, currency: 'EUR' } } },
        { token: bearer },
      ),
    ),
  );
  expect(added.flatMap(codes)).toEqual([]);
  const afterBudgets = ok(await hub.query<any>(VERSION, { id: activity.id })).fundingActivity;
  expect(afterBudgets.totalBudget).toEqual({ amount: '1000000000.15', currency: 'EUR' });
  // a changed total is a change of the activity (change feed, optimistic locking)
  expect(afterBudgets.version).toBeGreaterThan(before.version);
  expect(afterBudgets.updatedAt > before.updatedAt).toBe(true);

  const all = ok(
    await hub.query<any>(`query($id: ID!) { fundingActivity(id: $id) { totals { currency spent disbursed } } }`, { id: activity.id }),
  );
  expect(all.fundingActivity.totals).toEqual([
    // nothing disbursed is recorded in BHD or JPY: unknown, not 0
    { currency: 'BHD', spent: '1.234', disbursed: null },
    { currency: 'EUR', spent: '123456789012345.67', disbursed: '0.30' },
    { currency: 'JPY', spent: '1500', disbursed: null },
  ]);
});

test('drafts: visible only to their participating organisations and admins until published', async () => {
  const DRAFT = `query($id: ID!) { fundingActivity(id: $id) { identifier published } }`;
  expect(codes(await hub.query(DRAFT, { id: MARMARA_DRAFT }))).toEqual(['NOT_FOUND']);
  expect(codes(await hub.query(DRAFT, { id: MARMARA_DRAFT }, { token: await token.funder('european-commission') }))).toEqual(['NOT_FOUND']);
  for (const bearer of [await token.admin(), await token.funder('unhcr'), await token.organiser('wald')]) {
    expect(ok(await hub.query<any>(DRAFT, { id: MARMARA_DRAFT }, { token: bearer })).fundingActivity.published).toBe(false);
  }
  const identifier = 'XI-HUB-ILLUSTRATIVE-CAPACITY-BUILDING-MARMARA';
  expect(await identifiersOf({ country: 'TR' })).toEqual([]);
  expect(await identifiersOf({ country: 'TR' }, await token.organiser('wald'))).toEqual([identifier]);
  expect(await identifiersOf({ published: false }, await token.funder('unhcr'))).toEqual([identifier]);
  expect(await identifiersOf({ published: false })).toEqual([]);
  const aggregate = `{ fundingAggregates(filter: { country: "TR" }) { activityCount totals { currency budgeted } } }`;
  expect(ok(await hub.query<any>(aggregate)).fundingAggregates).toEqual({ activityCount: 0, totals: [] });
  expect(ok(await hub.query<any>(aggregate, {}, { token: await token.admin() })).fundingAggregates).toEqual({
    activityCount: 1,
    totals: [{ currency: 'EUR', budgeted: '40000.00' }],
  });
  // the city and organisation extensions hide it too
  const istanbul = `{ city(slug: "istanbul") { fundingActivities { identifier } } }`;
  expect(ok(await hub.query<any>(istanbul)).city.fundingActivities).toEqual([]);
  expect(ok(await hub.query<any>(istanbul, {}, { token: await token.funder('unhcr') })).city.fundingActivities).toEqual([{ identifier }]);

  // a new activity is a draft until its funder publishes it
  const created = await createActivity({ recipientCountries: ['LU'] }, { publish: false });
  expect(created.published).toBe(false);
  expect(await identifiersOf({ country: 'LU' })).toEqual([]);
  expect(codes(await hub.query(PUBLISH, { id: created.id }, { token: await token.organiser('eurocities') }))).toEqual(['FORBIDDEN']);
  ok(await hub.query(PUBLISH, { id: created.id }, { token: await token.funder('european-commission') }));
  expect(await identifiersOf({ country: 'LU' })).toEqual([created.identifier]);
});

test('permissions: funders edit their own activities, implementers report on theirs, everyone else is refused with the exact code', async () => {
  const input = activityInput();
  expect(codes(await hub.query(CREATE, { input }))).toEqual(['UNAUTHENTICATED']);
  expect(codes(await hub.query(CREATE, { input }, { token: await token.organiser('eurocities') }))).toEqual(['FORBIDDEN']);
  expect(codes(await hub.query(CREATE, { input }, { token: await token.municipality('trondheim') }))).toEqual(['FORBIDDEN']);
  // a funder may not create an activity its own organisation neither funds nor is accountable for
  expect(codes(await hub.query(CREATE, { input }, { token: await token.funder('unhcr') }))).toEqual(['FORBIDDEN']);
  const accountable = activityInput({ participatingOrganisations: [{ organisationId: org('eurocities'), role: 'ACCOUNTABLE' }] });
  ok(await hub.query(CREATE, { input: accountable }, { token: await token.funder('eurocities') }));

  const activity = await createActivity();
  const UPDATE = `mutation($id: ID!, $input: UpdateFundingActivityInput!, $v: Int) { updateFundingActivity(id: $id, input: $input, expectedVersion: $v) { id status version } }`;
  expect(codes(await hub.query(UPDATE, { id: activity.id, input: { status: 'CLOSED' } }, { token: await token.funder('unhcr') }))).toEqual([
    'FORBIDDEN',
  ]);
  expect(
    codes(await hub.query(UPDATE, { id: activity.id, input: { status: 'CLOSED' } }, { token: await token.organiser('eurocities') })),
  ).toEqual(['FORBIDDEN']);
  // the funder may not hand the activity away from itself
  expect(
    codes(
      await hub.query(
        UPDATE,
        { id: activity.id, input: { participatingOrganisations: [{ organisationId: org('unhcr'), role: 'FUNDING' }] } },
        { token: await token.funder('european-commission') },
      ),
    ),
  ).toEqual(['FORBIDDEN']);
  const updated = ok(
    await hub.query<any>(
      UPDATE,
      { id: activity.id, input: { status: 'FINALISATION' } },
      { token: await token.funder('european-commission') },
    ),
  );
  expect(updated.updateFundingActivity.status).toBe('FINALISATION');
  // a stale version is a conflict
  expect(codes(await hub.query(UPDATE, { id: activity.id, input: { status: 'CLOSED' }, v: 1 }, { token: await token.admin() }))).toEqual([
    'CONFLICT',
  ]);

  const transaction = {
    type: 'EXPENDITURE',
    transactionDate: '2025-05-01',
    value: { amount: '10.00', currency: 'EUR' },
    providerOrganisationId: org('eurocities'),
  };
  // the implementer (an organiser of an IMPLEMENTING organisation) records transactions and results
  ok(await hub.query(RECORD_TRANSACTION, { id: activity.id, input: transaction }, { token: await token.organiser('eurocities') }));
  const RESULT = `mutation($id: ID!, $input: CreateResultInput!) { recordResult(activityId: $id, input: $input) { id version baseline periods { target actual } } }`;
  const result = ok(
    await hub.query<any>(
      RESULT,
      {
        id: activity.id,
        input: {
          indicator: [{ locale: 'en', text: 'Language courses held' }],
          baseline: '0',
          baselineYear: 2024,
          periods: [{ periodStart: '2025-01-01', periodEnd: '2025-12-31', target: '12' }],
        },
      },
      { token: await token.organiser('eurocities') },
    ),
  ).recordResult;
  expect(result.periods).toEqual([{ target: '12', actual: null }]);
  const UPDATE_RESULT = `mutation($id: ID!, $input: UpdateResultInput!) { updateResult(id: $id, input: $input) { periods { target actual } } }`;
  const withActual = ok(
    await hub.query<any>(
      UPDATE_RESULT,
      { id: result.id, input: { periods: [{ periodStart: '2025-01-01', periodEnd: '2025-12-31', target: '12', actual: '9.5' }] } },
      { token: await token.organiser('eurocities') },
    ),
  );
  expect(withActual.updateResult.periods).toEqual([{ target: '12', actual: '9.5' }]);
  // others may not: another organiser, a municipality, a funder that does not implement, anonymous
  expect(
    codes(await hub.query(RECORD_TRANSACTION, { id: activity.id, input: transaction }, { token: await token.organiser('wald') })),
  ).toEqual(['FORBIDDEN']);
  expect(
    codes(await hub.query(RECORD_TRANSACTION, { id: activity.id, input: transaction }, { token: await token.municipality('trondheim') })),
  ).toEqual(['FORBIDDEN']);
  expect(
    codes(await hub.query(RECORD_TRANSACTION, { id: activity.id, input: transaction }, { token: await token.funder('unhcr') })),
  ).toEqual(['FORBIDDEN']);
  expect(codes(await hub.query(RECORD_TRANSACTION, { id: activity.id, input: transaction }))).toEqual(['UNAUTHENTICATED']);
  expect(
    codes(await hub.query(UPDATE_RESULT, { id: result.id, input: { unit: 'courses' } }, { token: await token.organiser('wald') })),
  ).toEqual(['FORBIDDEN']);
  // budgets belong to the funder, not the implementer
  const budget = { periodStart: '2025-01-01', periodEnd: '2025-12-31', value: { amount: '100.00', currency: 'EUR' } };
  expect(codes(await hub.query(ADD_BUDGET, { id: activity.id, input: budget }, { token: await token.organiser('eurocities') }))).toEqual([
    'FORBIDDEN',
  ]);
  ok(await hub.query(ADD_BUDGET, { id: activity.id, input: budget }, { token: await token.funder('european-commission') }));
  // funds are the secretariat's
  const FUND = `mutation($input: CreateFundInput!) { createFund(input: $input) { slug managingOrganisation { name } } }`;
  const fund = { slug: 'test-fund', name: 'Test fund', managingOrganisationId: org('european-commission') };
  expect(codes(await hub.query(FUND, { input: fund }, { token: await token.funder('european-commission') }))).toEqual(['FORBIDDEN']);
  expect(ok(await hub.query<any>(FUND, { input: fund }, { token: await token.admin() })).createFund).toEqual({
    slug: 'test-fund',
    managingOrganisation: { name: 'European Commission' },
  });
  // deleting is the funder's; the tombstone stays in the change feed
  const since = new Date(Date.now() - 60_000).toISOString();
  const DELETE = `mutation($id: ID!) { deleteFundingActivity(id: $id) { id deleted } }`;
  expect(codes(await hub.query(DELETE, { id: activity.id }, { token: await token.organiser('eurocities') }))).toEqual(['FORBIDDEN']);
  expect(
    ok(await hub.query<any>(DELETE, { id: activity.id }, { token: await token.funder('european-commission') })).deleteFundingActivity
      .deleted,
  ).toBe(true);
  expect(codes(await hub.query(`query($id: ID!) { fundingActivity(id: $id) { id } }`, { id: activity.id }))).toEqual(['NOT_FOUND']);
  const feed = ok(
    await hub.query<any>(
      `query($since: DateTime!) { fundingActivities(changedSince: $since, first: 100) { nodes { id deleted } } }`.replace(
        'DateTime!',
        'DateTimeISO!',
      ),
      { since },
    ),
  );
  expect(feed.fundingActivities.nodes).toContainEqual({ id: activity.id, deleted: true });
});

test('validation: each bad input is a BAD_USER_INPUT error that writes nothing', async () => {
  const funder = await token.funder('european-commission');
  const activity = await createActivity({ recipientCountries: ['MT'] });
  const before = ok(
    await hub.query<any>(
      `query($id: ID!) { fundingActivity(id: $id) { version transactions { id } budgets { id } participatingOrganisations { role } } }`,
      { id: activity.id },
    ),
  ).fundingActivity;

  const refusedCreates: [string, Record<string, unknown>][] = [
    ['unknown currency', { defaultCurrency: 'XYZ' }],
    ['lower-case currency', { defaultCurrency: 'eur' }],
    ['planned end before start', { plannedStart: '2025-06-01', plannedEnd: '2025-05-31' }],
    ['actual end before start', { actualStart: '2025-06-01', actualEnd: '2025-01-01' }],
    ['unknown theme', { themes: ['HOUSING', 'GARDENING'] }],
    ['unknown status', { status: 'DORMANT' }],
    ['unknown pillar', { pillar: 'SPORTS' }],
    ['bad country', { recipientCountries: ['Sweden'] }],
    ['unknown country code', { recipientCountries: ['SE', 'QQ'] }],
    ['bad city id', { participatingCityIds: ['goteborg'] }],
    ['unknown fund', { fundId: sampleIds.fund('no-such-fund') }],
    ['empty title', { title: [] }],
    ['unsupported locale', { title: [{ locale: 'xx', text: 'Hello' }] }],
    ['no such date', { plannedStart: '2025-02-30' }],
  ];
  for (const [label, overrides] of refusedCreates) {
    const input = activityInput({ ...overrides, recipientCountries: (overrides.recipientCountries as string[]) ?? ['MT'] });
    const result = await hub.query(CREATE, { input }, { token: funder });
    expect({ label, codes: codes(result) }).toEqual({ label, codes: ['BAD_USER_INPUT'] });
    const found = await hub.query(
      `query($identifier: String!) { fundingActivity(identifier: $identifier) { id } }`,
      { identifier: input.identifier },
      { token: funder },
    );
    expect({ label, codes: codes(found) }).toEqual({ label, codes: ['NOT_FOUND'] });
  }
  // a duplicate identifier is a conflict with what is stored
  expect(codes(await hub.query(CREATE, { input: activityInput({ identifier: activity.identifier }) }, { token: funder }))).toEqual([
    'CONFLICT',
  ]);

  const refusedTransactions: [string, Record<string, unknown>][] = [
    ['negative amount', { value: { amount: '-5.00', currency: 'EUR' } }],
    ['too many decimals for EUR', { value: { amount: '1.005', currency: 'EUR' } }],
    ['decimals in JPY', { value: { amount: '10.5', currency: 'JPY' } }],
    ['unknown currency', { value: { amount: '10.00', currency: 'ABC' } }],
    ['provider not taking part', { providerOrganisationId: org('unhcr') }],
    ['receiver not taking part', { receiverOrganisationId: org('wald') }],
    ['unknown transaction type', { type: 'GIFT' }],
  ];
  for (const [label, overrides] of refusedTransactions) {
    const input = {
      type: 'DISBURSEMENT',
      transactionDate: '2025-03-01',
      value: { amount: '10.00', currency: 'EUR' },
      providerOrganisationId: org('european-commission'),
      ...overrides,
    };
    const result = await hub.query(RECORD_TRANSACTION, { id: activity.id, input }, { token: funder });
    expect({ label, codes: codes(result) }).toEqual({ label, codes: ['BAD_USER_INPUT'] });
  }
  // amounts that are not decimal strings are refused by the Decimal scalar itself
  for (const amount of [0.1, '1e3', '12,50', '']) {
    const refused = await hub.query(
      RECORD_TRANSACTION,
      { id: activity.id, input: { type: 'DISBURSEMENT', transactionDate: '2025-03-01', value: { amount, currency: 'EUR' } } },
      { token: funder },
    );
    expect({ amount, codes: codes(refused) }).toEqual({ amount, codes: ['BAD_USER_INPUT'] });
  }
  const refusedBudgets: [string, Record<string, unknown>][] = [
    ['period end before start', { periodStart: '2025-12-31', periodEnd: '2025-01-01' }],
    ['negative budget', { value: { amount: '-1', currency: 'EUR' } }],
  ];
  for (const [label, overrides] of refusedBudgets) {
    const input = { periodStart: '2025-01-01', periodEnd: '2025-12-31', value: { amount: '10.00', currency: 'EUR' }, ...overrides };
    expect({ label, codes: codes(await hub.query(ADD_BUDGET, { id: activity.id, input }, { token: funder })) }).toEqual({
      label,
      codes: ['BAD_USER_INPUT'],
    });
  }
  // an update that is refused half-way (new participants are fine, the parent is not) changes nothing
  const UPDATE = `mutation($id: ID!, $input: UpdateFundingActivityInput!) { updateFundingActivity(id: $id, input: $input) { id } }`;
  const halfway = {
    status: 'CLOSED',
    participatingOrganisations: [
      { organisationId: org('european-commission'), role: 'FUNDING' },
      { organisationId: org('unhcr'), role: 'IMPLEMENTING' },
    ],
    parentId: activity.id,
  };
  expect(codes(await hub.query(UPDATE, { id: activity.id, input: halfway }, { token: funder }))).toEqual(['BAD_USER_INPUT']);
  // an organisation that provided a transaction must keep taking part
  ok(
    await hub.query(
      RECORD_TRANSACTION,
      {
        id: activity.id,
        input: {
          type: 'DISBURSEMENT',
          transactionDate: '2025-03-01',
          value: { amount: '1.00', currency: 'EUR' },
          receiverOrganisationId: org('eurocities'),
        },
      },
      { token: funder },
    ),
  );
  const dropImplementer = { participatingOrganisations: [{ organisationId: org('european-commission'), role: 'FUNDING' }] };
  expect(codes(await hub.query(UPDATE, { id: activity.id, input: dropImplementer }, { token: funder }))).toEqual(['BAD_USER_INPUT']);

  const after = ok(
    await hub.query<any>(
      `query($id: ID!) { fundingActivity(id: $id) { version status transactions { id } budgets { id } participatingOrganisations { role } } }`,
      { id: activity.id },
    ),
  ).fundingActivity;
  expect(after.version).toBe(before.version);
  expect(after.status).toBe('IMPLEMENTATION');
  expect(after.budgets).toEqual(before.budgets);
  expect(after.participatingOrganisations).toEqual(before.participatingOrganisations);
  expect(after.transactions).toHaveLength(before.transactions.length + 1);
});

test('related activities: parent and children, and no cycles', async () => {
  const funder = await token.funder('european-commission');
  const parent = await createActivity({ recipientCountries: ['CY'] });
  const child = await createActivity({ recipientCountries: ['CY'], parentId: parent.id });
  const tree = ok(
    await hub.query<any>(`query($id: ID!) { fundingActivity(id: $id) { identifier parent { id } children { id parent { id } } } }`, {
      id: parent.id,
    }),
  ).fundingActivity;
  expect(tree).toEqual({ identifier: parent.identifier, parent: null, children: [{ id: child.id, parent: { id: parent.id } }] });
  const UPDATE = `mutation($id: ID!, $input: UpdateFundingActivityInput!) { updateFundingActivity(id: $id, input: $input) { id } }`;
  expect(codes(await hub.query(UPDATE, { id: parent.id, input: { parentId: child.id } }, { token: funder }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(UPDATE, { id: parent.id, input: { parentId: parent.id } }, { token: funder }))).toEqual(['BAD_USER_INPUT']);
  // the seeded Lillehammer study visit is a child of the knowledge exchange
  const seeded = ok(
    await hub.query<any>(`{ fundingActivity(identifier: "XI-HUB-ILLUSTRATIVE-INFO-EXCHANGE-LILLEHAMMER") { parent { identifier } } }`),
  ).fundingActivity;
  expect(seeded.parent).toEqual({ identifier: 'XI-HUB-ILLUSTRATIVE-INFO-EXCHANGE' });
});

test('cross-subgraph reads cost the same number of SQL statements for 2 activities as for 8', async () => {
  // Bergen and Stavanger take part in no seeded activity; both have settlement figures in the cities subgraph
  const statements = async (query: string, variables: Record<string, unknown> = {}) => {
    const { funding: f, cities: c } = hub.subgraphs;
    let data: any;
    const outer = await f.database.countStatements(async () => {
      const inner = await c.database.countStatements(async () => {
        data = ok(await hub.query<any>(query, variables));
      });
      return inner.statements;
    });
    return { data, statements: outer.statements + outer.result };
  };
  const CITY = `{ city(slug: "bergen") {
    name
    fundingActivities { identifier funders { name } implementers { name acronym } fund { name } cities { name settlementYears { year decided } } }
  } }`;
  const LIST_WITH_CITIES = `query($city: ID!) { fundingActivities(filter: { city: $city }, first: 50) {
    nodes { identifier cities { name settlementYears { year decided extraCapacity } } participatingOrganisations { role organisation { name } } totals { currency budgeted } }
  } }`;
  const ORGANISATION = `{ organisation(slug: "nav") { name fundingActivities { identifier cities(role: RECIPIENT) { name } } } }`;

  const create = (n: number) =>
    Promise.all(
      Array.from({ length: n }, () =>
        createActivity({
          participatingCityIds: [city('bergen'), city('stavanger')],
          recipientCityIds: [city('oslo')],
          participatingOrganisations: [
            { organisationId: org('european-commission'), role: 'FUNDING' },
            { organisationId: org('nav'), role: 'IMPLEMENTING' },
            { organisationId: org('ks'), role: 'IMPLEMENTING' },
          ],
          fundId: AMIF,
        }),
      ),
    );
  await create(2);
  await statements(CITY); // warm-up
  const two = {
    city: await statements(CITY),
    list: await statements(LIST_WITH_CITIES, { city: city('bergen') }),
    organisation: await statements(ORGANISATION),
  };
  expect(two.city.data.city.fundingActivities).toHaveLength(2);
  expect(two.city.data.city.fundingActivities[0].cities.map((c: any) => c.name).sort()).toEqual(['Bergen', 'Oslo', 'Stavanger']);
  expect(two.city.data.city.fundingActivities[0].funders).toEqual([{ name: 'European Commission' }]);
  const bergen = two.list.data.fundingActivities.nodes[0].cities.find((c: any) => c.name === 'Bergen');
  expect(bergen.settlementYears).toEqual([{ year: 2020, decided: null, extraCapacity: 50 }]);

  await create(6);
  const eight = {
    city: await statements(CITY),
    list: await statements(LIST_WITH_CITIES, { city: city('bergen') }),
    organisation: await statements(ORGANISATION),
  };
  expect(eight.city.data.city.fundingActivities).toHaveLength(8);
  expect(eight.list.data.fundingActivities.nodes).toHaveLength(8);
  expect(eight.organisation.data.organisation.fundingActivities).toHaveLength(8);
  console.info('SQL statements (cities + funding) for 2 and 8 activities', {
    two: [two.city.statements, two.list.statements, two.organisation.statements],
    eight: [eight.city.statements, eight.list.statements, eight.organisation.statements],
  });
  expect(eight.city.statements).toBe(two.city.statements);
  expect(eight.list.statements).toBe(two.list.statements);
  expect(eight.organisation.statements).toBe(two.organisation.statements);
  expect(two.city.statements).toBeLessThanOrEqual(8);
});

test('synthetic data: a repeatable set of 300 activities, paged by amount and totalled by the database', async () => {
  const db = hub.subgraphs.funding.database;
  await generateFunding(db.fork(), { activities: 300, seed: 7, fundId: AMIF });
  const filter = { search: 'xi-synth-7-' };
  const aggregates = ok(
    await hub.query<any>(
      `query($filter: FundingActivityFilter) { fundingAggregates(filter: $filter) { activityCount totals { currency budgeted } } }`,
      { filter },
    ),
  ).fundingAggregates;
  expect(aggregates.activityCount).toBe(300);
  // page through by amount: every budget total is in order and every activity comes exactly once
  const seen: ListedActivity[] = [];
  let after: string | undefined;
  do {
    const page = await list(filter, { orderBy: 'BUDGET_DESC', first: 100, after });
    seen.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor! : undefined;
  } while (after);
  expect(new Set(seen.map((n) => n.id)).size).toBe(300);
  const units = seen.map((n) => toUnits(n.totalBudget!.amount));
  for (let i = 1; i < units.length; i++) expect(units[i] <= units[i - 1]).toBe(true);
  // the per-currency budget totals equal the test's own sums of the listed budgets
  const sums = new Map<string, bigint>();
  for (const n of seen) for (const b of n.budgets) sums.set(b.value.currency, (sums.get(b.value.currency) ?? 0n) + toUnits(b.value.amount));
  expect(aggregates.totals.map((t: any) => [t.currency, t.budgeted])).toEqual(
    [...sums.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, u]) => [c, fromUnits(u, DIGITS[c])]),
  );
  // the same seed gives the same data: ids and identifiers are derived from the seed and the position
  const first = ok(
    await hub.query<any>(`query($id: ID!) { fundingActivity(id: $id) { identifier } }`, {
      id: stableId('funding-activity', 'synthetic-7-0'),
    }),
  );
  expect(first.fundingActivity.identifier).toBe('XI-SYNTH-7-000000');
});

test('a draft the caller may not see answers exactly like a missing activity, for reads and writes', async () => {
  const stranger = await token.funder('imdi');
  const missing = randomUUID();
  const answers = async (id: string) => {
    const results = [
      await hub.query(`query($id: ID!) { fundingActivity(id: $id) { id } }`, { id }, { token: stranger }),
      await hub.query(
        `mutation($id: ID!) { updateFundingActivity(id: $id, input: { themes: [HOUSING] }) { id } }`,
        { id },
        { token: stranger },
      ),
      await hub.query(`mutation($id: ID!) { publishFundingActivity(id: $id) { id } }`, { id }, { token: stranger }),
      await hub.query(
        ADD_BUDGET,
        {
          id,
          input: {
            type: 'ORIGINAL',
            status: 'INDICATIVE',
            periodStart: '2025-01-01',
            periodEnd: '2025-12-31',
            value: { amount: '1.00', currency: 'EUR' },
          },
        },
        { token: stranger },
      ),
    ];
    return JSON.parse(JSON.stringify(results).split(id).join('<id>'));
  };
  const hidden = await answers(MARMARA_DRAFT);
  expect(hidden).toEqual(await answers(missing));
  expect(hidden[0]).toEqual({
    status: 200,
    data: null,
    errors: [
      expect.objectContaining({
        message: 'FundingActivity "<id>" was not found.',
        extensions: expect.objectContaining({ code: 'NOT_FOUND', type: 'FundingActivity' }),
      }),
    ],
  });
  expect(hidden.map((r: GraphQLResult<unknown>) => codes(r))).toEqual([['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND'], ['NOT_FOUND']]);
  // a visible activity without the right stays FORBIDDEN
  expect(
    codes(
      await hub.query(
        `mutation($id: ID!) { updateFundingActivity(id: $id, input: { themes: [HOUSING] }) { id } }`,
        { id: CONSOLIDATE },
        { token: stranger },
      ),
    ),
  ).toEqual(['FORBIDDEN']);
});

test('lifecycle: status moves follow the table, publishing follows the publication table; anything else is CONFLICT', async () => {
  const funder = await token.funder('european-commission');
  const UPDATE = `mutation($id: ID!, $input: UpdateFundingActivityInput!) { updateFundingActivity(id: $id, input: $input) { status version } }`;
  const PUBLISH_AS = `mutation($id: ID!, $published: Boolean!) { publishFundingActivity(id: $id, published: $published) { published publishedAt } }`;
  const activity = await createActivity({ status: 'PIPELINE', recipientCountries: ['EE'] }, { publish: false });
  // PIPELINE → IMPLEMENTATION → FINALISATION → CLOSED; closed is final
  for (const status of ['IMPLEMENTATION', 'FINALISATION', 'CLOSED']) {
    expect(ok(await hub.query<any>(UPDATE, { id: activity.id, input: { status } }, { token: funder })).updateFundingActivity.status).toBe(
      status,
    );
  }
  const reopened = await hub.query(UPDATE, { id: activity.id, input: { status: 'IMPLEMENTATION' } }, { token: funder });
  expect(codes(reopened)).toEqual(['CONFLICT']);
  expect(reopened.errors![0].message).toContain('is CLOSED');
  // the same status again is no move
  expect(
    ok(await hub.query<any>(UPDATE, { id: activity.id, input: { status: 'CLOSED', themes: ['HEALTH'] } }, { token: funder }))
      .updateFundingActivity.status,
  ).toBe('CLOSED');
  // a refused move writes nothing, even beside a valid change
  const suspended = await createActivity({ status: 'SUSPENDED', recipientCountries: ['EE'] }, { publish: false });
  expect(
    codes(await hub.query(UPDATE, { id: suspended.id, input: { status: 'FINALISATION', themes: ['HEALTH'] } }, { token: funder })),
  ).toEqual(['CONFLICT']);
  expect(
    ok(await hub.query<any>(`query($id: ID!) { fundingActivity(id: $id) { status themes } }`, { id: suspended.id }, { token: funder }))
      .fundingActivity,
  ).toEqual({ status: 'SUSPENDED', themes: ['LANGUAGE'] });

  // publish a draft once; a second publish, or withdrawing a draft, is CONFLICT (was a silent no-op)
  const published = ok(await hub.query<any>(PUBLISH_AS, { id: activity.id, published: true }, { token: funder })).publishFundingActivity;
  expect(published.published).toBe(true);
  expect(codes(await hub.query(PUBLISH_AS, { id: activity.id, published: true }, { token: funder }))).toEqual(['CONFLICT']);
  expect(ok(await hub.query<any>(PUBLISH_AS, { id: activity.id, published: false }, { token: funder })).publishFundingActivity).toEqual({
    published: false,
    publishedAt: null,
  });
  expect(codes(await hub.query(PUBLISH_AS, { id: activity.id, published: false }, { token: funder }))).toEqual(['CONFLICT']);
  // an activity nobody funds or answers for cannot be published: CONFLICT (was BAD_USER_INPUT)
  const orphan = await createActivity(
    { participatingOrganisations: [{ organisationId: org('eurocities'), role: 'IMPLEMENTING' }], recipientCountries: ['EE'] },
    { publish: false, as: await token.admin() },
  );
  expect(codes(await hub.query(PUBLISH_AS, { id: orphan.id, published: true }, { token: await token.admin() }))).toEqual(['CONFLICT']);
});

test('the budget total is computed with each write: revised budgets replace originals, deleted budgets and other currencies do not count', async () => {
  const funder = await token.funder('european-commission');
  const activity = await createActivity({ recipientCountries: ['LV'] });
  const TOTAL = `query($id: ID!) { fundingActivity(id: $id) { version totalBudget { amount currency } budgets { id type value { amount currency } } } }`;
  const total = async () => ok(await hub.query<any>(TOTAL, { id: activity.id })).fundingActivity;
  const add = async (input: Record<string, unknown>) =>
    ok(
      await hub.query<any>(
        ADD_BUDGET,
        { id: activity.id, input: { periodStart: '2025-01-01', periodEnd: '2025-12-31', ...input } },
        { token: funder },
      ),
    ).addBudget.id as string;
  const original = await add({ value: { amount: '1000.00', currency: 'EUR' } });
  await add({ periodStart: '2026-01-01', periodEnd: '2026-12-31', value: { amount: '500.50', currency: 'EUR' } });
  await add({ value: { amount: '9999', currency: 'NOK' } });
  expect((await total()).totalBudget).toEqual({ amount: '1500.50', currency: 'EUR' });
  const revised = await add({ type: 'REVISED', value: { amount: '800.00', currency: 'EUR' } });
  const before = await total();
  expect(before.totalBudget).toEqual({ amount: '1300.50', currency: 'EUR' });
  // deleting the revised budget brings the original back; the activity's version moves with its total
  ok(await hub.query(`mutation($id: ID!) { deleteBudget(id: $id) { id deleted } }`, { id: revised }, { token: funder }));
  const after = await total();
  expect(after.totalBudget).toEqual({ amount: '1500.50', currency: 'EUR' });
  expect(after.version).toBeGreaterThan(before.version);
  expect(after.budgets.map((b: any) => b.id)).not.toContain(revised);
  ok(await hub.query(`mutation($id: ID!) { deleteBudget(id: $id) { id } }`, { id: original }, { token: funder }));
  expect((await total()).totalBudget).toEqual({ amount: '500.50', currency: 'EUR' });
  // a new default currency totals that currency's budgets
  const UPDATE = `mutation($id: ID!, $input: UpdateFundingActivityInput!) { updateFundingActivity(id: $id, input: $input) { defaultCurrency totalBudget { amount currency } } }`;
  expect(
    ok(await hub.query<any>(UPDATE, { id: activity.id, input: { defaultCurrency: 'NOK' } }, { token: funder })).updateFundingActivity,
  ).toEqual({ defaultCurrency: 'NOK', totalBudget: { amount: '9999.00', currency: 'NOK' } });
  // a budget that does not exist, or was deleted, is NOT_FOUND
  expect(codes(await hub.query(`mutation($id: ID!) { deleteBudget(id: $id) { id } }`, { id: original }, { token: funder }))).toEqual([
    'NOT_FOUND',
  ]);
  expect(codes(await hub.query(`mutation($id: ID!) { deleteBudget(id: $id) { id } }`, { id: randomUUID() }, { token: funder }))).toEqual([
    'NOT_FOUND',
  ]);
});

test('transactions recorded in error are deleted, results and funds are changed; stale versions are CONFLICT', async () => {
  const funder = await token.funder('european-commission');
  const activity = await createActivity({ recipientCountries: ['LT'] });
  const recorded = ok(
    await hub.query<any>(
      RECORD_TRANSACTION,
      { id: activity.id, input: { type: 'DISBURSEMENT', transactionDate: '2025-02-01', value: { amount: '25.00', currency: 'EUR' } } },
      { token: funder },
    ),
  ).recordTransaction;
  const DELETE_TRANSACTION = `mutation($id: ID!) { deleteTransaction(id: $id) { id deleted } }`;
  expect(codes(await hub.query(DELETE_TRANSACTION, { id: recorded.id }, { token: await token.organiser('wald') }))).toEqual(['FORBIDDEN']);
  expect(
    ok(await hub.query<any>(DELETE_TRANSACTION, { id: recorded.id }, { token: await token.organiser('eurocities') })).deleteTransaction
      .deleted,
  ).toBe(true);
  expect(codes(await hub.query(DELETE_TRANSACTION, { id: recorded.id }, { token: funder }))).toEqual(['NOT_FOUND']);
  const totals = ok(
    await hub.query<any>(`query($id: ID!) { fundingActivity(id: $id) { totals { currency disbursed } transactions { id } } }`, {
      id: activity.id,
    }),
  ).fundingActivity;
  expect(totals).toEqual({ totals: [], transactions: [] });

  // a result: created with its required indicator, then changed; the indicator cannot be cleared
  const RESULT = `mutation($id: ID!, $input: CreateResultInput!) { recordResult(activityId: $id, input: $input) { id version type } }`;
  const result = ok(
    await hub.query<any>(RESULT, { id: activity.id, input: { indicator: [{ locale: 'en', text: 'Families housed' }] } }, { token: funder }),
  ).recordResult;
  expect(result.type).toBe('OUTPUT');
  expect(codes(await hub.query(RESULT, { id: activity.id, input: { indicator: [] } }, { token: funder }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(RESULT, { id: activity.id, input: {} }, { token: funder }))).toEqual(['BAD_USER_INPUT']);
  const UPDATE_RESULT = `mutation($id: ID!, $input: UpdateResultInput!, $v: Int) { updateResult(id: $id, input: $input, expectedVersion: $v) { type unit version } }`;
  expect(codes(await hub.query(UPDATE_RESULT, { id: result.id, input: { indicator: null } }, { token: funder }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  expect(
    codes(await hub.query(UPDATE_RESULT, { id: result.id, input: { unit: 'families' }, v: result.version + 1 }, { token: funder })),
  ).toEqual(['CONFLICT']);
  expect(
    ok(
      await hub.query<any>(
        UPDATE_RESULT,
        { id: result.id, input: { type: 'OUTCOME', unit: 'families' }, v: result.version },
        { token: funder },
      ),
    ).updateResult,
  ).toEqual({ type: 'OUTCOME', unit: 'families', version: result.version + 1 });
  expect(codes(await hub.query(UPDATE_RESULT, { id: randomUUID(), input: { unit: 'x' } }, { token: funder }))).toEqual(['NOT_FOUND']);

  // funds: the secretariat edits them; slug and name are required on create and cannot be cleared
  const admin = await token.admin();
  const CREATE_FUND = `mutation($input: CreateFundInput!) { createFund(input: $input) { id version slug } }`;
  expect(codes(await hub.query(CREATE_FUND, { input: { slug: 'no-name' } }, { token: admin }))).toEqual(['BAD_USER_INPUT']);
  const fund = ok(
    await hub.query<any>(CREATE_FUND, { input: { slug: 'matrix-esf', name: 'European Social Fund' } }, { token: admin }),
  ).createFund;
  const UPDATE_FUND = `mutation($id: ID!, $input: UpdateFundInput!, $v: Int) { updateFund(id: $id, input: $input, expectedVersion: $v) { name acronym version managingOrganisation { name } } }`;
  expect(codes(await hub.query(UPDATE_FUND, { id: fund.id, input: { acronym: 'ESF' } }, { token: funder }))).toEqual(['FORBIDDEN']);
  expect(codes(await hub.query(UPDATE_FUND, { id: fund.id, input: { name: null } }, { token: admin }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(UPDATE_FUND, { id: fund.id, input: { managingOrganisationId: 'not-an-id' } }, { token: admin }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  expect(codes(await hub.query(UPDATE_FUND, { id: fund.id, input: { acronym: 'ESF' }, v: fund.version + 1 }, { token: admin }))).toEqual([
    'CONFLICT',
  ]);
  expect(
    ok(
      await hub.query<any>(
        UPDATE_FUND,
        { id: fund.id, input: { acronym: 'ESF', managingOrganisationId: org('european-commission') }, v: fund.version },
        { token: admin },
      ),
    ).updateFund,
  ).toEqual({
    name: 'European Social Fund',
    acronym: 'ESF',
    version: fund.version + 1,
    managingOrganisation: { name: 'European Commission' },
  });
  expect(codes(await hub.query(UPDATE_FUND, { id: randomUUID(), input: { acronym: 'X' } }, { token: admin }))).toEqual(['NOT_FOUND']);
  // a reference inside the input that does not exist is BAD_USER_INPUT naming the field
  const unknownFund = await hub.query(
    CREATE,
    { input: activityInput({ fundId: fund.id.replace(/.$/, (c: string) => (c === '0' ? '1' : '0')) }) },
    { token: funder },
  );
  expect(unknownFund.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'fundId']]);
  const unknownParent = await hub.query(
    `mutation($id: ID!, $input: UpdateFundingActivityInput!) { updateFundingActivity(id: $id, input: $input) { id } }`,
    { id: activity.id, input: { parentId: randomUUID() } },
    { token: funder },
  );
  expect(unknownParent.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'parentId']]);
});

test('search folds Turkish, Norwegian and Swedish letters the one hub-wide way', async () => {
  const activity = await createActivity({
    title: [
      { locale: 'nb', text: 'Bosetting i Tromsø og Bærum' },
      { locale: 'tr', text: 'KADIKÖY göç masası' },
      { locale: 'sv', text: 'Språkcafé i Västerås' },
    ],
    recipientCountries: ['NO'],
  });
  for (const search of ['tromso', 'TROMSØ', 'baerum', 'kadıköy', 'kadikoy', 'KADİKÖY', 'vasteras', 'språkcafe', 'goc  masasi']) {
    expect({ search, found: (await identifiersOf({ search })).includes(activity.identifier) }).toEqual({ search, found: true });
  }
});

test('the search-key migration refolds stored search texts, so activities stored with the old folding are found', async () => {
  const activity = await createActivity({ title: [{ locale: 'nb', text: 'Mottak i Tromsø' }], recipientCountries: ['NO'] });
  const db = hub.subgraphs.funding.database;
  const em = db.fork();
  // the old per-subgraph key kept ø and line breaks: what rows written before the migration hold
  await em
    .getConnection()
    .execute(`update funding_activity set search_text = ? where id = ?`, [
      `${activity.identifier.toLowerCase()}\nmottak i tromsø`,
      activity.id,
    ]);
  expect((await identifiersOf({ search: 'tromso' })).includes(activity.identifier)).toBe(false);
  const migration = new Migration20261202120000FundingSearchKey(em.getDriver(), db.orm.config);
  await migration.up();
  expect((await identifiersOf({ search: 'tromso' })).includes(activity.identifier)).toBe(true);
  expect((await identifiersOf({ search: 'i TROMSØ' })).includes(activity.identifier)).toBe(true);
});
