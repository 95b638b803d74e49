import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime } from '@graphql-hive/gateway';
import { startHiveGateway } from '../gateway/hive';
import { mintToken } from '../shared/identity';
import { PROJECT_ROOT, SUPERGRAPH_PATH } from '../shared/paths';
import { sampleIds } from '../shared/sample-ids';
import { SUBGRAPHS } from '../subgraphs';
import { codes, postGraphQL, startTestHub, TEST_INTERNAL_SECRET, TEST_JWT_SECRET, type TestHub } from './helpers';
import { readmeOperations } from './readme-examples';
import { freePort } from './subgraph-process';
import type { RunningServer } from '../shared/server';

/**
 * The second gateway (README, "A second gateway: Hive Gateway"): Hive Gateway on the checked-in
 * supergraph in front of the same four subgraphs as the hub's own gateway, with the hub's token
 * verification and upstream signature (gateway/hive.ts). Every answer is compared with the hub's.
 */
let hub: TestHub;
let hive: RunningServer;
const supergraph = readFileSync(SUPERGRAPH_PATH, 'utf8');

beforeAll(async () => {
  hub = await startTestHub(SUBGRAPHS, { supergraphSdl: supergraph });
  hive = await startHiveGateway({
    supergraph,
    subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, s]) => [name, s.server.url])),
    verifyBearer: hub.verifyBearer,
    internalSecret: TEST_INTERNAL_SECRET,
    subgraphTimeoutMs: 30_000,
    port: 0,
    host: '127.0.0.1',
  });
});
afterAll(async () => {
  await hive?.close();
  await hub?.close();
});

/** The same request through both gateways. */
const both = async (query: string, variables: Record<string, unknown> = {}, token?: string) => {
  const [ours, theirs] = [await hub.query(query, variables, { token }), await postGraphQL(hive.url, query, variables, { token })];
  return { ours, theirs };
};

/** An error as a client reads it: message, path and code (each gateway adds its own extras). */
const errorsOf = (result: { errors?: { message: string; path?: unknown; extensions?: Record<string, unknown> }[] }) =>
  result.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions?.code }));

test('every README example operation gives the same answer through Hive Gateway as through the hub', async () => {
  const operations = readmeOperations();
  expect(operations.length).toBeGreaterThanOrEqual(8);
  for (const query of operations) {
    const { ours, theirs } = await both(query);
    expect({ query, errors: theirs.errors }).toEqual({ query, errors: undefined });
    expect({ query, status: theirs.status, data: theirs.data }).toEqual({ query, status: 200, data: ours.data });
  }
});

test('the Accept-Language of the client reaches the subgraphs', async () => {
  const query = `{ city(slug: "trondheim") { profile { text } } }`;
  const ours = await hub.query(query, {}, { headers: { 'accept-language': 'nb' } });
  const theirs = await postGraphQL(hive.url, query, {}, { headers: { 'accept-language': 'nb' } });
  const english = await postGraphQL(hive.url, query, {}, { headers: { 'accept-language': 'en' } });
  expect(theirs.data).toEqual(ours.data);
  expect(theirs.data).not.toEqual(english.data);
});

test('a write without a token is UNAUTHENTICATED, a write without the right FORBIDDEN, as through the hub', async () => {
  const update = `mutation($id: ID!) { updateCity(id: $id, input: { mayor: "Someone else" }) { mayor } }`;
  const oslo = { id: sampleIds.city('oslo') };
  const anonymous = await both(update, oslo);
  expect(codes(anonymous.theirs)).toEqual(['UNAUTHENTICATED']);
  expect(errorsOf(anonymous.theirs)).toEqual(errorsOf(anonymous.ours));
  expect(anonymous.theirs.data).toEqual(anonymous.ours.data);

  const trondheim = await hub.token({ roles: ['municipality'], cityId: sampleIds.city('trondheim') });
  const otherCity = await both(update, oslo, trondheim);
  expect(codes(otherCity.theirs)).toEqual(['FORBIDDEN']);
  expect(errorsOf(otherCity.theirs)).toEqual(errorsOf(otherCity.ours));

  const signedInOnly = `{ meetingWebhooks { id } }`;
  const webhooks = await both(signedInOnly);
  expect(codes(webhooks.theirs)).toEqual(codes(webhooks.ours));
  expect(codes(webhooks.theirs)).toEqual(['UNAUTHENTICATED']);
});

test('a bad token is refused at Hive Gateway with the hub’s status, code and message', async () => {
  const query = `{ cities(first: 1) { totalCount } }`;
  for (const token of [
    'not-a-jwt',
    await mintToken('another-secret-another-secret-another-secret', { subject: 'x', roles: ['admin'] }),
    await hub.token({ roles: ['municipality'] }),
  ]) {
    const { ours, theirs } = await both(query, {}, token);
    expect(ours.status).toBe(401);
    expect({ status: theirs.status, errors: errorsOf(theirs) }).toEqual({ status: 401, errors: errorsOf(ours) });
  }
});

