import { cities } from '../subgraphs/catalog';
import { codes, startTestHub, type TestHub } from './helpers';

let hub: TestHub;
let admin: string;

const page = `query($first: Int, $after: String, $last: Int, $before: String, $country: String, $changedSince: DateTimeISO) {
  cities(first: $first, after: $after, last: $last, before: $before, country: $country, changedSince: $changedSince) {
    totalCount
    edges { cursor node { slug deleted } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const slugs = (result: { data?: any }) => result.data.cities.edges.map((e: { node: { slug: string } }) => e.node.slug);

beforeAll(async () => {
  hub = await startTestHub([cities]);
  admin = await hub.token({ roles: ['admin'] });
});
afterAll(() => hub?.close());

test('an empty list has no edges and no pages', async () => {
  const result = await hub.query(page, { country: 'FI' });
  expect(result.data.cities).toEqual({
    totalCount: 0,
    edges: [],
    pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
  });
});

test('forward pages are stable and the last page says so', async () => {
  const all = await hub.query(page, { first: 100 });
  const everyone = slugs(all);
  expect(everyone.length).toBe(11);
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const result: any = await hub.query(page, { first: 4, after });
    expect(result.data.cities.totalCount).toBe(11);
    seen.push(...slugs(result));
    pages += 1;
    if (!result.data.cities.pageInfo.hasNextPage) break;
    after = result.data.cities.pageInfo.endCursor;
  }
  expect(pages).toBe(3);
  expect(seen).toEqual(everyone);
});

test('backward pages with last/before', async () => {
  const everyone = slugs(await hub.query(page, { first: 100 }));
  const last = await hub.query(page, { last: 3 });
  expect(slugs(last)).toEqual(everyone.slice(-3));
  expect(last.data.cities.pageInfo).toMatchObject({ hasPreviousPage: true });
  const before = await hub.query(page, { last: 3, before: last.data.cities.pageInfo.startCursor });
  expect(slugs(before)).toEqual(everyone.slice(-6, -3));
  expect(before.data.cities.pageInfo.hasNextPage).toBe(true);
});

test('a cursor whose row was deleted since still pages on', async () => {
  const everyone = slugs(await hub.query(page, { first: 100 }));
  const created = await hub.query(
    `mutation { createCity(input: { slug: "aaa-temporary", name: "Aaa Temporary", countryCode: "NO" }) { id } }`,
    {},
    { token: admin },
  );
  const first = await hub.query(page, { first: 1 });
  expect(slugs(first)).toEqual(['aaa-temporary']);
  await hub.query(`mutation($id: ID!) { deleteCity(id: $id) { id } }`, { id: created.data.createCity.id }, { token: admin });
  const next = await hub.query(page, { first: 2, after: first.data.cities.pageInfo.endCursor });
  expect(next.errors).toBeUndefined();
  expect(slugs(next)).toEqual(everyone.slice(0, 2));
});

test('page size over the limit, negative sizes and first with last are BAD_USER_INPUT', async () => {
  const over = await hub.query(page, { first: 101 });
  expect(over.errors).toEqual([
    expect.objectContaining({
      message: '"first" may be at most 100.',
      extensions: { code: 'BAD_USER_INPUT', field: 'first', serviceName: 'cities' },
    }),
  ]);
  expect(codes(await hub.query(page, { last: 500 }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(page, { first: -1 }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(page, { first: 1, last: 1 }))).toEqual(['BAD_USER_INPUT']);
});

test('a malformed cursor, or one from another list, is BAD_USER_INPUT', async () => {
  const garbage = await hub.query(page, { first: 2, after: 'not-a-cursor' });
  expect(garbage.errors).toEqual([
    expect.objectContaining({
      message: 'Malformed cursor in "after": use a cursor this list returned.',
      extensions: { code: 'BAD_USER_INPUT', field: 'after', serviceName: 'cities' },
    }),
  ]);
  const networks = await hub.query(`{ settlementYears(first: 1) { pageInfo { endCursor } } }`);
  const foreign = await hub.query(page, { first: 2, after: networks.data.settlementYears.pageInfo.endCursor });
  expect(codes(foreign)).toEqual(['BAD_USER_INPUT']);
});

test('the change feed lists what changed since a time, deletions as tombstones', async () => {
  const since = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  const lund = await hub.query(
    `mutation { createCity(input: { slug: "malmo", name: "Malmö", countryCode: "SE" }) { id } }`,
    {},
    { token: admin },
  );
  await hub.query(
    `mutation($id: ID!) { updateCity(id: $id, input: { mayor: "Someone" }) { id } }`,
    { id: lund.data.createCity.id },
    { token: admin },
  );
  const oslo = await hub.query(`{ city(slug: "oslo") { id } }`);
  await hub.query(`mutation($id: ID!) { deleteCity(id: $id) { id } }`, { id: oslo.data.city.id }, { token: admin });

  const feed = await hub.query(page, { changedSince: since, first: 10 });
  expect(feed.errors).toBeUndefined();
  expect(feed.data.cities.totalCount).toBe(2);
  expect(feed.data.cities.edges.map((e: any) => e.node)).toEqual([
    { slug: 'malmo', deleted: false },
    { slug: 'oslo', deleted: true },
  ]);
  // the deleted city is gone from ordinary lists and lookups
  const after = await hub.query(page, { first: 100 });
  expect(after.errors).toBeUndefined();
  expect(slugs(after)).not.toContain('oslo');
  expect(codes(await hub.query(`{ city(slug: "oslo") { id } }`))).toEqual(['NOT_FOUND']);
  // and the feed pages like any list
  const firstChange = await hub.query(page, { changedSince: since, first: 1 });
  const secondChange = await hub.query(page, { changedSince: since, first: 1, after: firstChange.data.cities.pageInfo.endCursor });
  expect(secondChange.errors).toBeUndefined();
  expect(slugs(secondChange)).toEqual(['oslo']);
  expect(secondChange.data.cities.pageInfo.hasNextPage).toBe(false);
});
