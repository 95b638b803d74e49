import { cities, funding } from '../subgraphs/catalog';
import { sampleIds } from '../shared/sample-ids';
import { startTestHub, type GraphQLResult, type TestHub } from './helpers';

/** Inputs are checked before the database sees them; every refusal is BAD_USER_INPUT naming the argument. */
let hub: TestHub;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub([cities, funding]);
  admin = await hub.token({ roles: ['admin'] });
}, 300_000);
afterAll(() => hub?.close());

const TRONDHEIM = sampleIds.city('trondheim');
const CONSOLIDATE = sampleIds.fundingActivity('consolidate-eurocities');

/** The whole answer, for exact comparison. */
const answer = (result: GraphQLResult<unknown>) => ({ status: result.status, data: result.data, errors: result.errors });
const refused = (message: string, field: string, serviceName: string, path: string[]) => ({
  status: 200,
  data: null,
  errors: [{ message, path, extensions: { code: 'BAD_USER_INPUT', field, serviceName } }],
});

const CITIES = `query($country: String, $after: String, $changedSince: DateTimeISO) { cities(country: $country, after: $after, changedSince: $changedSince) { totalCount } }`;
const UPDATE_CITY = `mutation($id: ID!, $input: UpdateCityInput!) { updateCity(id: $id, input: $input) { id } }`;
const ADD_BUDGET = `mutation($id: ID!, $input: BudgetInput!) { addBudget(activityId: $id, input: $input) { value { amount currency } } }`;
const budget = (amount: string, currency = 'EUR') => ({
  type: 'ORIGINAL',
  status: 'INDICATIVE',
  periodStart: '2025-01-01',
  periodEnd: '2025-12-31',
  value: { amount, currency },
});

test('strings with a NUL byte are refused, in arguments and in input fields', async () => {
  expect(answer(await hub.query(CITIES, { country: 'N\u0000O' }))).toEqual(
    refused('"country" must not contain NUL bytes.', 'country', 'cities', ['cities']),
  );
  expect(
    answer(await hub.query(UPDATE_CITY, { id: TRONDHEIM, input: { profile: [{ locale: 'en', text: 'a\u0000b' }] } }, { token: admin })),
  ).toEqual(refused('"input.profile[0].text" must not contain NUL bytes.', 'input.profile[0].text', 'cities', ['updateCity']));
});

test('every string has a maximum length: 10000 by default, overridden next to the field', async () => {
  expect(answer(await hub.query(CITIES, { country: 'x'.repeat(10_001) }))).toEqual(
    refused('"country" may be at most 10000 characters long.', 'country', 'cities', ['cities']),
  );
  // TranslationInput.locale allows 35 characters, TranslationInput.text 20000
  expect(
    answer(await hub.query(UPDATE_CITY, { id: TRONDHEIM, input: { profile: [{ locale: 'e'.repeat(36), text: 'x' }] } }, { token: admin })),
  ).toEqual(refused('"input.profile[0].locale" may be at most 35 characters long.', 'input.profile[0].locale', 'cities', ['updateCity']));
  expect(
    answer(
      await hub.query(UPDATE_CITY, { id: TRONDHEIM, input: { profile: [{ locale: 'en', text: 'x'.repeat(20_001) }] } }, { token: admin }),
    ),
  ).toEqual(refused('"input.profile[0].text" may be at most 20000 characters long.', 'input.profile[0].text', 'cities', ['updateCity']));
  const long = await hub.query(
    UPDATE_CITY,
    { id: TRONDHEIM, input: { profile: [{ locale: 'en', text: 'x'.repeat(15_000) }] } },
    { token: admin },
  );
  expect(answer(long)).toEqual({ status: 200, data: { updateCity: { id: TRONDHEIM } }, errors: undefined });
});

test('dates and datetimes must fall between the years 1800 and 2200 (year 0000 is refused)', async () => {
  expect(answer(await hub.query(CITIES, { changedSince: '0000-01-01T00:00:00Z' }))).toEqual(
    refused('"changedSince" must be a date between the years 1800 and 2200.', 'changedSince', 'cities', ['cities']),
  );
  const RECORD = `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { year } }`;
  expect(
    answer(await hub.query(RECORD, { input: { cityId: TRONDHEIM, year: 2023, settled: 1, settledAsOf: '0000-06-30' } }, { token: admin })),
  ).toEqual(
    refused('"input.settledAsOf" must be a date between the years 1800 and 2200.', 'input.settledAsOf', 'cities', ['recordSettlementYear']),
  );
  expect(
    answer(
      await hub.query(ADD_BUDGET, { id: CONSOLIDATE, input: { ...budget('1.00', 'EUR'), periodEnd: '9999-12-31' } }, { token: admin }),
    ),
  ).toEqual(refused('"input.periodEnd" must be a date between the years 1800 and 2200.', 'input.periodEnd', 'funding', ['addBudget']));
});

