import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { requestControl } from './control';
import { acquireDataLock, lockOwner } from './data-lock';
import { schemaName, type Database } from './database';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

/**
 * Backups of the embedded databases: one plain-SQL file per subgraph (pg_dump of its schema, rows as
 * INSERTs), plus manifest.json. They load into an embedded data directory or into any PostgreSQL
 * server, where each subgraph gets its schema back (cities, meetings, funding, peer_reviews).
 */
export const BACKUP_FORMAT = 'intercity-hub-backup/1';

/**
 * The folder, under the data directory, of the one engine a hub's embedded subgraphs share (each in
 * its schema). A subgraph started alone keeps an engine of its own in `<data directory>/<subgraph>`.
 */
export const HUB_ENGINE_FOLDER = 'hub';

/** Where moveIntoHubEngine leaves the folders of an older layout. */
export const MOVED_FOLDER = 'before-one-engine';

const holdsDatabase = (dir: string) => existsSync(join(dir, 'PG_VERSION'));

export type Dumps = Record<string, string>;

/**
 * Dumps the given databases at one point in time: every database's connection is held first (no
 * request can write meanwhile; they wait, they do not fail), then each is dumped, then all are
 * given back.
 */
export async function dumpDatabases(databases: Record<string, Database>): Promise<Dumps> {
  const releases: (() => Promise<void>)[] = [];
  try {
    for (const name of Object.keys(databases).sort()) releases.push(await databases[name].hold());
    const dumps: Dumps = {};
    for (const name of Object.keys(databases).sort()) dumps[name] = await databases[name].dumpWhileHeld();
    return dumps;
  } finally {
    for (const release of releases.reverse()) await release();
  }
}

export function writeBackup(outDir: string, dumps: Dumps, source: string): string[] {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [subgraph, sql] of Object.entries(dumps)) {
    const file = join(dir, `${subgraph}.sql`);
    writeFileSync(file, sql, { mode: 0o600 });
    files.push(file);
  }
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ format: BACKUP_FORMAT, createdAt: new Date().toISOString(), source, subgraphs: Object.keys(dumps).sort() }, null, 2) +
      '\n',
  );
  return files;
}

/**
 * Dumps every subgraph's embedded database under `dataDir`. A running hub (npm start) or subgraph
 * started alone owns its files, so it is asked to make the dump through its control socket; a
 * database nobody runs is opened here, under its lock.
 */
export async function backupDataDir(dataDir: string, subgraphs: string[], log: (line: string) => void = () => {}): Promise<Dumps> {
  const top = lockOwner(dataDir);
  if (top) {
    if (!top.control)
      throw new Error(`The hub (process ${top.pid}) that owns ${resolve(dataDir)} is still starting; try again in a moment.`);
    log(`Asking the running hub (process ${top.pid}) for a consistent dump…`);
    return requestControl<Dumps>(top.control, { op: 'backup' });
  }
  const dumps: Dumps = {};
  const hubDir = join(dataDir, HUB_ENGINE_FOLDER);
  if (holdsDatabase(hubDir)) {
    log(`Dumping the hub's database in ${resolve(hubDir)} (no process runs it)…`);
    const lock = await acquireDataLock(dataDir, 'npm run backup');
    try {
      const engine = await startEmbeddedPostgres(hubDir);
      try {
        const present = await schemasOf(engine);
        for (const subgraph of subgraphs) if (present.has(schemaName(subgraph))) dumps[subgraph] = await engine.dump(schemaName(subgraph));
      } finally {
        await engine.stop();
      }
    } finally {
      lock.release();
    }
  }
  for (const subgraph of subgraphs) {
    const dir = join(dataDir, subgraph);
    if (dumps[subgraph] !== undefined || !holdsDatabase(dir)) continue;
    const owner = lockOwner(dir);
    if (owner?.control) {
      log(`Asking subgraph ${subgraph} (process ${owner.pid}) for a dump…`);
      Object.assign(dumps, await requestControl<Dumps>(owner.control, { op: 'backup' }));
      continue;
    }
    log(`Dumping ${subgraph} (no process runs it)…`);
    const lock = await acquireDataLock(dir, 'npm run backup');
    try {
      const embedded = await startEmbeddedPostgres(dir);
      try {
        dumps[subgraph] = await embedded.dump(schemaName(subgraph));
      } finally {
        await embedded.stop();
      }
    } finally {
      lock.release();
    }
  }
  return dumps;
}

/** Runs `fn` with a client of `engine`, connected through a socket of its own (in schema public). */
export async function withEngineClient<T>(engine: EmbeddedPostgres, fn: (client: Client) => Promise<T>): Promise<T> {
  const socket = await engine.attach('public');
  try {
    const client = new Client({ host: socket.socketDir, port: socket.port, user: 'postgres', database: 'postgres' });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  } finally {
    await socket.close();
  }
}

/** The schemas an engine holds. */
const schemasOf = (engine: EmbeddedPostgres) =>
  withEngineClient(
    engine,
    async (client) => new Set((await client.query<{ nspname: string }>('SELECT nspname FROM pg_namespace')).rows.map((r) => r.nspname)),
  );

