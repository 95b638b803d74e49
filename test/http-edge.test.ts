import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubOptionsFromEnv } from '../gateway/env';
import type { RunningSubgraph } from '../gateway/hub';
import { startGateway } from '../gateway';
import { ConfigError } from '../shared/config';
import { bearerVerifier } from '../shared/identity';
import type { RunningServer } from '../shared/server';
import { loadTrustedDocuments, sha256 } from '../shared/trusted-documents';
import { cities } from '../subgraphs/cities';
import { composeSupergraph, startDevSubgraph, startTestHub, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type TestHub } from './helpers';

/**
 * The HTTP edge (issue 9, parts 5, 7 and 8): whatever arrives, the gateway and every subgraph answer
 * GraphQL-over-HTTP JSON with a 2xx or 4xx; CORS for configured origins; the trusted-documents mode;
 * introspection and suggestions off in production; a time limit for each gateway request.
 */
const ORIGIN = 'https://city.example';
const CITY_NAME = 'query CityName($slug: String!) { city(slug: $slug) { name } }';
const COUNT = '{ cities { totalCount } }';
const INTROSPECTION_OFF =
  'GraphQL introspection is not allowed by Apollo Server, but the query contained __schema or __type. To enable introspection, pass introspection: true to ApolloServer in production';

/** Starting every subgraph on embedded PGlite takes minutes on a loaded machine. */
const STARTUP_TIMEOUT = 600_000;
let hub: TestHub; // CORS for ORIGIN, everything else default
let trusted: TestHub; // trusted-documents mode
let dev: RunningSubgraph; // a subgraph accepting direct calls, introspection off (production)
let manifestPath: string;

beforeAll(async () => {
  manifestPath = join(mkdtempSync(join(tmpdir(), 'hub-trusted-')), 'persisted-documents.json');
  writeFileSync(manifestPath, JSON.stringify({ [sha256(CITY_NAME)]: CITY_NAME, [sha256(COUNT)]: COUNT }));
  hub = await startTestHub([cities], { edge: { corsOrigins: [ORIGIN] } });
  trusted = await startTestHub([cities], { edge: { trustedDocuments: loadTrustedDocuments(manifestPath) } });
  dev = await startDevSubgraph(cities, { introspection: false });
}, STARTUP_TIMEOUT);
afterAll(async () => {
  await dev?.close();
  await trusted?.close();
  await hub?.close();
});

/** Sends raw; the answer must be JSON, whatever the status. */
async function send(url: string, init: RequestInit & { body?: string | Buffer }) {
  const response = await fetch(url, init as RequestInit);
  const text = await response.text();
  expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  return { status: response.status, body: JSON.parse(text), headers: response.headers };
}
const json = { 'content-type': 'application/json' };
const error = (code: string, message: string) => ({ errors: [{ message, extensions: { code } }] });

const targets = () => ({ gateway: hub.url, 'signed subgraph': hub.subgraphs.cities.server.url, 'dev subgraph': dev.server.url });
const eachTarget = (name: string, fn: (url: string) => Promise<void>) =>
  test.each(['gateway', 'signed subgraph', 'dev subgraph'] as const)(`${name} (%s)`, (target) => fn(targets()[target]));

describe('malformed requests get a 4xx JSON error, never HTML', () => {
  eachTarget('malformed JSON', async (url) => {
    expect(await send(url, { method: 'POST', headers: json, body: '{"query": ' })).toMatchObject({
      status: 400,
      body: error('BAD_REQUEST', 'The body is not valid JSON.'),
    });
  });
  eachTarget('a NUL byte in the body', async (url) => {
    const body = Buffer.from('{"query": "{ __typename\u0000 }"}');
    expect(await send(url, { method: 'POST', headers: json, body })).toMatchObject({
      status: 400,
      body: error('BAD_REQUEST', 'The body is not valid JSON.'),
    });
  });
  eachTarget('charset=latin1', async (url) => {
    expect(
      await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=latin1' },
        body: '{"query":"{ __typename }"}',
      }),
    ).toMatchObject({
      status: 415,
      body: error('UNSUPPORTED_MEDIA_TYPE', 'The body must be UTF-8 JSON (content-type: application/json; charset=utf-8).'),
    });
  });
  eachTarget('a body over the limit', async (url) => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { padding: 'x'.repeat(1_100_000) } });
    expect(await send(url, { method: 'POST', headers: json, body })).toMatchObject({
      status: 413,
      body: error('PAYLOAD_TOO_LARGE', 'The body is larger than the limit of 1 MB.'),
    });
  });
  eachTarget('PUT, DELETE and PATCH', async (url) => {
    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      const result = await send(url, { method, headers: json, body: '{"query":"{ __typename }"}' });
      expect(result).toMatchObject({ status: 405, body: error('METHOD_NOT_ALLOWED', `${method} is not supported here: use GET or POST.`) });
      expect(result.headers.get('allow')).toBe('GET, POST, OPTIONS');
    }
  });
  eachTarget('media types other than JSON', async (url) => {
    for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expect(await send(url, { method: 'POST', headers: { 'content-type': type }, body: 'query={ __typename }' })).toMatchObject({
        status: 415,
        body: error('UNSUPPORTED_MEDIA_TYPE', 'Send the request as JSON: content-type: application/json.'),
      });
    }
  });
  eachTarget('a persisted query hash that is not a string', async (url) => {
    const body = JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 5 } } });
    expect(await send(url, { method: 'POST', headers: json, body })).toMatchObject({
      status: 400,
      body: error('BAD_REQUEST', '"extensions.persistedQuery.sha256Hash" must be a string.'),
    });
  });
  eachTarget('an unknown path', async (url) => {
    expect(await send(url.replace('/graphql', '/nothing-here'), { method: 'GET' })).toMatchObject({
      status: 404,
      body: error('NOT_FOUND', 'Nothing here: the GraphQL endpoint is /graphql.'),
    });
  });
});

