import type { EdgeOptions } from '../shared/edge';
import { join } from 'node:path';
import { dumpDatabases, HUB_ENGINE_FOLDER, moveIntoHubEngine } from '../shared/backup';
import { controlSocketPath, serveControl, type ControlServer } from '../shared/control';
import { acquireDataLock, type DataLock } from '../shared/data-lock';
import { openDatabase, type Database } from '../shared/database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../shared/embedded-postgres';
import { releaseEmbeddedTemplate } from '../shared/embedded-template';
import { withoutHistory } from '../shared/history';
import { configureWebhooks, startWebhookDispatcher, type WebhookOptions } from '../shared/webhooks';
import { bearerVerifier, type Identity } from '../shared/identity';
import { forSubgraph, type Progress } from '../shared/progress';
import { startSubgraphServer, type RunningServer } from '../shared/server';
import type { SubgraphDefinition } from '../shared/subgraph';
import { SUBGRAPHS } from '../subgraphs';
import { startGateway } from './index';
import type { Logger, LogLevel } from '../shared/logger';

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
  /** Longest accepted bearer token lifetime, in seconds (default 12 h). */
  tokenMaxLifetime?: number;
  internalSecret: string;
  devMode: boolean;
  supergraphSdl: string;
  subgraphs?: SubgraphDefinition[];
  /** Time limit of one gateway->subgraph call (HUB_SUBGRAPH_TIMEOUT_MS). */
  subgraphTimeoutMs?: number;
  /** Embedded: fsync the WAL before a commit is acknowledged (default true). */
  embeddedFsync?: boolean;
  /**
   * Embedded in memory: a data directory tarball for the hub's engine to start from instead of an
   * empty cluster (the tests start from one migrated and seeded once per run).
   */
  embeddedStartFrom?: Uint8Array;
  /** On close, how long requests in flight may take to finish. */
  shutdownGraceMs?: number;
  /** Operation limits, request timeout, CORS, trusted documents, introspection (defaults: shared/edge.ts). */
  edge?: Partial<EdgeOptions>;
  /** Told each start-up step (bin/start.ts prints them). */
  onProgress?: Progress;
  /** The request log of every server (default: the process's logger, shared/logger.ts). */
  logger?: Logger;
  /** HUB_LOG_LEVEL, for the process's logger (bin/start.ts). */
  logLevel?: LogLevel;
  /** The gateway's /metrics also shows the process's CPU, memory and event loop (bin/start.ts). */
  processMetrics?: boolean;
  /** Webhook delivery: local http endpoints, retry backoff, attempts (defaults: shared/webhooks.ts). */
  webhooks?: Partial<WebhookOptions>;
}

export interface RunningSubgraph {
  definition: SubgraphDefinition;
  database: Database;
  server: RunningServer;
  /** Drains the server, closes the database, and gives up the data directory if it took it. */
  close(graceMs?: number): Promise<void>;
}

export interface Hub {
  url: string;
  gateway: RunningServer;
  subgraphs: Record<string, RunningSubgraph>;
  verifyBearer: (authorization: string | undefined) => Promise<Identity>;
  close(graceMs?: number): Promise<void>;
}

const usesDataDir = (dataDir: string, databaseUrl: string | undefined) => !databaseUrl && dataDir !== ':memory:';

/**
 * The data directory's control socket: `npm run backup` asks the process that owns the embedded
 * databases for a consistent dump of them.
 */
async function serveBackups(lock: DataLock, databases: () => Record<string, Database>): Promise<ControlServer> {
  const control = await serveControl(controlSocketPath(lock.directory), async (request) => {
    if (request.op !== 'backup') throw new Error(`unknown request ${String(request.op)}`);
    const embedded = Object.fromEntries(Object.entries(databases()).filter(([, database]) => database.embedded));
    return dumpDatabases(embedded);
  });
  lock.setControl(control.path);
  return control;
}

type SubgraphStartOptions = Pick<
  HubOptions,
  'dataDir' | 'seed' | 'host' | 'internalSecret' | 'devMode' | 'embeddedFsync' | 'edge' | 'logger' | 'processMetrics' | 'webhooks'
> & {
  databaseUrl?: string;
  /** The hub's embedded engine, which the subgraph shares; none: an engine of its own (embedded). */
  engine?: EmbeddedPostgres;
  /** Its own engine in memory: the data directory tarball to start from. */
  embeddedStartFrom?: Uint8Array;
  port: number;
  verifyBearer: (authorization: string | undefined) => Promise<Identity>;
  /** Told each start-up step. */
  onStep?: (step: string) => void;
};

