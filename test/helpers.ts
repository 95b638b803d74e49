import 'reflect-metadata';
import type { Hub, RunningSubgraph } from '../gateway/hub';
import type { ConfiguredSubgraph } from '../shared/config';
import type { EdgeOptions } from '../shared/edge-options';
import { mintToken, type Identity, type Role } from '../shared/identity';
import type { SubgraphDefinition } from '../shared/subgraph';
import { IDENTITY_EXTENSION, SIGNATURE_HEADER, signRequest } from '../shared/signature';
import type { PoolRequest } from './hub-pool';
import { scratchDatabase } from './test-databases';
import type { TestHubOptions } from './test-hub';
import { TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './test-secrets';

/*
 * What the test files share. A file whose hub comes from the worker's pool loads none of the hub's
 * own code (the pool runs it, test/hub-pool.ts): the hub's modules are imported here only when a
 * file starts a hub or a subgraph of its own, and subgraphs are named by subgraphs/catalog.ts.
 */

export { TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './test-secrets';

/** Composes the given subgraphs in memory, as `npm run schema` does for the checked-in supergraph. */
export const composeSupergraph = async (subgraphs: SubgraphDefinition[]) => (await import('./test-hub')).composeSupergraph(subgraphs);

/** The full definitions of the subgraphs named (a definition passed in is kept). */
async function definitionsOf(subgraphs: readonly ConfiguredSubgraph[]): Promise<SubgraphDefinition[]> {
  const { SUBGRAPHS } = await import('../subgraphs');
  return subgraphs.map((s) => ('entities' in s ? (s as SubgraphDefinition) : SUBGRAPHS.find((d) => d.name === s.name)!));
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

/** The pool of hubs shared by the test files of this jest worker (test/environment.js), when there is one. */
type HubPool = {
  acquire(request: PoolRequest): Promise<{ hub: Hub; release: () => Promise<void> }>;
};
const hubPool = () => (globalThis as { __intercityHubPool?: HubPool }).__intercityHubPool;

/**
 * A test hub (test/test-hub.ts): the given subgraphs and a gateway, on free ports, on databases
 * holding the sample data (or none with `seed: false`). A plain hub is borrowed from the worker's
 * pool (test/hub-pool.ts) with its sample data restored; close() gives it back. A hub with its own
 * limits, webhooks or start-up reporting, or asked for with `shared: false`, is started for the
 * file alone.
 */
export async function startTestHub(
  subgraphs: readonly ConfiguredSubgraph[],
  options: TestHubOptions & { shared?: boolean } = {},
): Promise<TestHub> {
  const { shared, ...hubOptions } = options;
  const pool = hubPool();
  const plain = !options.edge && !options.webhooks && !options.onProgress;
  let hub: Hub;
  if (pool && plain && shared !== false) {
    const lent = await pool.acquire({
      subgraphs: subgraphs.map((s) => s.name),
      seed: options.seed !== false,
      supergraphSdl: options.supergraphSdl,
    });
    hub = { ...lent.hub, close: lent.release };
  } else {
    const { bootTestHub } = await import('./test-hub');
    hub = await bootTestHub(await definitionsOf(subgraphs), hubOptions);
  }
  let counter = 0;
  return {
    ...hub,
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
  const [{ databasesFor }, { startSubgraph }, { bearerVerifier }] = await Promise.all([
    import('./test-hub'),
    import('../gateway/hub'),
    import('../shared/identity'),
  ]);
  const databases = await databasesFor([definition], false, true);
  const running = await startSubgraph(definition, {
    dataDir: ':memory:',
    databaseUrl: databases.databaseUrl,
    embeddedStartFrom: databases.embeddedStartFrom,
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