describe('operations the hub cannot run get a 400', () => {
  test.each(['gateway', 'dev subgraph'] as const)('a subscription (%s)', async (target) => {
    expect(
      await send(targets()[target], { method: 'POST', headers: json, body: JSON.stringify({ query: 'subscription { __typename }' }) }),
    ).toMatchObject({
      status: 400,
      body: error('OPERATION_NOT_SUPPORTED', 'Subscriptions are not supported: use a query or a mutation.'),
    });
  });
  test.each(['gateway', 'dev subgraph'] as const)('several operations without operationName, or an unknown name (%s)', async (target) => {
    const query = 'query A { __typename } query B { __typename }';
    expect(await send(targets()[target], { method: 'POST', headers: json, body: JSON.stringify({ query }) })).toMatchObject({
      status: 400,
      body: error('OPERATION_RESOLUTION_FAILURE', 'The document has 2 operations: name the one to run in "operationName".'),
    });
    expect(
      await send(targets()[target], { method: 'POST', headers: json, body: JSON.stringify({ query, operationName: 'C' }) }),
    ).toMatchObject({
      status: 400,
      body: error('OPERATION_RESOLUTION_FAILURE', 'The document has no operation named "C".'),
    });
    expect(
      await send(targets()[target], { method: 'POST', headers: json, body: JSON.stringify({ query, operationName: 'B' }) }),
    ).toMatchObject({
      status: 200,
      body: { data: { __typename: 'Query' } },
    });
  });
});

