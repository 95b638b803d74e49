import { join } from 'node:path';
import { MikroORM, type EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { Constructor, EntityClass, MigrationObject } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { ChangeFeedSubscriber } from './change-feed';
import { HubEntity } from './entity';
import { HistorySubscriber } from './history';
import { OutboxSubscriber } from './webhooks';
import { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedSocket } from './embedded-postgres';
import { rootLogger } from './logger';
import { traceSql } from './telemetry';

export interface DatabaseOptions {
  /** The owning subgraph; it names the Postgres schema and the embedded database folder. */
  subgraph: string;
  entities: EntityClass<object>[];
  migrations: { name: string; class: Constructor<Migration> }[];
  /** A PostgreSQL server URL; without it an embedded PGlite database is used. */
  url?: string;
  /**
   * An embedded engine shared with other subgraphs (a hub's): the subgraph works in its schema on
   * it, and leaves it running on close. Without it (and without `url`), the subgraph runs an engine
   * of its own in `dataDir`/<subgraph>.
   */
  engine?: EmbeddedPostgres;
  /** Folder of the subgraph's own embedded engine; `:memory:` keeps it in memory. */
  dataDir?: string;
  /** Embedded only: fsync the WAL before a commit is acknowledged (default true). */
  fsync?: boolean;
  /** Its own engine in memory only: start from this data directory tarball (`snapshot()`) instead of an empty cluster. */
  startFrom?: Uint8Array;
  /** Told each start-up step (starting the embedded engine, migrating); for the start-up log. */
  onStep?: (step: string) => void;
}

export interface Database {
  orm: MikroORM;
  /** The Postgres schema that holds this subgraph's tables. */
  schema: string;
  embedded: boolean;
  /** True when this start created the tables (an empty database: time for the sample data). */
  created: boolean;
  /** SQL statements sent since start (the N+1 tests read it). */
  readonly statements: number;
  /** Runs `fn` and returns how many SQL statements it sent. */
  countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: number }>;
  /**
   * A fresh EntityManager for one request. It follows the transaction its own `transactional()`
   * opened (useContext), so code inside a transaction that still says `ctx.em` stays on the
   * transaction's connection: with the embedded database's single connection, anything else would
   * wait forever for a second one.
   */
  fork(): EntityManager;
  /**
   * Takes the database's connections (embedded: its only one) so that no request runs a
   * transaction until the returned function gives them back. Used to dump a consistent backup.
   */
  hold(): Promise<() => Promise<void>>;
  /** Embedded only: a plain-SQL dump of this subgraph's schema; call it while holding (hold()). */
  dumpWhileHeld(): Promise<string>;
  /**
   * Embedded only (a server runs autovacuum): vacuums and analyses the database now, as it does every
   * EMBEDDED_MAINTENANCE_INTERVAL_MS, so that space left by updates and deletes is used again.
   */
  maintain(): Promise<void>;
  /** Embedded only: fsync calls so far and Postgres's durability settings. */
  embeddedStats(): Promise<{ fsyncs: number; settings: Record<string, string> }>;
  close(): Promise<void>;
}

/**
 * Embedded only: how often the database is vacuumed and analysed. PGlite is a single standalone
 * backend without autovacuum, so without this the rows that updates and deletes leave behind would
 * never be reused (the files only grow) and the planner would never see statistics.
 */
export const EMBEDDED_MAINTENANCE_INTERVAL_MS = 10 * 60_000;
/** The maintenance statements start with this comment, so that statement counts leave them out. */
const MAINTENANCE = '/* maintenance */ ';

/**
 * A subgraph's migrations, oldest first, from their classes: each is recorded in the migrations
 * table under its class name, so the name is written once.
 */
export const migrationList = (classes: Record<string, Constructor<Migration>>): DatabaseOptions['migrations'] =>
  Object.entries(classes).map(([name, migration]) => ({ name, class: migration }));

export const schemaName = (subgraph: string) => subgraph.replace(/[^a-z0-9]/gi, '_').toLowerCase();

