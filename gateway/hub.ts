import { assertSecret, commonSpecs, databaseSpecs, envPrefix, identitySpecs, port, readEnv, str, optionalUrl } from '../shared/config';
import { openDatabase, type Database } from '../shared/database';
import { bearerVerifier, type Identity } from '../shared/identity';
import { forSubgraph, type Progress } from '../shared/progress';
import { SUPERGRAPH_PATH } from '../shared/paths';
import { startSubgraphServer, type RunningServer } from '../shared/server';
import type { SubgraphDefinition } from '../shared/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import { readSupergraph, startGateway } from './index';


export interface HubOptions {
  /** Folder of the embedded databases, or `:memory:`. */
  dataDir: string;
  /** A PostgreSQL server for every subgraph (each in its own schema); none: embedded PGlite. */
  databaseUrl?: string;
  /** Per-subgraph server, overriding databaseUrl. */
  databaseUrls?: Record<string, string | undefined>;
  /** auto: load the sample data into a database this start created; never: do not. */
  seed: 'auto' | 'never';
  host: string;
  gatewayPort: number;
  /** Per-subgraph port; 0 picks a free one. */
  subgraphPorts: Record<string, number>;
  jwtSecret: string;
  jwksUrl?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  internalSecret: string;
  devMode: boolean;
  supergraphSdl: string;
  subgraphs?: SubgraphDefinition[];
  /** Told each start-up step (bin/start.ts prints them). */
  onProgress?: Progress;
}

export interface RunningSubgraph {
  definition: SubgraphDefinition;
  database: Database;
  server: RunningServer;
}

export interface Hub {
  url: string;
  gateway: RunningServer;
  subgraphs: Record<string, RunningSubgraph>;
  verifyBearer: (authorization: string | undefined) => Promise<Identity>;
  close(): Promise<void>;
}

type SubgraphStartOptions = Pick<HubOptions, 'dataDir' | 'seed' | 'host' | 'internalSecret' | 'devMode'> & {
  databaseUrl?: string;
  port: number;
  verifyBearer: (authorization: string | undefined) => Promise<Identity>;
  /** Told each start-up step. */
  onStep?: (step: string) => void;
};