test('decimals must fit numeric(24,4): more than 4 decimals or 20 integer digits are refused, never rounded', async () => {
  expect(answer(await hub.query(ADD_BUDGET, { id: CONSOLIDATE, input: budget('1.12345') }, { token: admin }))).toEqual(
    refused('"input.value.amount" may have at most 4 decimals.', 'input.value.amount', 'funding', ['addBudget']),
  );
  expect(answer(await hub.query(ADD_BUDGET, { id: CONSOLIDATE, input: budget('123456789012345678901') }, { token: admin }))).toEqual(
    refused('"input.value.amount" may have at most 20 digits before the point.', 'input.value.amount', 'funding', ['addBudget']),
  );
  // trailing zeros are not digits the column would lose
  expect(answer(await hub.query(ADD_BUDGET, { id: CONSOLIDATE, input: budget('1.5000000') }, { token: admin }))).toEqual({
    status: 200,
    data: { addBudget: { value: { amount: '1.50', currency: 'EUR' } } },
    errors: undefined,
  });
});

test('floats must be finite: a literal 1e400 is refused', async () => {
  const result = await hub.query(
    `mutation { recordSettlementYear(input: { cityId: "${TRONDHEIM}", year: 2023, breakdown: [{ group: "families", share: 1e400 }] }) { year } }`,
    {},
    { token: admin },
  );
  // refused at the gateway, before planning (and again by each subgraph's guard for direct calls)
  expect(answer(result)).toEqual({
    status: 400,
    data: undefined,
    errors: [
      {
        message: '"input.breakdown[0].share" must be a finite number.',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.breakdown[0].share' },
      },
    ],
  });
});

test('forged cursors are BAD_USER_INPUT, never an internal error', async () => {
  expect(answer(await hub.query(CITIES, { after: 'forged' }))).toEqual(
    refused('Malformed cursor in "after": use a cursor this list returned.', 'after', 'cities', ['cities']),
  );
  // a well-formed cursor whose values do not fit the list's columns
  const page = await hub.query(`{ cities(first: 1) { pageInfo { endCursor } } }`);
  const [ordering, inner] = JSON.parse(Buffer.from(page.data.cities.pageInfo.endCursor, 'base64url').toString());
  const values = JSON.parse(Buffer.from(inner, 'base64url').toString()) as unknown[];
  const forgedInner = Buffer.from(JSON.stringify(values.map(() => 'not-a-value-of-this-column'))).toString('base64url');
  const forged = Buffer.from(JSON.stringify([ordering, forgedInner])).toString('base64url');
  const result = await hub.query(CITIES, { after: forged });
  expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'after']]);
});

test('every list input has a maximum size', async () => {
  const statuses = Array.from({ length: 201 }, () => 'IMPLEMENTATION');
  const result = await hub.query(`query($s: [ActivityStatus!]) { fundingActivities(filter: { statuses: $s }) { totalCount } }`, {
    s: statuses,
  });
  expect(answer(result)).toEqual(
    refused('"filter.statuses" may hold at most 200 items.', 'filter.statuses', 'funding', ['fundingActivities']),
  );
  // a smaller list is left to the field's own rule (statuses: at most 10)
  const ok = await hub.query(`query($s: [ActivityStatus!]) { fundingActivities(filter: { statuses: $s }) { totalCount } }`, {
    s: statuses.slice(0, 2),
  });
  expect(ok.errors).toBeUndefined();
});

test('error messages quote at most a short prefix of the input, ours and graphql-js coercion messages alike', async () => {
  const huge = 'y'.repeat(900_000);
  const ours = await hub.query(`query($id: ID) { city(id: $id) { name } }`, { id: 'y'.repeat(5000) });
  expect(answer(ours)).toEqual(refused(`"${'y'.repeat(40)}…" is not a valid id.`, 'id', 'cities', ['city']));
  const coercion = await hub.query(`query($n: Int) { cities(first: $n) { totalCount } }`, { n: huge });
  expect(coercion.status).toBe(400);
  expect(coercion.errors).toHaveLength(1);
  expect(coercion.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
  expect(coercion.errors![0].message).toBe(
    `Variable "$n" got invalid value "${'y'.repeat(40)}…"; Int cannot represent non-integer value: "${'y'.repeat(40)}…"`,
  );
  const nested = await hub.query(
    UPDATE_CITY,
    { id: TRONDHEIM, input: { profile: [{ locale: 'en', text: 5, junk: huge }] } },
    { token: admin },
  );
  expect(nested.status).toBe(400);
  expect(nested.errors!.every((e) => e.message.length <= 401 && !e.message.includes('y'.repeat(41)))).toBe(true);
});