/** Opens a subgraph's database (migrating it; embedded, on `options.engine`) and loads the sample data into a new one. */
async function openSubgraphDatabase(definition: SubgraphDefinition, options: SubgraphStartOptions): Promise<Database> {
  const onStep = options.onStep ?? (() => {});
  if (options.databaseUrl) onStep('connecting to the PostgreSQL server');
  const database = await openDatabase({
    subgraph: definition.name,
    entities: definition.entities,
    migrations: definition.migrations,
    url: options.databaseUrl,
    engine: options.engine,
    onStep,
  });
  try {
    if (database.created && options.seed === 'auto') {
      onStep('loading the sample data');
      // the sample data is nobody's change: no history rows, no webhook deliveries
      await withoutHistory(() => definition.seed(database.fork()));
    }
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * Opens the databases of `definitions` side by side, the embedded ones on the engine that
 * `startEngine` starts (none: every one is on a server). An engine on disk that this start filled is
 * started again before anything is served: its WASM memory grows while it migrates and loads the
 * data, and never shrinks, and a new engine on the same files starts small.
 */
async function openDatabases(
  definitions: SubgraphDefinition[],
  optionsOf: (definition: SubgraphDefinition, index: number, engine: EmbeddedPostgres | undefined) => SubgraphStartOptions,
  startEngine: (() => Promise<EmbeddedPostgres>) | null,
  onDisk: boolean,
  onStep: (step: string) => void,
): Promise<{ databases: Database[]; engine: EmbeddedPostgres | null }> {
  let engine: EmbeddedPostgres | null = null;
  const openAll = async () => {
    const opened = await Promise.allSettled(
      definitions.map((definition, index) => openSubgraphDatabase(definition, optionsOf(definition, index, engine ?? undefined))),
    );
    const failed = opened.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    const databases = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    if (failed) {
      for (const database of databases) await database.close();
      throw failed.reason;
    }
    return databases;
  };
  try {
    if (startEngine) engine = await startEngine();
    // every database exists now, or failed: no new one starts from the initdb template
    const databases = await openAll().finally(releaseEmbeddedTemplate);
    if (!engine || !onDisk || !databases.some((database) => database.embedded && database.created)) return { databases, engine };
    onStep('restarting the embedded database');
    for (const database of databases) await database.close();
    await engine.stop();
    engine = null;
    engine = await startEngine!();
    // still the databases this start created (and filled)
    const reopened = await openAll();
    return { databases: reopened.map((database, index) => Object.assign(database, { created: databases[index].created })), engine };
  } catch (error) {
    await engine?.stop();
    throw error;
  }
}

/** Serves a subgraph on its open database; closes the database if it cannot. */
async function serveSubgraph(
  definition: SubgraphDefinition,
  database: Database,
  options: SubgraphStartOptions,
  own: { lock: DataLock | null; engine: EmbeddedPostgres | null } = { lock: null, engine: null },
): Promise<RunningSubgraph> {
  const { lock, engine } = own;
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
      edge: options.edge,
      logger: options.logger,
      processMetrics: options.processMetrics,
    });
    const control = lock ? await serveBackups(lock, () => ({ [definition.name]: database })) : null;
    // delivers this subgraph's webhooks from its outbox (subgraphs without webhook tables have none)
    configureWebhooks(options.webhooks);
    const dispatcher = startWebhookDispatcher(database);
    return {
      definition,
      database,
      server,
      async close(graceMs) {
        await dispatcher?.stop();
        await server.close(graceMs);
        await database.close();
        await engine?.stop();
        await control?.close();
        lock?.release();
      },
    };
  } catch (error) {
    await database.close();
    await engine?.stop();
    throw error;
  }
}

/**
 * Opens a subgraph's database, loads the sample data into a new one, and serves it. Started alone
 * (`ownDataDir`), it takes the lock on its embedded database's folder and serves backups of it.
 */
export async function startSubgraph(
  definition: SubgraphDefinition,
  options: SubgraphStartOptions & { ownDataDir?: boolean },
): Promise<RunningSubgraph> {
  const lock =
    options.ownDataDir && usesDataDir(options.dataDir, options.databaseUrl)
      ? await acquireDataLock(join(options.dataDir, definition.name))
      : null;
  try {
    const onStep = options.onStep ?? (() => {});
    // embedded, and not on a shared engine: an engine of its own, in its folder of the data directory
    const ownEngine = !options.databaseUrl && !options.engine;
    const dir = options.dataDir === ':memory:' ? null : join(options.dataDir, definition.name);
    const startEngine = () => {
      onStep(dir ? `starting the embedded database in ${dir}` : 'starting the embedded database (in memory)');
      return startEmbeddedPostgres(dir, { fsync: options.embeddedFsync, startFrom: options.embeddedStartFrom });
    };
    const { databases, engine } = await openDatabases(
      [definition],
      (_definition, _index, engine) => ({ ...options, engine: engine ?? options.engine }),
      ownEngine ? startEngine : null,
      dir !== null,
      onStep,
    );
    return await serveSubgraph(definition, databases[0], options, { lock, engine });
  } catch (error) {
    lock?.release();
    throw error;
  }
}

