import { hubOptionsFromEnv } from '../gateway/env';
import { ConfigError } from '../shared/config';
import { bearerVerifier } from '../shared/identity';
import { cities } from '../subgraphs/cities';
import { codes, postGraphQL, postSigned, startDevSubgraph, startTestHub, type TestHub } from './helpers';

let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub([cities], { shared: false }); // a test closes its cities server
});
afterAll(() => hub?.close());

test('liveness says only that the process is up; readiness reports each subgraph by name, without addresses', async () => {
  for (const path of ['/live', '/health']) {
    const response = await fetch(hub.url.replace('/graphql', path));
    expect({ path, status: response.status, body: await response.json() }).toEqual({ path, status: 200, body: { status: 'ok' } });
  }
  const ready = await fetch(hub.url.replace('/graphql', '/ready'));
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', subgraphs: { cities: 'up' } });
});

test('a subgraph has the same liveness, and its readiness checks its database', async () => {
  const base = hub.subgraphs.cities.server.url.replace('/graphql', '');
  const live = await fetch(`${base}/live`);
  expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  const ready = await fetch(`${base}/ready`);
  expect({ status: ready.status, body: await ready.json() }).toEqual({
    status: 200,
    body: { status: 'ready', subgraph: 'cities', database: 'up' },
  });
});

test('subgraphs refuse calls that do not come from the gateway', async () => {
  const direct = await postGraphQL(hub.subgraphs.cities.server.url, `{ cities { totalCount } }`);
  expect(direct.status).toBe(401);
  expect(direct.errors).toEqual([
    expect.objectContaining({
      message: 'This service accepts requests only from the Intercity Hub gateway.',
      extensions: { code: 'UNAUTHENTICATED' },
    }),
  ]);
  const forged = await postSigned(
    hub.subgraphs.cities.server.url,
    'cities',
    `{ cities { totalCount } }`,
    {},
    { subject: 'x', roles: ['admin'] },
    { secret: 'some-other-secret-some-other-secret-xx' },
  );
  expect(forged.status).toBe(401);
  expect(codes(forged)).toEqual(['UNAUTHENTICATED']);
  const signed = await postSigned(hub.subgraphs.cities.server.url, 'cities', `{ cities { totalCount } }`, {}, { subject: null, roles: [] });
  expect(signed.status).toBe(200);
  expect(signed.data).toEqual({ cities: { totalCount: 11 } });
});

test('in development mode a subgraph accepts direct calls and reads their bearer token', async () => {
  const dev = await startDevSubgraph(cities);
  try {
    const anonymous = await postGraphQL(
      dev.server.url,
      `mutation { createCity(input: { slug: "x", name: "X", countryCode: "NO" }) { slug } }`,
    );
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const asAdmin = await postGraphQL(
      dev.server.url,
      `mutation { createCity(input: { slug: "x", name: "X", countryCode: "NO" }) { slug } }`,
      {},
      { token: await hub.token({ roles: ['admin'] }) },
    );
    expect(asAdmin.data).toEqual({ createCity: { slug: 'x' } });
  } finally {
    await dev.close();
  }
});

test('tokens without the claims a role needs are refused', async () => {
  const municipalityWithoutCity = await hub.token({ roles: ['municipality'] });
  const result = await hub.query(`{ cities { totalCount } }`, {}, { token: municipalityWithoutCity });
  expect(result.status).toBe(401);
  expect(result.errors).toEqual([
    expect.objectContaining({
      message: 'A municipality token must name its city (cityId claim).',
      extensions: { code: 'UNAUTHENTICATED' },
    }),
  ]);
});

test('a request that is not GraphQL gets a 400, not a crash', async () => {
  const response = await fetch(hub.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
  expect(response.status).toBe(400);
  const parse = await hub.query(`{ cities { `);
  expect(parse.status).toBe(400);
  expect(codes(parse)).toEqual(['GRAPHQL_PARSE_FAILED']);
});

test('configuration errors name the bad variable', () => {
  expect(() => hubOptionsFromEnv({ CITIES_PORT: 'eighty' })).toThrow(ConfigError);
  expect(() => hubOptionsFromEnv({ CITIES_PORT: 'eighty' })).toThrow(/CITIES_PORT/);
  expect(() => hubOptionsFromEnv({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  expect(() => hubOptionsFromEnv({ HUB_SEED: 'sometimes' })).toThrow(/HUB_SEED/);
  expect(() => hubOptionsFromEnv({ HUB_INTERNAL_SECRET: 'short' })).toThrow(/HUB_INTERNAL_SECRET must be at least 32 characters long/);
  expect(() => hubOptionsFromEnv({ HUB_SUBGRAPH_TIMEOUT_MS: '0' })).toThrow(
    /HUB_SUBGRAPH_TIMEOUT_MS: "0" is not a positive number of milliseconds/,
  );
  expect(hubOptionsFromEnv({ HUB_SUBGRAPH_TIMEOUT_MS: '2500' }).subgraphTimeoutMs).toBe(2500);
  expect(hubOptionsFromEnv({}).subgraphTimeoutMs).toBe(10000);
});

test('when a subgraph is down the gateway says so: not ready (503), a clean error, and still live', async () => {
  await hub.subgraphs.cities.server.close();
  const ready = await fetch(hub.url.replace('/graphql', '/ready'));
  expect(ready.status).toBe(503);
  expect(await ready.json()).toEqual({ status: 'not ready', subgraphs: { cities: 'down' } });
  const live = await fetch(hub.url.replace('/graphql', '/live'));
  expect(live.status).toBe(200);
  const result = await hub.query(`{ cities { totalCount } }`);
  expect(result.status).toBe(200);
  expect(result.errors).toEqual([
    {
      message: 'The cities service is unavailable; try again shortly.',
      path: ['cities'],
      extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'cities' },
    },
  ]);
});

test('with HUB_JWKS_URL the hub verifies RS256 tokens of an identity provider', async () => {
  const { createServer } = await import('node:http');
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
  const server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    const { port } = server.address() as { port: number };
    const verify = bearerVerifier({
      jwksUrl: `http://127.0.0.1:${port}/jwks.json`,
      issuer: 'https://idp.example',
      audience: 'intercity-hub',
    });
    const sign = (key: typeof privateKey, claims: Record<string, unknown>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'idp-key-1' })
        .setSubject('person-1')
        .setIssuer('https://idp.example')
        .setAudience('intercity-hub')
        .setExpirationTime('5m')
        .sign(key);
    await expect(verify(`Bearer ${await sign(privateKey, { roles: ['admin'] })}`)).resolves.toEqual({
      subject: 'person-1',
      roles: ['admin'],
      name: undefined,
      cityId: undefined,
      organisationId: undefined,
    });
    await expect(verify(`Bearer ${await sign(other.privateKey, { roles: ['admin'] })}`)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const hs256 = await hub.token({ roles: ['admin'] });
    await expect(verify(`Bearer ${hs256}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  } finally {
    server.close();
  }
});
