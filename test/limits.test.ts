import { readFileSync } from 'node:fs';
import type { RunningSubgraph } from '../gateway/hub';
import { DEFAULT_LIMITS } from '../shared/limits';
import { SUPERGRAPH_PATH } from '../shared/paths';
import { SUBGRAPHS } from '../subgraphs';
import { cities } from '../subgraphs/cities';
import { postGraphQL, startDevSubgraph, startTestHub, type TestHub } from './helpers';

/**
 * Operation limits (issue 9, part 1): the gateway refuses a document that is too deep, has too many
 * aliases, tokens or directives, or may return too many objects, with HTTP 400 and a stable code,
 * before anything executes; each subgraph checks again as a second line.
 */
/** Starting every subgraph on embedded PGlite takes minutes on a loaded machine. */
const STARTUP_TIMEOUT = 600_000;
let hub: TestHub;
let direct: RunningSubgraph;

beforeAll(async () => {
  hub = await startTestHub(SUBGRAPHS, { supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
  // a subgraph that accepts direct calls (development mode): what an attacker past the gateway would reach
  direct = await startDevSubgraph(cities);
}, STARTUP_TIMEOUT);
afterAll(async () => {
  await direct?.close();
  await hub?.close();
});

const statements = () => Object.values(hub.subgraphs).reduce((sum, s) => sum + s.database.statements, 0);

/** Posts raw and returns status and the parsed body. */
async function post(url: string, body: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

const refusal = (code: string, message: string, limit: number) => ({ errors: [{ message, extensions: { code, limit } }] });

const tenLevels = `{ city(slug: "goteborg") { fundingActivities { cities { fundingActivities { cities { fundingActivities {
  cities { fundingActivities { cities { fundingActivities { identifier } } } } } } } } } } }`;

const twelveLevels = `{ city(slug: "goteborg") { memberships { network { memberships { member { ... on City {
  memberships { network { memberships { member { ... on City { memberships { network { name } } } } } } } } } } } } } }`;

const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;

test('the ten-level query across subgraphs is refused as too deep, before anything executes', async () => {
  const before = statements();
  const result = await post(hub.url, { query: tenLevels });
  expect(result).toEqual({ status: 400, body: refusal('QUERY_TOO_DEEP', 'The operation nests 11 levels deep; the limit is 10.', 10) });
  expect(statements()).toBe(before);
});

test('the twelve-level memberships query is refused as too deep', async () => {
  const before = statements();
  const result = await post(hub.url, { query: twelveLevels });
  expect(result).toEqual({ status: 400, body: refusal('QUERY_TOO_DEEP', 'The operation nests 12 levels deep; the limit is 10.', 10) });
  expect(statements()).toBe(before);
});

test('20,000 aliases are refused while parsing, as too many tokens', async () => {
  const result = await post(hub.url, { query: aliases(20000) });
  expect(result).toEqual({ status: 400, body: refusal('TOO_MANY_TOKENS', 'The document has more than 2000 tokens.', 2000) });
});

test('more aliases than the limit are refused', async () => {
  expect(await post(hub.url, { query: aliases(DEFAULT_LIMITS.maxAliases) })).toMatchObject({
    status: 200,
    body: { data: { a0: 'Query' } },
  });
  const result = await post(hub.url, { query: aliases(31) });
  expect(result).toEqual({ status: 400, body: refusal('TOO_MANY_ALIASES', 'The document has 31 aliases; the limit is 30.', 30) });
});

test('more directives than the limit are refused', async () => {
  const directives = (n: number) => `{ ${Array.from({ length: n }, () => '__typename @include(if: true)').join(' ')} }`;
  expect(await post(hub.url, { query: directives(20) })).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
  const result = await post(hub.url, { query: directives(21) });
  expect(result).toEqual({ status: 400, body: refusal('TOO_MANY_DIRECTIVES', 'The document has 21 directives; the limit is 20.', 20) });
});

const chain = (first: string) =>
  `{ cities${first} { nodes { memberships { network { memberships { member { ... on City { memberships { role } } } } } } } } }`;
const costly = (cost: number) =>
  refusal(
    'QUERY_TOO_COSTLY',
    `The operation may return about ${cost} objects; the limit is 20000. Ask for smaller pages or fewer nested lists.`,
    20000,
  );

test('the cost multiplies by the page size of nested lists: big pages of nested lists are refused', async () => {
  const query = `query($n: Int) { cities(first: $n) { nodes { memberships { network { memberships { member { ... on City { memberships { role } } } } } } } } }`;
  // n × (1 + nodes 1 + 10 memberships × (1 + network 1 + 10 memberships × (1 + member 1 + 10 memberships)))
  const small = await post(hub.url, { query, variables: { n: 10 } });
  expect(small.status).toBe(200);
  expect(small.body.errors).toBeUndefined();
  const before = statements();
  expect(await post(hub.url, { query, variables: { n: 100 } })).toEqual({ status: 400, body: costly(122200) });
  // without `first` a connection counts its default page of 20
  expect(await post(hub.url, { query: chain('') })).toEqual({ status: 400, body: costly(24440) });
  expect(statements()).toBe(before);
});

test('a repeated document is measured by what it is sent with: its variables, or the defaults without them', async () => {
  // the gateway measures a document once, and its cost once per operation without variables
  const query = `query($n: Int = 100) { cities(first: $n) { nodes { memberships { network { memberships { member { ... on City { memberships { role } } } } } } } } }`;
  for (let round = 0; round < 2; round++) {
    expect(await post(hub.url, { query })).toEqual({ status: 400, body: costly(122200) });
    expect((await post(hub.url, { query, variables: { n: 10 } })).status).toBe(200);
    expect(await post(hub.url, { query, variables: { n: 100 } })).toEqual({ status: 400, body: costly(122200) });
    expect(await post(hub.url, { query: tenLevels })).toMatchObject({
      status: 400,
      body: { errors: [{ extensions: { code: 'QUERY_TOO_DEEP' } }] },
    });
  }
});

test(
  'limits are configurable',
  async () => {
    const strict = await startTestHub([cities], { edge: { limits: { ...DEFAULT_LIMITS, maxDepth: 2, maxCost: 10 } } });
    try {
      expect(await post(strict.url, { query: `{ cities(first: 5) { totalCount } }` })).toMatchObject({ status: 200 });
      expect(await post(strict.url, { query: `{ cities(first: 5) { nodes { name } } }` })).toEqual({
        status: 400,
        body: refusal('QUERY_TOO_DEEP', 'The operation nests 3 levels deep; the limit is 2.', 2),
      });
      expect(await post(strict.url, { query: `{ cities(first: 20) { totalCount } }` })).toEqual({
        status: 400,
        body: refusal(
          'QUERY_TOO_COSTLY',
          'The operation may return about 20 objects; the limit is 10. Ask for smaller pages or fewer nested lists.',
          10,
        ),
      });
    } finally {
      await strict.close();
    }
  },
  STARTUP_TIMEOUT,
);

test('a subgraph checks the same limits again when called directly', async () => {
  expect(await post(direct.server.url, { query: twelveLevels })).toEqual({
    status: 400,
    body: refusal('QUERY_TOO_DEEP', 'The operation nests 12 levels deep; the limit is 10.', 10),
  });
  expect(await post(direct.server.url, { query: aliases(20000) })).toEqual({
    status: 400,
    body: refusal('TOO_MANY_TOKENS', 'The document has more than 4000 tokens.', 4000),
  });
  expect(await post(direct.server.url, { query: aliases(31) })).toEqual({
    status: 400,
    body: refusal('TOO_MANY_ALIASES', 'The document has 31 aliases; the limit is 30.', 30),
  });
  expect(await post(direct.server.url, { query: chain('(first: 100)') })).toEqual({ status: 400, body: costly(122200) });
  const fine = await postGraphQL(direct.server.url, `{ cities(first: 100) { totalCount } }`);
  expect(fine).toEqual({ status: 200, data: { cities: { totalCount: 0 } } });
});