/**
 * Starts the one embedded engine of a hub's subgraphs: in memory, or in `dataDir`/hub. Subgraphs an
 * older hub kept in engines of their own (`dataDir`/<subgraph>) are moved into it first.
 */
async function startHubEngine(options: HubOptions, subgraphs: string[]): Promise<EmbeddedPostgres> {
  const step = (text: string) => options.onProgress?.({ step: text });
  if (options.dataDir === ':memory:') {
    step('starting the embedded database (in memory)');
    return startEmbeddedPostgres(null, { fsync: options.embeddedFsync, startFrom: options.embeddedStartFrom });
  }
  const dir = join(options.dataDir, HUB_ENGINE_FOLDER);
  await moveIntoHubEngine(options.dataDir, subgraphs, dir, step);
  step(`starting the embedded database in ${dir}`);
  return startEmbeddedPostgres(dir, { fsync: options.embeddedFsync });
}

/** The whole hub in one process: every subgraph with its database, and the gateway in front. */
export async function startHub(options: HubOptions): Promise<Hub> {
  const definitions = options.subgraphs ?? SUBGRAPHS;
  const verifyBearer = bearerVerifier({
    secret: options.jwtSecret,
    jwksUrl: options.jwksUrl,
    issuer: options.jwtIssuer,
    audience: options.jwtAudience,
    maxLifetime: options.tokenMaxLifetime,
  });
  const subgraphs: Record<string, RunningSubgraph> = {};
  const databaseUrlOf = (definition: SubgraphDefinition) => options.databaseUrls?.[definition.name] ?? options.databaseUrl;
  // one owner for the whole data directory
  const embeddedHere = definitions.some((d) => usesDataDir(options.dataDir, databaseUrlOf(d)));
  const lock = embeddedHere ? await acquireDataLock(options.dataDir) : null;
  // the embedded subgraphs share one engine, each in its schema
  const embeddedNames = definitions.filter((d) => !databaseUrlOf(d)).map((d) => d.name);
  let engine: EmbeddedPostgres | null = null;
  let control: ControlServer | null = null;
  const closeAll = async (graceMs?: number) => {
    for (const running of Object.values(subgraphs)) await running.close(graceMs);
    await engine?.stop();
    await control?.close();
    lock?.release();
  };
  const subgraphOptions = (definition: SubgraphDefinition, index: number, shared?: EmbeddedPostgres): SubgraphStartOptions => ({
    ...options,
    databaseUrl: databaseUrlOf(definition),
    engine: shared,
    port: options.subgraphPorts[definition.name] ?? definition.defaultPort,
    verifyBearer,
    // one process: its CPU and memory are shown once, by the gateway
    processMetrics: false,
    onStep: options.onProgress && forSubgraph(options.onProgress, definition.name, index + 1, definitions.length),
  });
  // the databases open side by side (on the engine, one transaction at a time); the servers then
  // start one after the other
  let databases: (Database | null)[];
  try {
    const opened = await openDatabases(
      definitions,
      subgraphOptions,
      embeddedNames.length ? () => startHubEngine(options, embeddedNames) : null,
      options.dataDir !== ':memory:',
      (step) => options.onProgress?.({ step }),
    );
    engine = opened.engine;
    databases = opened.databases;
  } catch (error) {
    lock?.release();
    throw error;
  }
  try {
    for (const [index, definition] of definitions.entries()) {
      const database = databases[index]!;
      databases[index] = null; // serveSubgraph owns it now
      subgraphs[definition.name] = await serveSubgraph(definition, database, subgraphOptions(definition, index, engine ?? undefined));
    }
    options.onProgress?.({ step: 'starting the gateway' });
    const gateway = await startGateway({
      supergraphSdl: options.supergraphSdl,
      subgraphUrls: Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.server.url])),
      verifyBearer,
      internalSecret: options.internalSecret,
      port: options.gatewayPort,
      host: options.host,
      subgraphTimeoutMs: options.subgraphTimeoutMs,
      edge: options.edge,
      logger: options.logger,
      processMetrics: options.processMetrics,
    });
    if (lock)
      control = await serveBackups(lock, () => Object.fromEntries(Object.entries(subgraphs).map(([name, s]) => [name, s.database])));
    return {
      url: gateway.url,
      gateway,
      subgraphs,
      verifyBearer,
      // the gateway drains first, so the subgraphs finish what it still asks of them
      async close(graceMs = options.shutdownGraceMs) {
        await gateway.close(graceMs);
        await closeAll(graceMs);
      },
    };
  } catch (error) {
    for (const database of databases) await database?.close();
    await closeAll();
    throw error;
  }
}