/**
 * An older hub kept each subgraph in an engine of its own (`dataDir`/<subgraph>). Moves those into
 * the hub's one engine at `target` (a dump of each schema, restored), if it does not exist yet: the
 * engine is built beside it and takes its name once complete, and the old folders are then set
 * aside in `dataDir`/before-one-engine, untouched, for whoever wants to check and delete them.
 */
export async function moveIntoHubEngine(dataDir: string, subgraphs: string[], target: string, log: (line: string) => void = () => {}) {
  const old = subgraphs.filter((subgraph) => holdsDatabase(join(dataDir, subgraph)));
  if (old.length === 0 || holdsDatabase(target)) return;
  const building = `${target}.moving`;
  rmSync(building, { recursive: true, force: true });
  const engine = await startEmbeddedPostgres(building);
  try {
    for (const subgraph of old) {
      log(`moving ${subgraph} from ${join(dataDir, subgraph)} into ${target}`);
      const own = await startEmbeddedPostgres(join(dataDir, subgraph));
      let sql: string;
      try {
        sql = await own.dump(schemaName(subgraph));
      } finally {
        await own.stop();
      }
      await withEngineClient(engine, (client) => restoreInto(client, subgraph, sql));
    }
  } finally {
    await engine.stop();
  }
  renameSync(building, target);
  const aside = join(dataDir, MOVED_FOLDER);
  mkdirSync(aside, { recursive: true });
  for (const subgraph of old) renameSync(join(dataDir, subgraph), join(aside, subgraph));
  log(`the hub's subgraphs now share one engine in ${target}; the old folders are in ${aside}`);
}

/** The subgraph dumps of a backup folder (all, or those named). */
export function readBackup(dir: string, only?: string[]): Dumps {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${resolve(dir)} is not a backup (no manifest.json).`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { format?: string; subgraphs?: string[] };
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`${resolve(dir)}: unknown backup format ${manifest.format}.`);
  const names = (manifest.subgraphs ?? []).filter((name) => !only || only.includes(name));
  const missing = (only ?? []).filter((name) => !(manifest.subgraphs ?? []).includes(name));
  if (missing.length) throw new Error(`The backup in ${resolve(dir)} has no ${missing.join(', ')}.`);
  return Object.fromEntries(names.map((name) => [name, readFileSync(join(dir, `${name}.sql`), 'utf8')]));
}

/**
 * Makes a dump written by PGlite's pg_dump (PostgreSQL 17) load on any server from PostgreSQL 13:
 * drops settings older servers do not know, and psql-only meta-commands.
 */
export function portableSql(sql: string): string {
  return sql
    .split('\n')
    .filter((line) => !/^SET (transaction_timeout) /.test(line))
    .filter((line) => !line.startsWith('\\'))
    .join('\n');
}

/**
 * Loads one subgraph's dump into the database `client` is connected to, in one transaction. The
 * subgraph's schema must be absent or empty: a restore never mixes with existing data.
 */
export async function restoreInto(client: Client, subgraph: string, sql: string): Promise<void> {
  const schema = schemaName(subgraph);
  const tables = await client.query<{ n: string }>('SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1', [schema]);
  if (Number(tables.rows[0].n) > 0) {
    throw new Error(`The ${subgraph} schema "${schema}" already has tables in the target database; restore into an empty database.`);
  }
  await client.query('BEGIN');
  try {
    // the trigram indexes need pg_trgm, which lives outside the subgraph's schema and so is not in
    // its dump (created one restore at a time, as the migrations do: shared/indexes.ts)
    if (sql.includes('gin_trgm_ops')) {
      await client.query(
        `SELECT pg_advisory_xact_lock(hashtext('intercity-hub:pg_trgm')); CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`,
      );
    }
    await client.query(`DROP SCHEMA IF EXISTS "${schema}"`);
    await client.query(portableSql(sql));
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // the dump empties search_path for its session
    await client.query('RESET ALL').catch(() => undefined);
  }
}

/** Restores dumps into the PostgreSQL server of each subgraph's URL. */
export async function restoreToServer(dumps: Dumps, urlOf: (subgraph: string) => string, log: (line: string) => void = () => {}) {
  for (const [subgraph, sql] of Object.entries(dumps)) {
    const client = new Client({ connectionString: urlOf(subgraph) });
    await client.connect();
    try {
      log(`Restoring ${subgraph} into schema "${schemaName(subgraph)}"…`);
      await restoreInto(client, subgraph, sql);
    } finally {
      await client.end();
    }
  }
}

/** Restores dumps into a new hub engine under `dataDir` (no hub may run on it). */
export async function restoreToDataDir(dumps: Dumps, dataDir: string, log: (line: string) => void = () => {}) {
  const lock = await acquireDataLock(dataDir, 'npm run restore');
  try {
    const dir = join(dataDir, HUB_ENGINE_FOLDER);
    if (existsSync(dir) && readdirSync(dir).length > 0) {
      throw new Error(`${resolve(dir)} already holds a database; move it away (or restore into an empty HUB_DATA_DIR).`);
    }
    const engine = await startEmbeddedPostgres(dir);
    try {
      for (const [subgraph, sql] of Object.entries(dumps)) {
        log(`Restoring ${subgraph} into ${resolve(dir)}…`);
        await withEngineClient(engine, (client) => restoreInto(client, subgraph, sql));
      }
    } finally {
      await engine.stop();
    }
  } finally {
    lock.release();
  }
}
