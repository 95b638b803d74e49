import 'reflect-metadata';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import gql from 'graphql-tag';
import { startHub, type Hub } from '../gateway/hub';
import type { EdgeOptions } from '../shared/edge';
import type { Progress } from '../shared/progress';
import type { WebhookOptions } from '../shared/webhooks';
import { buildSubgraphSchema, type SubgraphDefinition } from '../shared/subgraph';
import { embeddedStart, runFile, scratchDatabase, serverTemplate } from './test-databases';
import { TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './test-secrets';

/**
 * Starting a test hub: what test/helpers.ts (in a test file) and test/hub-pool.ts (once per jest
 * worker, shared by its test files) both do.
 */

/** Composes the given subgraphs in memory, as `npm run schema` does for the checked-in supergraph. */
export async function composeSupergraph(subgraphs: SubgraphDefinition[]): Promise<string> {
  // the same subgraphs compose to the same supergraph: once per run
  const sdl = await runFile(`supergraph-${subgraphs.map((s) => s.name).join('+')}.graphql`, async () => {
    const services = [];
    for (const definition of subgraphs) {
      const sdl = printSubgraphSchema(await buildSubgraphSchema(definition));
      services.push({ name: definition.name, url: `http://localhost:${definition.defaultPort}/graphql`, typeDefs: gql(sdl) });
    }
    const composed = composeServices(services);
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    return composed.supergraphSdl;
  });
  return sdl.toString('utf8');
}

/**
 * Where the databases of a test hub start from: a copy of a template migrated (and seeded) once per
 * run (test/test-databases.ts). A hub that reports its start-up steps (`onProgress`) starts from
 * empty databases instead, so that it migrates and seeds as a real start does.
 */
export async function databasesFor(subgraphs: SubgraphDefinition[], seed: boolean, fromTemplate: boolean) {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) {
    const scratch = await scratchDatabase(serverUrl, fromTemplate ? await serverTemplate(serverUrl, subgraphs, seed) : undefined);
    return { databaseUrl: scratch.url, drop: scratch.drop, embeddedStartFrom: undefined };
  }
  const embeddedStartFrom = fromTemplate ? await embeddedStart(subgraphs, seed) : undefined;
  return { databaseUrl: undefined, drop: async () => {}, embeddedStartFrom };
}

export interface TestHubOptions {
  seed?: boolean;
  supergraphSdl?: string;
  edge?: Partial<EdgeOptions>;
  onProgress?: Progress;
  webhooks?: Partial<WebhookOptions>;
}

/**
 * Starts the given subgraphs and a gateway in this process, on free ports, each subgraph on its own
 * new database (embedded PGlite in memory, or a fresh database on the DATABASE_URL server), with the
 * sample data loaded unless `seed: false`. The supergraph is composed from `subgraphs` in memory
 * unless one is given (the checked-in `schema/supergraph.graphql`, for the smoke tests). close()
 * also drops the database.
 */
export async function bootTestHub(subgraphs: SubgraphDefinition[], options: TestHubOptions = {}): Promise<Hub> {
  const fromTemplate = !options.onProgress;
  const databases = await databasesFor(subgraphs, options.seed !== false, fromTemplate);
  const supergraphSdl = options.supergraphSdl ?? (await composeSupergraph(subgraphs));
  const hub = await startHub({
    subgraphs,
    dataDir: ':memory:',
    databaseUrl: databases.databaseUrl,
    embeddedStartFrom: databases.embeddedStartFrom,
    // a template already holds the sample data, or none
    seed: options.seed === false || fromTemplate ? 'never' : 'auto',
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: Object.fromEntries(subgraphs.map((s) => [s.name, 0])),
    jwtSecret: TEST_JWT_SECRET,
    internalSecret: TEST_INTERNAL_SECRET,
    devMode: false,
    supergraphSdl,
    // The tests share a loaded machine; a slow subgraph call is tested with its own short limit.
    subgraphTimeoutMs: 30_000,
    // the same for the whole request: a busy machine must not turn a slow answer into REQUEST_TIMEOUT
    edge: { requestTimeoutMs: 60_000, ...options.edge },
    // no safety-net poll within a test file (a retry that is due still wakes the dispatcher): a poll
    // landing inside a measured request would change the statement counts the batching tests assert
    webhooks: { pollMs: 3_600_000, ...options.webhooks },
    onProgress: options.onProgress,
  }).catch(async (error) => {
    await databases.drop();
    throw error;
  });
  return {
    ...hub,
    async close(graceMs?: number) {
      await hub.close(graceMs);
      await databases.drop();
    },
  };
}
