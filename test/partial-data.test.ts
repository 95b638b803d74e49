import { createServer, type Server } from 'node:http';
import { startGateway } from '../gateway';
import type { RunningServer } from '../shared/server';
import { cities } from '../subgraphs/cities';
import { funding } from '../subgraphs/funding';
import { composeSupergraph, createScratchDatabase, postGraphQL, startTestHub, TEST_INTERNAL_SECRET, type TestHub } from './helpers';
import { startSubgraphProcess, type SubgraphProcess } from './subgraph-process';

/**
 * A subgraph that is down, frozen or failing costs only its own fields: they come back null with
 * an error naming the subgraph and the path, and the rest of the answer keeps its data. The funding
 * subgraph runs in its own process, so that it can be frozen (SIGSTOP) and stopped mid-run.
 */
const TIMEOUT_MS = 4000;
let hub: TestHub;
let fundingProcess: SubgraphProcess;
let fundingDatabase: { url: string; drop(): Promise<void> } | null = null;
let gateway: RunningServer;
let supergraphSdl: string;

const QUERY = `{ city(slug: "goteborg") { name fundingActivities { identifier } } }`;
const ask = (query = QUERY) => postGraphQL<any>(gateway.url, query);
const ready = async (url = gateway.url) => {
  const response = await fetch(url.replace(/\/graphql$/, '/ready'));
  return { status: response.status, body: await response.json() };
};
const gatewayAt = (fundingUrl: string) =>
  startGateway({
    supergraphSdl,
    subgraphUrls: { cities: hub.subgraphs.cities.server.url, funding: fundingUrl },
    verifyBearer: hub.verifyBearer,
    internalSecret: TEST_INTERNAL_SECRET,
    port: 0,
    host: '127.0.0.1',
    subgraphTimeoutMs: TIMEOUT_MS,
  });

beforeAll(async () => {
  hub = await startTestHub([cities]);
  supergraphSdl = await composeSupergraph([cities, funding]);
  fundingDatabase = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : null;
  fundingProcess = await startSubgraphProcess('funding', fundingDatabase?.url);
  gateway = await gatewayAt(fundingProcess.url);
}, 180_000);

afterAll(async () => {
  await gateway?.close();
  await fundingProcess?.stop();
  await fundingDatabase?.drop();
  await hub?.close();
});

const GOTEBORG = { name: 'Göteborg', fundingActivities: [{ identifier: 'XI-HUB-AMIF-CONSOLIDATE-EUROCITIES' }] };

test('with every subgraph up the answer is whole and the gateway is ready', async () => {
  const result = await ask();
  expect(result).toEqual({ status: 200, data: { city: GOTEBORG } });
  expect(await ready()).toEqual({ status: 200, body: { status: 'ready', subgraphs: { cities: 'up', funding: 'up' } } });
});

test('a frozen subgraph (SIGSTOP): its field is null after the time limit, the city keeps its data; it recovers on SIGCONT', async () => {
  await ask(); // a keep-alive connection to the funding process is open when it freezes
  fundingProcess.child.kill('SIGSTOP');
  try {
    const frozen = await ask();
    expect(frozen).toEqual({
      status: 200,
      data: { city: { name: 'Göteborg', fundingActivities: null } },
      errors: [
        {
          message: `The funding service did not answer within ${TIMEOUT_MS} ms; try again shortly.`,
          path: ['city', 'fundingActivities'],
          extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'funding' },
        },
      ],
    });
    expect(await ready()).toEqual({ status: 503, body: { status: 'not ready', subgraphs: { cities: 'up', funding: 'slow' } } });
  } finally {
    fundingProcess.child.kill('SIGCONT');
  }
  expect(await ask()).toEqual({ status: 200, data: { city: GOTEBORG } });
  expect((await ready()).status).toBe(200);
});

test('a list keeps its items: each missing field has its own error and path', async () => {
  fundingProcess.child.kill('SIGSTOP');
  try {
    const result = await ask(`{ cities(country: "NO") { nodes { name fundingActivities { identifier } } } }`);
    expect(result.status).toBe(200);
    const names = result.data.cities.nodes.map((n: { name: string }) => n.name);
    expect(names.length).toBeGreaterThan(1);
    expect(result.data.cities.nodes).toEqual(names.map((name: string) => ({ name, fundingActivities: null })));
    expect(result.errors).toEqual(
      names.map((_: string, i: number) => ({
        message: `The funding service did not answer within ${TIMEOUT_MS} ms; try again shortly.`,
        path: ['cities', 'nodes', i, 'fundingActivities'],
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'funding' },
      })),
    );
  } finally {
    fundingProcess.child.kill('SIGCONT');
  }
});

test('a failing subgraph (an HTML 500): its field is null with an error naming it', async () => {
  const broken: Server = createServer((_req, res) => {
    res.writeHead(500, { 'content-type': 'text/html' });
    res.end('<html><body>Internal Server Error</body></html>');
  });
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', () => resolve()));
  const other = await gatewayAt(`http://127.0.0.1:${(broken.address() as { port: number }).port}/graphql`);
  try {
    const result = await postGraphQL<any>(other.url, QUERY);
    expect(result).toEqual({
      status: 200,
      data: { city: { name: 'Göteborg', fundingActivities: null } },
      errors: [
        {
          message: 'The funding service failed to answer; try again shortly.',
          path: ['city', 'fundingActivities'],
          extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'funding' },
        },
      ],
    });
    expect(await ready(other.url)).toEqual({ status: 503, body: { status: 'not ready', subgraphs: { cities: 'up', funding: 'down' } } });
  } finally {
    await other.close();
    broken.closeAllConnections();
    await new Promise<void>((resolve) => broken.close(() => resolve()));
  }
});

test('a stopped subgraph: its field is null with an error naming it; liveness stays up', async () => {
  await ask();
  await fundingProcess.stop();
  const result = await ask();
  expect(result).toEqual({
    status: 200,
    data: { city: { name: 'Göteborg', fundingActivities: null } },
    errors: [
      {
        message: 'The funding service is unavailable; try again shortly.',
        path: ['city', 'fundingActivities'],
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'funding' },
      },
    ],
  });
  expect(await ready()).toEqual({ status: 503, body: { status: 'not ready', subgraphs: { cities: 'up', funding: 'down' } } });
  const live = await fetch(gateway.url.replace(/\/graphql$/, '/live'));
  expect({ status: live.status, body: await live.json() }).toEqual({ status: 200, body: { status: 'ok' } });
});