/**
 * Opens a subgraph's database and brings it to the latest migration. Each subgraph owns a schema
 * named after it, which keeps subgraphs apart on a shared server and on a hub's one embedded engine.
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const schema = schemaName(options.subgraph);
  let engine: EmbeddedPostgres | null = null;
  let socket: EmbeddedSocket | null = null;
  let connection: { clientUrl?: string; host?: string; port?: number; user?: string; dbName?: string };
  if (options.url) {
    connection = { clientUrl: options.url };
  } else {
    engine = options.engine ?? null;
    if (!engine) {
      const dataDir = options.dataDir ?? '.data';
      options.onStep?.(
        dataDir === ':memory:'
          ? 'starting the embedded database (in memory)'
          : `starting the embedded database in ${join(dataDir, options.subgraph)}`,
      );
      engine = await startEmbeddedPostgres(dataDir === ':memory:' ? null : join(dataDir, options.subgraph), {
        fsync: options.fsync,
        startFrom: options.startFrom,
      });
    }
    socket = await engine.attach(schema).catch(async (error: Error) => {
      if (!options.engine) await engine?.stop();
      throw error;
    });
    connection = { host: socket.socketDir, port: socket.port, user: 'postgres', dbName: 'postgres' };
  }
  const embedded = engine;
  /** Closes the subgraph's socket, and its engine if it is its own. */
  const closeEmbedded = async () => {
    try {
      await socket?.close();
    } finally {
      if (!options.engine) await embedded?.stop();
    }
  };
  // the soft-delete filter applies to the hub's records, not to tables without deletedAt (history)
  const entityNames = options.entities.filter((e) => e.prototype instanceof HubEntity).map((e) => e.name);
  let orm: MikroORM;
  try {
    orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      schema,
      ...connection,
      entities: options.entities,
      extensions: [Migrator],
      subscribers: [new ChangeFeedSubscriber(), new HistorySubscriber(), new OutboxSubscriber()],
      discovery: { warnWhenNoEntities: false },
      // rollup tables are kept by the database's own triggers (a migration declares them), not by entities
      schemaGenerator: { skipTables: [/_rollup(_|$)/] },
      forceUtcTimezone: true,
      // soft-delete filters apply to the rows asked for, not by joining every referenced table
      autoJoinRefsForFilters: false,
      allowGlobalContext: false,
      debug: false,
      pool: {
        min: 0,
        max: embedded ? 1 : 10,
        afterCreate: (
          conn: { query: (sql: string, cb: (err?: Error) => void) => void },
          done: (err: Error | undefined, conn: unknown) => void,
        ) => {
          // JIT compilation costs more than it saves on the hub's short queries
          conn.query(`SET search_path TO "${schema}"; SET jit = off`, (err) => done(err, conn));
        },
      },
      filters: {
        live: { cond: { deletedAt: null }, default: true, entity: entityNames },
      },
      migrations: {
        tableName: 'migrations',
        silent: true,
        transactional: true,
        allOrNothing: true,
        snapshot: false,
        migrationsList: options.migrations as unknown as MigrationObject[],
      },
    });
  } catch (error) {
    await closeEmbedded();
    throw error;
  }
  let statements = 0;
  let created = false;
  orm.em.getKnex().on('query', (query: { sql?: string }) => {
    // the periodic vacuum is not the requests' work: an N+1 test must not count it
    if (!query.sql?.startsWith(MAINTENANCE)) statements += 1;
  });
  // a span per SQL statement of a traced request; nothing at all when tracing is off
  traceSql(orm.em.getKnex(), options.subgraph, schema);
  try {
    await orm.em.getConnection().execute(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    created = (await orm.getMigrator().getExecutedMigrations()).length === 0;
    if (options.onStep) {
      const pending = (await orm.getMigrator().getPendingMigrations()).length;
      if (pending > 0) options.onStep(`migrating (${pending} migration${pending === 1 ? '' : 's'})`);
    }
    await orm.getMigrator().up();
  } catch (error) {
    await orm.close(true);
    await closeEmbedded();
    throw error;
  }
  // autovacuum's work on the embedded database: one VACUUM (ANALYZE) of the subgraph's tables at a
  // time (the engine may hold other subgraphs' schemas), on the hub's own connection like any
  // statement (never inside another session's transaction)
  let maintenance: Promise<void> | null = null;
  const maintain = () =>
    (maintenance ??= (async () => {
      const connection = orm.em.getConnection();
      const tables = await connection.execute<{ name: string }[]>(
        `${MAINTENANCE}SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = ?`,
        [schema],
      );
      if (tables.length > 0) await connection.execute(`${MAINTENANCE}VACUUM (ANALYZE) ${tables.map((t) => t.name).join(', ')}`);
    })().finally(() => {
      maintenance = null;
    }));
  const timer = embedded
    ? setInterval(
        () =>
          void maintain().catch((error: Error) =>
            rootLogger().warn({ subgraph: options.subgraph, err: error.message }, 'vacuuming the embedded database failed'),
          ),
        EMBEDDED_MAINTENANCE_INTERVAL_MS,
      ).unref()
    : null;
  return {
    orm,
    schema,
    embedded: embedded !== null,
    created,
    get statements() {
      return statements;
    },
    async countStatements(fn) {
      const before = statements;
      const result = await fn();
      return { result, statements: statements - before };
    },
    fork: () => orm.em.fork({ useContext: true }) as EntityManager,
    async hold() {
      const client = orm.em.getConnection().getKnex().client as {
        acquireConnection(): Promise<unknown>;
        releaseConnection(connection: unknown): Promise<void>;
      };
      const connection = await client.acquireConnection();
      return () => client.releaseConnection(connection);
    },
    async dumpWhileHeld() {
      if (!embedded) throw new Error(`The ${options.subgraph} database is not embedded; back it up with the server's own pg_dump.`);
      return embedded.dump(schema);
    },
    async embeddedStats() {
      if (!embedded) throw new Error(`The ${options.subgraph} database is not embedded.`);
      return embedded.stats();
    },
    async maintain() {
      if (embedded) await maintain();
    },
    async close() {
      if (timer) clearInterval(timer);
      await maintenance?.catch(() => undefined);
      await orm.close(true);
      await closeEmbedded();
    },
  };
}

/**
 * The SQL that would bring this database's tables in line with the entities. Empty when the
 * migrations create exactly what the code declares; otherwise, the body of the next migration.
 */
export async function schemaDrift(database: Database): Promise<string> {
  return (await database.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false })).trim();
}
