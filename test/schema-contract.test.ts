import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
  type IntrospectionQuery,
} from 'graphql';
import { request } from '../examples/client/src/client';
import { CityProfile, NorwegianCities } from '../examples/client/src/operations';
import { ApolloServer } from '@apollo/server';
import { CACHE_CONTROL_DEFINITIONS, PUBLIC_MAX_AGE, publicCachePlugin } from '../shared/cache-control';
import { ANONYMOUS, type Identity } from '../shared/identity';
import { API_SCHEMA_PATH, PROJECT_ROOT, RELEASED_API_SCHEMA_PATH } from '../shared/paths';
import { CONFIGURED_SUBGRAPHS } from '../subgraphs/catalog';
import { startTestHub, type TestHub } from './helpers';

/**
 * The contract with clients: the checked-in API schema is what the gateway serves, a breaking change
 * against the last release's copy fails `npm run schema:breaking`, the example client's typed
 * operations run against the gateway, and public reads carry Cache-Control while nothing a
 * signed-in caller asks, no mutation and nothing private is cacheable by anyone.
 */
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub(CONFIGURED_SUBGRAPHS);
}, 300_000);
afterAll(() => hub?.close());

const PUBLIC = `max-age=${PUBLIC_MAX_AGE}, public`;
const admin = () => hub.token({ subject: 'contract-admin', roles: ['admin'] });

async function post(query: string, token?: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: { extensions?: { code?: string } }[] };
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    codes: (body.errors ?? []).map((e) => e.extensions?.code),
    data: body.data,
  };
}

test('the gateway serves exactly the checked-in API schema (schema/api.graphql)', async () => {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: getIntrospectionQuery({ specifiedByUrl: true }) }),
  });
  const { data } = (await response.json()) as { data: IntrospectionQuery };
  const served = printSchema(lexicographicSortSchema(buildClientSchema(data)));
  const checkedIn = printSchema(lexicographicSortSchema(buildSchema(readFileSync(API_SCHEMA_PATH, 'utf8'))));
  expect(served).toBe(checkedIn);
});

test('an anonymous city profile, through the example client’s typed operation, may be cached publicly', async () => {
  const { answer, cacheControl } = await request(hub.url, CityProfile, { slug: 'goteborg' });
  expect(answer.errors).toBeUndefined();
  // typed: city.name is a string, fundingActivities a nullable list (a subgraph may be down)
  const city = answer.data!.city;
  expect([city.name, city.countryCode, city.memberships.length > 0, city.fundingActivities!.length > 0]).toEqual([
    'Göteborg',
    'SE',
    true,
    true,
  ]);
  expect(cacheControl).toBe(PUBLIC);
  const cities = await request(hub.url, NorwegianCities, { first: 2 });
  expect(cities.answer.data!.cities.edges.length).toBe(2);
  expect(cities.cacheControl).toBe(PUBLIC);
});

test('published meetings and funding activities, across the subgraphs, may be cached publicly', async () => {
  const result = await post(`{
    meetings(first: 2) { nodes { title { text } venueCity { name } agenda { title { text } speakers { name } } } }
    fundingActivities(first: 2) { nodes { identifier title { text } fund { name } funders { name } totalBudget { amount currency } } }
    network(slug: "solidarity-cities") { name memberships { member { ... on City { name } ... on Organisation { name } } } }
  }`);
  expect(result.codes).toEqual([]);
  expect([result.data.meetings.nodes.length > 0, result.data.fundingActivities.nodes.length > 0]).toEqual([true, true]);
  expect(result.cacheControl).toBe(PUBLIC);
});

test('the same read by a signed-in caller is never cacheable (it may hold their drafts)', async () => {
  const { answer, cacheControl } = await request(hub.url, CityProfile, { slug: 'goteborg' }, await admin());
  expect(answer.data!.city.name).toBe('Göteborg');
  expect(cacheControl).toBe('no-store');
  const drafts = await post('{ fundingActivities(first: 50) { nodes { identifier status } } }', await admin());
  expect(drafts.codes).toEqual([]);
  expect(drafts.cacheControl).toBe('no-store');
});

