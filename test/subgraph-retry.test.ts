import { connect, createServer, type Server, type Socket } from 'node:net';
import { startGateway } from '../gateway';
import type { RunningServer } from '../shared/server';
import { cities } from '../subgraphs/cities';
import { composeSupergraph, postGraphQL, startTestHub, TEST_INTERNAL_SECRET, type TestHub } from './helpers';

/**
 * A connection between the gateway and a subgraph that is reset under a request (a keep-alive
 * socket closed by the other side, a proxy restarting): a query is sent once more and answers, a
 * mutation is never sent twice. A TCP proxy in front of the cities subgraph resets the connection
 * of the next request when armed.
 */
let hub: TestHub;
let proxy: Server;
let gateway: RunningServer;
let admin: string;
let armed = 0;
let requestsSeen = 0;
const sockets = new Set<Socket>();

beforeAll(async () => {
  hub = await startTestHub([cities]);
  admin = await hub.token({ roles: ['admin'] });
  const upstreamPort = hub.subgraphs.cities.server.port;
  proxy = createServer((client) => {
    sockets.add(client);
    const upstream = connect(upstreamPort, '127.0.0.1');
    sockets.add(upstream);
    client.on('data', (chunk) => {
      const requests = chunk.toString('latin1').split('POST /graphql').length - 1;
      requestsSeen += requests;
      if (requests > 0 && armed > 0) {
        armed--;
        upstream.destroy();
        client.resetAndDestroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', () => resolve()));
  gateway = await startGateway({
    supergraphSdl: await composeSupergraph([cities]),
    subgraphUrls: { cities: `http://127.0.0.1:${(proxy.address() as { port: number }).port}/graphql` },
    verifyBearer: hub.verifyBearer,
    internalSecret: TEST_INTERNAL_SECRET,
    port: 0,
    host: '127.0.0.1',
  });
});

afterAll(async () => {
  await gateway?.close();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await hub?.close();
});

test('a query whose connection is reset is sent once more and answers', async () => {
  armed = 1;
  requestsSeen = 0;
  const result = await postGraphQL(gateway.url, `{ city(slug: "bergen") { name } }`);
  expect(result).toEqual({ status: 200, data: { city: { name: 'Bergen' } } });
  expect(requestsSeen).toBe(2);
});

test('a query reset twice is not tried a third time: an error naming the subgraph', async () => {
  armed = 2;
  requestsSeen = 0;
  const result = await postGraphQL(gateway.url, `{ city(slug: "bergen") { name } }`);
  expect(result).toEqual({
    status: 200,
    data: null,
    errors: [
      {
        message: 'The cities service is unavailable; try again shortly.',
        path: ['city'],
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'cities' },
      },
    ],
  });
  expect(requestsSeen).toBe(2);
  armed = 0;
});

test('a mutation whose connection is reset is not sent again', async () => {
  armed = 1;
  requestsSeen = 0;
  const result = await postGraphQL(
    gateway.url,
    `mutation { createCity(input: { slug: "reset-once", name: "Reset once", countryCode: "NO" }) { slug } }`,
    {},
    { token: admin },
  );
  expect(result).toEqual({
    status: 200,
    data: null,
    errors: [
      {
        message: 'The cities service is unavailable; try again shortly.',
        path: ['createCity'],
        extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'cities' },
      },
    ],
  });
  expect(requestsSeen).toBe(1);
  const lookup = await postGraphQL(gateway.url, `{ city(slug: "reset-once") { name } }`);
  expect(lookup.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
});
