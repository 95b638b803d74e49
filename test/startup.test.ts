import 'reflect-metadata';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '../shared/config';
import { unknownVariableWarnings } from '../shared/env-check';
import { assertPortsFree, describeListenError } from '../shared/ports';
import type { ProgressEvent } from '../shared/progress';
import { SUBGRAPHS } from '../subgraphs';
import { startTestHub } from './helpers';

/** What a user sees while the hub starts, and the one-line answers to the usual start-up mistakes. */

const occupy = () =>
  new Promise<Server>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
const portOf = (server: Server) => (server.address() as AddressInfo).port;

test('start-up reports each subgraph step by step (n of m), then the gateway', async () => {
  const events: ProgressEvent[] = [];
  const hub = await startTestHub(SUBGRAPHS, { onProgress: (event) => events.push(event) });
  try {
    SUBGRAPHS.forEach((definition, i) => {
      const steps = events.filter((e) => e.subgraph === definition.name);
      const migrations = definition.migrations.length;
      expect(steps.map(({ index, total }) => [index, total])).toEqual(steps.map(() => [i + 1, SUBGRAPHS.length]));
      expect(steps.map((e) => e.step)).toEqual([
        ...(process.env.DATABASE_URL ? ['connecting to the PostgreSQL server'] : []),
        `migrating (${migrations} migration${migrations === 1 ? '' : 's'})`,
        'loading the sample data',
        'starting the GraphQL server',
      ]);
    });
    // embedded, the subgraphs share one engine, started first
    if (!process.env.DATABASE_URL) expect(events[0]).toEqual({ step: 'starting the embedded database (in memory)' });
    expect(events.at(-1)).toEqual({ step: 'starting the gateway' });
  } finally {
    await hub.close();
  }
});

test('a port already in use stops start-up with one line naming its variable', async () => {
  const busy = await occupy();
  try {
    const port = portOf(busy);
    const attempt = assertPortsFree('127.0.0.1', { HUB_GATEWAY_PORT: port });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(attempt).rejects.toThrow(new Error(`HUB_GATEWAY_PORT: port ${port} is already in use`));
  } finally {
    busy.close();
  }
});

test('two variables on the same port stop start-up naming both', async () => {
  await expect(assertPortsFree('127.0.0.1', { HUB_GATEWAY_PORT: 4999, CITIES_PORT: 4999 })).rejects.toThrow(
    new Error('CITIES_PORT: port 4999 is also HUB_GATEWAY_PORT; give each its own port'),
  );
});

test('a port taken between the check and the listen is still one line naming its variable', async () => {
  const busy = await occupy();
  const port = portOf(busy);
  const error = await new Promise<Error>((resolve) => {
    const second = createServer();
    second.once('error', resolve);
    second.listen(port, '127.0.0.1');
  });
  busy.close();
  expect(describeListenError(error, { MEETINGS_PORT: port })).toBe(`MEETINGS_PORT: port ${port} is already in use`);
});

test('an unknown HUB_* variable gets a one-line warning with the likely meant name; known ones none', () => {
  expect(unknownVariableWarnings({ HUB_PORT: '4000', HUB_HOST: '0.0.0.0', HUB_SEED: 'never', PATH: '/bin' })).toEqual([
    'Warning: HUB_PORT is not a setting of Intercity Hub and is ignored; did you mean HUB_GATEWAY_PORT?',
  ]);
  expect(unknownVariableWarnings({ HUB_DATADIR: 'x' })).toEqual([
    'Warning: HUB_DATADIR is not a setting of Intercity Hub and is ignored; did you mean HUB_DATA_DIR?',
  ]);
});