test('an anonymous read that touches data without a public hint (peer reviews, history) is not cacheable', async () => {
  const reviews = await post('{ city(slug: "goteborg") { name reviewsHosted { status } } }');
  expect(reviews.codes).toEqual([]);
  expect(reviews.cacheControl).toBe('no-store');
  const history = await post('{ city(slug: "goteborg") { name history(first: 1) { nodes { at } } } }');
  expect(history.codes).toEqual([]);
  expect(history.cacheControl).toBe('no-store');
});

test('errors and mutations are not cacheable', async () => {
  const missing = await post('{ city(slug: "nowhere") { name } }');
  expect(missing.codes).toEqual(['NOT_FOUND']);
  expect(missing.cacheControl).toBe('no-store');
  const city = (await post('{ city(slug: "tromso") { id } }')).data.city.id as string;
  const written = await post(
    'mutation($c: ID!) { recordSettlementYear(input: { cityId: $c, year: 2031, decided: 10 }) { year decided } }',
    await admin(),
    { c: city },
  );
  expect(written.codes).toEqual([]);
  expect(written.data.recordSettlementYear).toEqual({ year: 2031, decided: 10 });
  expect(written.cacheControl).toBe('no-store');
});

test('a mutation is never cacheable, even by an anonymous caller and returning a type with a public hint', async () => {
  // no mutation of the hub succeeds anonymously, so the rule is shown on a server of its own
  const server = new ApolloServer<{ identity: Identity }>({
    typeDefs: `${CACHE_CONTROL_DEFINITIONS}
      type Thing @cacheControl(maxAge: ${PUBLIC_MAX_AGE}) { id: ID }
      type Query { thing: Thing }
      type Mutation { touch: Thing }`,
    resolvers: { Query: { thing: () => ({ id: '1' }) }, Mutation: { touch: () => ({ id: '1' }) } },
    plugins: [publicCachePlugin()],
  });
  await server.start();
  try {
    const header = async (query: string, identity: Identity) =>
      (await server.executeOperation({ query }, { contextValue: { identity } })).http.headers.get('cache-control');
    expect(await header('{ thing { id } }', ANONYMOUS)).toBe(PUBLIC);
    expect(await header('mutation { touch { id } }', ANONYMOUS)).toBe('no-store');
    expect(await header('{ thing { id } }', { subject: 'someone', roles: [] })).toBe('no-store');
  } finally {
    await server.stop();
  }
});

// ---- breaking changes: npm run schema:breaking ---------------------------------------------------

function inspectorDiff(before: string, after: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(PROJECT_ROOT, 'node_modules', '.bin', 'graphql-inspector'), ['diff', before, after], {
      cwd: PROJECT_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

test('schema:breaking passes on the checked-in schemas and fails on a removed field', async () => {
  const current = await inspectorDiff(RELEASED_API_SCHEMA_PATH, API_SCHEMA_PATH);
  expect({ code: current.code, breaking: /breaking change/i.test(current.output.replace(/No breaking changes/i, '')) }).toEqual({
    code: 0,
    breaking: false,
  });
  const dir = mkdtempSync(join(tmpdir(), 'hub-api-'));
  try {
    const broken = join(dir, 'api.graphql');
    const sdl = readFileSync(API_SCHEMA_PATH, 'utf8');
    expect(sdl).toContain('\n  countryCode: String!\n');
    writeFileSync(broken, sdl.replace('\n  countryCode: String!\n', '\n'));
    const result = await inspectorDiff(RELEASED_API_SCHEMA_PATH, broken);
    expect(result.code).toBe(1);
    expect(result.output).toContain('Field countryCode was removed from object type City');
    expect(result.output).toContain('Detected 1 breaking change');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