describe('CORS', () => {
  test('a preflight from an allowed origin gets 204 with the CORS headers', async () => {
    const response = await fetch(hub.url, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(response.status).toBe(204);
    expect(Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')))).toEqual({
      'access-control-allow-origin': ORIGIN,
      'access-control-allow-methods': 'GET,POST,OPTIONS',
      'access-control-allow-headers': 'content-type,authorization,accept-language,apollo-require-preflight,x-apollo-operation-name',
      'access-control-max-age': '600',
    });
    expect(response.headers.get('vary')).toMatch(/Origin/);
  });
  test('a request from an allowed origin carries Access-Control-Allow-Origin; other origins get none', async () => {
    const allowed = await fetch(hub.url, { method: 'POST', headers: { ...json, origin: ORIGIN }, body: JSON.stringify({ query: COUNT }) });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const preflight = await fetch(hub.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const other = await fetch(hub.url, {
      method: 'POST',
      headers: { ...json, origin: 'https://evil.example' },
      body: JSON.stringify({ query: COUNT }),
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
  test('by default no origin is allowed', async () => {
    const response = await fetch(trusted.url, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'POST' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('trusted documents', () => {
  const byHash = (query: string, variables = {}) => ({
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
  });
  const untrusted = error('UNTRUSTED_DOCUMENT', 'This operation is not among the trusted documents of this hub.');

  test('an operation of the manifest runs, by hash (POST or GET) or as its document', async () => {
    expect(
      await send(trusted.url, { method: 'POST', headers: json, body: JSON.stringify(byHash(CITY_NAME, { slug: 'bergen' })) }),
    ).toMatchObject({
      status: 200,
      body: { data: { city: { name: 'Bergen' } } },
    });
    const params = new URLSearchParams({
      variables: JSON.stringify({ slug: 'oslo' }),
      extensions: JSON.stringify(byHash(CITY_NAME).extensions),
    });
    expect(await send(`${trusted.url}?${params}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } })).toMatchObject({
      status: 200,
      body: { data: { city: { name: 'Oslo' } } },
    });
    expect(await send(trusted.url, { method: 'POST', headers: json, body: JSON.stringify({ query: COUNT }) })).toMatchObject({
      status: 200,
      body: { data: { cities: { totalCount: 11 } } },
    });
  });
  test('any other document or hash is refused', async () => {
    expect(
      await send(trusted.url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ cities { nodes { name } } }' }) }),
    ).toMatchObject({ status: 400, body: untrusted });
    expect(await send(trusted.url, { method: 'POST', headers: json, body: JSON.stringify(byHash('{ __typename }')) })).toMatchObject({
      status: 400,
      body: untrusted,
    });
    const params = new URLSearchParams({ query: '{ __typename }' });
    expect(await send(`${trusted.url}?${params}`, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } })).toMatchObject({
      status: 400,
      body: untrusted,
    });
    expect(
      await send(trusted.url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ __typename }', ...byHash(COUNT) }) }),
    ).toMatchObject({
      status: 400,
      body: error('UNTRUSTED_DOCUMENT', 'The document does not match its hash.'),
    });
  });
  test('automatic persisted queries cannot register a new document', async () => {
    const query = '{ cities { nodes { slug } } }';
    expect(await send(trusted.url, { method: 'POST', headers: json, body: JSON.stringify({ query, ...byHash(query) }) })).toMatchObject({
      status: 400,
      body: untrusted,
    });
    expect(await send(trusted.url, { method: 'POST', headers: json, body: JSON.stringify(byHash(query)) })).toMatchObject({
      status: 400,
      body: untrusted,
    });
  });
  test('off by default: any document runs, and automatic persisted queries register', async () => {
    const query = '{ cities(first: 1) { nodes { slug } } }';
    expect(await send(hub.url, { method: 'POST', headers: json, body: JSON.stringify(byHash(query)) })).toMatchObject({
      status: 200,
      body: { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] },
    });
    expect(await send(hub.url, { method: 'POST', headers: json, body: JSON.stringify({ query, ...byHash(query) }) })).toMatchObject({
      status: 200,
      body: { data: { cities: { nodes: [{}] } } },
    });
    expect(await send(hub.url, { method: 'POST', headers: json, body: JSON.stringify(byHash(query)) })).toMatchObject({
      status: 200,
      body: { data: { cities: { nodes: [{}] } } },
    });
  });
  test('a manifest whose hashes do not match its documents stops start-up, naming the variable', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'hub-trusted-')), 'bad.json');
    writeFileSync(bad, JSON.stringify({ [sha256('{ a }')]: '{ b }' }));
    expect(() => loadTrustedDocuments(bad)).toThrow(ConfigError);
    expect(() => loadTrustedDocuments(bad)).toThrow(
      /HUB_TRUSTED_DOCUMENTS: the entry "[0-9a-f]+" in ".*bad.json" is not the sha256 of its document/,
    );
  });
});

describe('introspection and suggestions', () => {
  test('on by default outside production: introspection answers and errors suggest field names', async () => {
    const introspection = await send(hub.url, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(introspection).toMatchObject({ status: 200, body: { data: { __schema: { queryType: { name: 'Query' } } } } });
    const typo = await send(hub.url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ citys { totalCount } }' }) });
    expect(typo.status).toBe(400);
    expect(typo.body.errors[0].message).toBe('Cannot query field "citys" on type "Query". Did you mean "city" or "cities"?');
  });
  test('off in production on a subgraph', async () => {
    const introspection = await send(dev.server.url, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors).toEqual([
      {
        message: INTROSPECTION_OFF,
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'INTROSPECTION_DISABLED' },
      },
    ]);
    const typo = await send(dev.server.url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ citys { totalCount } }' }) });
    expect(typo).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'Cannot query field "citys" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
    });
  });
  test('NODE_ENV=production turns them off unless HUB_INTROSPECTION=true', () => {
    const secrets = { HUB_JWT_SECRET: 'p'.repeat(40), HUB_INTERNAL_SECRET: 'q'.repeat(40) };
    expect(hubOptionsFromEnv({ ...secrets, NODE_ENV: 'production' }).edge?.introspection).toBe(false);
    expect(hubOptionsFromEnv({ ...secrets, NODE_ENV: 'production', HUB_INTROSPECTION: 'true' }).edge?.introspection).toBe(true);
    expect(hubOptionsFromEnv({ NODE_ENV: 'development' }).edge?.introspection).toBe(true);
    expect(hubOptionsFromEnv({ HUB_INTROSPECTION: 'false' }).edge?.introspection).toBe(false);
    expect(() => hubOptionsFromEnv({ HUB_INTROSPECTION: 'perhaps' })).toThrow(/HUB_INTROSPECTION/);
  });
});

test('the limits, timeout, CORS origins and trusted documents come from the environment', () => {
  const edge = hubOptionsFromEnv({
    HUB_MAX_DEPTH: '7',
    HUB_MAX_ALIASES: '5',
    HUB_MAX_TOKENS: '500',
    HUB_MAX_DIRECTIVES: '3',
    HUB_MAX_COST: '999',
    HUB_REQUEST_TIMEOUT_MS: '2500',
    HUB_CORS_ORIGINS: 'https://a.example, https://b.example',
    HUB_TRUSTED_DOCUMENTS: manifestPath,
  }).edge!;
  expect(edge.limits).toEqual({ maxDepth: 7, maxAliases: 5, maxTokens: 500, maxDirectives: 3, maxCost: 999 });
  expect(edge.requestTimeoutMs).toBe(2500);
  expect(edge.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
  expect([...edge.trustedDocuments!.keys()].sort()).toEqual([sha256(CITY_NAME), sha256(COUNT)].sort());
  const defaults = hubOptionsFromEnv({}).edge!;
  expect(defaults).toEqual({
    limits: { maxDepth: 10, maxAliases: 30, maxTokens: 2000, maxDirectives: 20, maxCost: 20000 },
    introspection: true,
    requestTimeoutMs: 15000,
    corsOrigins: [],
    trustedDocuments: undefined,
  });
  expect(() => hubOptionsFromEnv({ HUB_MAX_COST: 'lots' })).toThrow(/HUB_MAX_COST/);
  expect(() => hubOptionsFromEnv({ HUB_MAX_DEPTH: '0' })).toThrow(/HUB_MAX_DEPTH/);
  expect(() => hubOptionsFromEnv({ HUB_REQUEST_TIMEOUT_MS: '-1' })).toThrow(/HUB_REQUEST_TIMEOUT_MS/);
  expect(() => hubOptionsFromEnv({ HUB_TRUSTED_DOCUMENTS: '/nonexistent/manifest.json' })).toThrow(
    /HUB_TRUSTED_DOCUMENTS: cannot read a JSON manifest/,
  );
});

describe('a gateway in production, in front of a subgraph that never answers', () => {
  let stalled: Server;
  let gateway: RunningServer;
  beforeAll(async () => {
    stalled = createServer(() => undefined); // accepts requests and never answers
    await new Promise<void>((resolve) => stalled.listen(0, '127.0.0.1', () => resolve()));
    gateway = await startGateway({
      supergraphSdl: await composeSupergraph([cities]),
      subgraphUrls: { cities: `http://127.0.0.1:${(stalled.address() as { port: number }).port}/graphql` },
      verifyBearer: bearerVerifier({ secret: TEST_JWT_SECRET }),
      internalSecret: TEST_INTERNAL_SECRET,
      port: 0,
      host: '127.0.0.1',
      edge: { introspection: false, requestTimeoutMs: 300 },
    });
  }, STARTUP_TIMEOUT);
  afterAll(async () => {
    stalled?.closeAllConnections();
    stalled?.close();
    await gateway?.close();
  });

  test('a request that takes longer than HUB_REQUEST_TIMEOUT_MS gets a clean JSON error', async () => {
    expect(await send(gateway.url, { method: 'POST', headers: json, body: JSON.stringify({ query: COUNT }) })).toMatchObject({
      status: 200,
      body: {
        data: null,
        errors: [{ message: 'The request took longer than 300 ms and was stopped.', extensions: { code: 'REQUEST_TIMEOUT' } }],
      },
    });
  });
  test('introspection, suggestions and the landing page are off', async () => {
    const introspection = await send(gateway.url, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: '{ __type(name: "City") { name } }' }),
    });
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors).toEqual([
      {
        message: INTROSPECTION_OFF,
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED', validationErrorCode: 'INTROSPECTION_DISABLED' },
      },
    ]);
    expect(
      await send(gateway.url, { method: 'POST', headers: json, body: JSON.stringify({ query: '{ citys { totalCount } }' }) }),
    ).toMatchObject({
      status: 400,
      body: { errors: [{ message: 'Cannot query field "citys" on type "Query".', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] },
    });
    const landing = await fetch(gateway.url, { headers: { accept: 'text/html' } });
    expect(landing.headers.get('content-type')).toMatch(/^application\/json/);
    expect(landing.status).toBe(400);
  });
});