/** Opens a subgraph's database (migrating it) and loads the sample data into a new one. */
async function openSubgraphDatabase(definition: SubgraphDefinition, options: SubgraphStartOptions): Promise<Database> {
  const onStep = options.onStep ?? (() => {});
  if (options.databaseUrl) onStep('connecting to the PostgreSQL server');
  const database = await openDatabase({
    subgraph: definition.name,
    entities: definition.entities,
    migrations: definition.migrations,
    url: options.databaseUrl,
    dataDir: options.dataDir,
    onStep,
  });
  try {
    if (database.created && options.seed === 'auto') {
      onStep('loading the sample data');
      await definition.seed(database.fork());
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Serves a subgraph on its open database; closes the database if it cannot. */
async function serveSubgraph(definition: SubgraphDefinition, database: Database, options: SubgraphStartOptions): Promise<RunningSubgraph> {
  try {
    options.onStep?.('starting the GraphQL server');
    const server = await startSubgraphServer({
      definition,
      database,
      port: options.port,
      host: options.host,
      internalSecret: options.internalSecret,
      devMode: options.devMode,
      verifyBearer: options.verifyBearer,
    });
    return { definition, database, server };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Opens a subgraph's database, loads the sample data into a new one, and serves it. */
export async function startSubgraph(definition: SubgraphDefinition, options: SubgraphStartOptions): Promise<RunningSubgraph> {
  return serveSubgraph(definition, await openSubgraphDatabase(definition, options), options);
}

/** The whole hub in one process: every subgraph with its database, and the gateway in front. */
export async function startHub(options: HubOptions): Promise<Hub> {
  const definitions = options.subgraphs ?? SUBGRAPHS;
  const verifyBearer = bearerVerifier({
    secret: options.jwtSecret,
    jwksUrl: options.jwksUrl,
    issuer: options.jwtIssuer,
    audience: options.jwtAudience,
  });
  const subgraphs: Record<string, RunningSubgraph> = {};
  const closeAll = async () => {
    for (const running of Object.values(subgraphs)) {
      await running.server.close();
      await running.database.close();
    }
  };
  const subgraphOptions = (definition: SubgraphDefinition, index: number): SubgraphStartOptions => ({
    ...options,
    databaseUrl: options.databaseUrls?.[definition.name] ?? options.databaseUrl,
    port: options.subgraphPorts[definition.name] ?? definition.defaultPort,
    verifyBearer,
    onStep: options.onProgress && forSubgraph(options.onProgress, definition.name, index + 1, definitions.length),
  });
  // the databases open side by side (the embedded ones each in a worker thread); the servers then
  // start one after the other
  const opened = await Promise.allSettled(definitions.map((definition, index) => openSubgraphDatabase(definition, subgraphOptions(definition, index))));
  const databases = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failed = opened.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    for (const database of databases) await database.close();
    throw failed.reason;
  }
  try {
    for (const [index, definition] of definitions.entries()) {
      const database = databases[index];
      databases[index] = null as unknown as Database; // serveSubgraph owns it now
      subgraphs[definition.name] = await serveSubgraph(definition, database, subgraphOptions(definition, index));
    }
    options.onProgress?.({ step: 'starting the gateway' });
    const gateway = await startGateway({
      supergraphSdl: options.supergraphSdl,
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.server.url])),
      verifyBearer,
      internalSecret: options.internalSecret,
      port: options.gatewayPort,
      host: options.host,
    });
    return {
      url: gateway.url,
      gateway,
      subgraphs,
      verifyBearer,
      async close() {
        await gateway.close();
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    for (const database of databases) await database?.close();
    throw error;
  }
}

/** Hub options from the environment, validated: a bad variable stops start-up naming it. */
export function hubOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HubOptions {
  const subgraphSpecs = Object.fromEntries(
    SUBGRAPHS.flatMap((s) => [
      [`${envPrefix(s.name)}_PORT`, port({ default: s.defaultPort })],
      [`${envPrefix(s.name)}_DATABASE_URL`, optionalUrl({ default: undefined })],
    ]),
  );
  const config = readEnv(
    {
      ...commonSpecs,
      ...identitySpecs,
      ...databaseSpecs,
      HUB_GATEWAY_PORT: port({ default: 4000 }),
      HUB_SUPERGRAPH: str({ default: SUPERGRAPH_PATH }),
      ...subgraphSpecs,
    },
    env,
  ) as unknown as Record<string, unknown> & {
    HUB_HOST: string;
    HUB_INTERNAL_SECRET: string;
    HUB_DEV_MODE: boolean;
    HUB_JWT_SECRET: string;
    HUB_JWKS_URL?: string;
    HUB_JWT_ISSUER: string;
    HUB_JWT_AUDIENCE: string;
    DATABASE_URL?: string;
    HUB_DATA_DIR: string;
    HUB_SEED: 'auto' | 'never';
    HUB_GATEWAY_PORT: number;
    HUB_SUPERGRAPH: string;
  };
  assertSecret('HUB_INTERNAL_SECRET', config.HUB_INTERNAL_SECRET);
  if (!config.HUB_JWKS_URL) assertSecret('HUB_JWT_SECRET', config.HUB_JWT_SECRET);
  return {
    dataDir: config.HUB_DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    databaseUrls: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, config[`${envPrefix(s.name)}_DATABASE_URL`] as string | undefined])),
    seed: config.HUB_SEED,
    host: config.HUB_HOST,
    gatewayPort: config.HUB_GATEWAY_PORT,
    subgraphPorts: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, config[`${envPrefix(s.name)}_PORT`] as number])),
    jwtSecret: config.HUB_JWT_SECRET,
    jwksUrl: config.HUB_JWKS_URL,
    jwtIssuer: config.HUB_JWT_ISSUER,
    jwtAudience: config.HUB_JWT_AUDIENCE,
    internalSecret: config.HUB_INTERNAL_SECRET,
    devMode: config.HUB_DEV_MODE,
    supergraphSdl: readSupergraph(config.HUB_SUPERGRAPH),
  };
}
