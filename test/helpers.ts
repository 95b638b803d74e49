import 'reflect-metadata';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import gql from 'graphql-tag';
import { startHub, startSubgraph, type Hub, type RunningSubgraph } from '../gateway/hub';
import { bearerVerifier } from '../shared/identity';
import type { EdgeOptions } from '../shared/edge';
import type { WebhookOptions } from '../shared/webhooks';
import { mintToken, type Identity, type Role } from '../shared/identity';
import type { Progress } from '../shared/progress';
import { buildSubgraphSchema, type SubgraphDefinition } from '../shared/subgraph';
import { IDENTITY_EXTENSION, SIGNATURE_HEADER, signRequest } from '../shared/signature';
import { embeddedStart, runFile, scratchDatabase, serverTemplate } from './test-databases';

export const TEST_JWT_SECRET = 'test-jwt-secret-test-jwt-secret-test-jwt';
export const TEST_INTERNAL_SECRET = 'test-internal-secret-test-internal-secret';

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

export interface TestHub extends Hub {
  /** A bearer token for the given identity. */
  token(identity: Partial<Identity> & { roles: Role[] }): Promise<string>;
  /** POSTs a GraphQL request to the gateway. */
  query<T = any>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<GraphQLResult<T>>;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  url?: string;
}

export interface GraphQLResult<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, any>; path?: (string | number)[] }[];
}

/** Posts a GraphQL request over real HTTP. */
export async function postGraphQL<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  options: RequestOptions = {},
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.headers ?? {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResult<T>, 'status'>;
  return { status: response.status, ...body };
}

/**
 * Calls a subgraph directly as the gateway does: the identity in the body's extensions, the exact
 * body signed for `subgraph`. `secret` and `timestamp` (unix seconds) can be changed to forge one.
 */
export async function postSigned<T = any>(
  url: string,
  subgraph: string,
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
  options: { secret?: string; timestamp?: number; header?: string } = {},
): Promise<GraphQLResult<T> & { body: string; header: string }> {
  const body = JSON.stringify({ query, variables, extensions: { [IDENTITY_EXTENSION]: identity } });
  const header = options.header ?? signRequest(options.secret ?? TEST_INTERNAL_SECRET, subgraph, body, options.timestamp);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: header }, body });
  return { status: response.status, ...((await response.json()) as Omit<GraphQLResult<T>, 'status'>), body, header };
}

/** Sends raw bytes with a given signature header to a subgraph. */
export async function postRaw(url: string, body: string, header: string): Promise<GraphQLResult<any>> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: header }, body });
  return { status: response.status, ...((await response.json()) as object) };
}

/**
 * A new, empty database on the server of `serverUrl`, dropped by `drop()`. Its name starts with
 * HUB_TEST_DB_PREFIX (default hub_test), so that CI can drop whatever a crashed test file left.
 */
export async function createScratchDatabase(serverUrl: string) {
  return scratchDatabase(serverUrl);
}

/**
 * Where the databases of a test hub start from: a copy of a template migrated (and seeded) once per
 * run (test/test-databases.ts). A hub that reports its start-up steps (`onProgress`) starts from
 * empty databases instead, so that it migrates and seeds as a real start does.
 */
async function databasesFor(subgraphs: SubgraphDefinition[], seed: boolean, fromTemplate: boolean) {
  const serverUrl = process.env.DATABASE_URL;
  const embeddedStartFrom: Record<string, Uint8Array> = {};
  if (serverUrl) {
    const scratch = await scratchDatabase(serverUrl, fromTemplate ? await serverTemplate(serverUrl, subgraphs, seed) : undefined);
    return { databaseUrl: scratch.url, drop: scratch.drop, embeddedStartFrom };
  }
  if (fromTemplate) for (const definition of subgraphs) embeddedStartFrom[definition.name] = await embeddedStart(definition, seed);
  return { databaseUrl: undefined, drop: async () => {}, embeddedStartFrom };
}

/**
 * Starts the given subgraphs and a gateway in this process, on free ports, each subgraph on its own
 * new database (embedded PGlite in memory, or a fresh database on the DATABASE_URL server), with the
 * sample data loaded unless `seed: false`. The supergraph is composed from `subgraphs` in memory
 * unless one is given (the checked-in `schema/supergraph.graphql`, for the smoke tests).
 */
export async function startTestHub(
  subgraphs: SubgraphDefinition[],
  options: {
    seed?: boolean;
    supergraphSdl?: string;
    edge?: Partial<EdgeOptions>;
    onProgress?: Progress;
    webhooks?: Partial<WebhookOptions>;
  } = {},
): Promise<TestHub> {
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
  });
  let counter = 0;
  return {
    ...hub,
    async close() {
      await hub.close();
      await databases.drop();
    },
    token: (identity) =>
      mintToken(TEST_JWT_SECRET, { subject: identity.subject ?? `test-user-${++counter}`, ...identity } as Identity & { subject: string }),
    query: (query, variables, options) => postGraphQL(options?.url ?? hub.url, query, variables, options),
  };
}

/** The `extensions.code` of each error, for exact assertions. */
export const codes = (result: GraphQLResult<unknown>) => (result.errors ?? []).map((e) => e.extensions?.code);

/**
 * One subgraph in development mode (it accepts direct calls and reads their bearer token): what a
 * caller past the gateway would reach. On its own new database (dropped by close()), without sample data.
 */
export async function startDevSubgraph(definition: SubgraphDefinition, edge?: Partial<EdgeOptions>): Promise<RunningSubgraph> {
  const databases = await databasesFor([definition], false, true);
  const running = await startSubgraph(definition, {
    dataDir: ':memory:',
    databaseUrl: databases.databaseUrl,
    embeddedStartFrom: databases.embeddedStartFrom[definition.name],
    seed: 'never',
    host: '127.0.0.1',
    port: 0,
    internalSecret: TEST_INTERNAL_SECRET,
    devMode: true,
    verifyBearer: bearerVerifier({ secret: TEST_JWT_SECRET }),
    edge,
  });
  return {
    ...running,
    async close(graceMs?: number) {
      await running.close(graceMs);
      await databases.drop();
    },
  };
}