test('the hub’s operation limits hold at Hive Gateway: the same refusal, code and message', async () => {
  const aliases = `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: cities(first: 1) { totalCount }`).join(' ')} }`;
  const costly = `{ cities(first: 100) { nodes { memberships { network { memberships { member { ... on City { name } } } } } } } }`;
  for (const query of [aliases, costly]) {
    const { ours, theirs } = await both(query);
    expect(ours.status).toBe(400);
    expect({ status: theirs.status, errors: errorsOf(theirs), data: theirs.data }).toEqual({
      status: 400,
      errors: errorsOf(ours),
      data: undefined,
    });
  }
  expect(codes(await postGraphQL(hive.url, aliases))).toEqual(['TOO_MANY_ALIASES']);
  expect(codes(await postGraphQL(hive.url, costly))).toEqual(['QUERY_TOO_COSTLY']);
});

test('the caller’s identity reaches the subgraph: a signed-in write through Hive Gateway is the caller’s', async () => {
  const cityId = sampleIds.city('trondheim');
  const token = await mintToken(TEST_JWT_SECRET, { subject: 'hive-municipality', name: 'Via Hive', roles: ['municipality'], cityId });
  const webhooks = await postGraphQL(hive.url, `{ meetingWebhooks { id } }`, {}, { token });
  expect(webhooks).toEqual({ status: 200, data: { meetingWebhooks: [] } });

  const write = await postGraphQL(
    hive.url,
    `mutation($c: ID!) { recordSettlementYear(input: { cityId: $c, year: 2031, decided: 12 }) { year decided } }`,
    { c: cityId },
    { token },
  );
  expect(write).toEqual({ status: 200, data: { recordSettlementYear: { year: 2031, decided: 12 } } });
  // the hub's own gateway reads who made the change from the history
  const history = await hub.query(`query($id: ID!) { city(id: $id) { history(first: 1) { nodes { event actorSubject actorName } } } }`, {
    id: cityId,
  });
  expect(history.data.city.history.nodes).toEqual([
    { event: 'recordSettlementYear', actorSubject: 'hive-municipality', actorName: 'Via Hive' },
  ]);
});

/** A Hive Gateway with its own defaults, or the given options, on the same subgraphs. */
async function stockHive(options: Record<string, unknown> = {}) {
  const gateway = createGatewayRuntime({
    supergraph,
    logging: false,
    transportEntries: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, s]) => [name, { location: s.server.url }])),
    ...options,
  });
  const server: Server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await gateway.dispose();
    },
  };
}

test('the subgraphs refuse what does not carry the hub’s signature: direct calls, stock Hive Gateway, its own HMAC, another secret', async () => {
  const query = `{ cities(first: 1) { totalCount } }`;
  const direct = await postGraphQL(hub.subgraphs.cities.server.url, query);
  expect(direct.status).toBe(401);
  expect(codes(direct)).toEqual(['UNAUTHENTICATED']);

  const refused = {
    status: 200,
    data: null,
    errors: [
      {
        message: 'This service accepts requests only from the Intercity Hub gateway.',
        path: ['cities'],
        extensions: { code: 'UNAUTHENTICATED', serviceName: 'cities' },
      },
    ],
  };
  // Hive Gateway's defaults send no signature; its `hmacSignature` option signs in another format
  for (const options of [{}, { hmacSignature: { secret: TEST_INTERNAL_SECRET } }]) {
    const other = await stockHive(options);
    try {
      expect(await postGraphQL(other.url, query)).toEqual(refused);
    } finally {
      await other.close();
    }
  }
  // the hub's plugin with a secret the subgraphs do not share
  const forged = await startHiveGateway({
    supergraph,
    subgraphUrls: Object.fromEntries(Object.entries(hub.subgraphs).map(([name, s]) => [name, s.server.url])),
    verifyBearer: hub.verifyBearer,
    internalSecret: 'not-the-internal-secret-not-the-internal-secret',
    port: 0,
    host: '127.0.0.1',
  });
  try {
    expect(await postGraphQL(forged.url, query)).toEqual(refused);
  } finally {
    await forged.close();
  }
});

/** `npm run start:hive` with the given variables; resolves with its output once it exits. */
function startHiveProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'bin', 'start-hive-gateway.js')], {
    cwd: PROJECT_ROOT,
    env: { PATH: process.env.PATH, HUB_HOST: '127.0.0.1', HUB_DATA_DIR: ':memory:', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = async () => {
    const deadline = Date.now() + 60_000;
    while (!output.includes('Hive Gateway: ')) {
      if (child.exitCode !== null) throw new Error(`start:hive exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`start:hive did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return { child, exited, started, output: () => output };
}

test('npm run start:hive runs it in its own process from the variables of npm run start:gateway', async () => {
  const port = await freePort();
  const urls = Object.fromEntries(
    Object.entries(hub.subgraphs).map(([name, s]) => [`${name.toUpperCase().replace(/-/g, '_')}_URL`, s.server.url]),
  );
  const hiveProcess = startHiveProcess({
    HUB_JWT_SECRET: TEST_JWT_SECRET,
    HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
    HUB_GATEWAY_PORT: String(port),
    ...urls,
  });
  try {
    await hiveProcess.started();
    expect(hiveProcess.output()).toContain(`Hive Gateway: http://127.0.0.1:${port}/graphql`);
    const url = `http://127.0.0.1:${port}/graphql`;
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    const query = readmeOperations().at(-1)!;
    expect((await postGraphQL(url, query)).data).toEqual((await hub.query(query)).data);
    const token = await hub.token({ roles: ['municipality'], cityId: sampleIds.city('bergen') });
    expect(await postGraphQL(url, `{ meetingWebhooks { id } }`, {}, { token })).toEqual({ status: 200, data: { meetingWebhooks: [] } });
  } finally {
    hiveProcess.child.kill('SIGTERM');
  }
  expect(await hiveProcess.exited).toBe(0);

  const bad = startHiveProcess({ HUB_GATEWAY_PORT: 'eighty', HUB_JWT_SECRET: TEST_JWT_SECRET, HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET });
  expect(await bad.exited).toBe(1);
  expect(bad.output()).toMatch(/^Invalid configuration:\n {2}HUB_GATEWAY_PORT: /);
});
