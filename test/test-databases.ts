import { createHash, randomUUID } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { openDatabase } from '../shared/database';
import { startEmbeddedPostgres } from '../shared/embedded-postgres';
import type { SubgraphDefinition } from '../shared/subgraph';

/**
 * Clean databases for each test file, cheaply. Migrating and seeding a database is a large part of
 * a test file's start; so each kind of database is migrated (and seeded) once per run, and every
 * test file starts from a copy of it:
 * - on a PostgreSQL server, a template database: `CREATE DATABASE <scratch> TEMPLATE <template>`;
 * - embedded, a tarball of the migrated PGlite data directory, which each file's in-memory
 *   database loads instead of an empty cluster.
 * The templates belong to one jest run (test/global-setup.js names it in INTERCITY_TEST_RUN and
 * test/global-teardown.js removes them), so an edited migration or seed is always picked up.
 */

/** This run's tag and folder (from global-setup; of this process alone when jest did not set one). */
export function testRun(): { tag: string; dir: string } {
  const tag = process.env.INTERCITY_TEST_RUN ?? `p${process.pid}`;
  const dir = process.env.INTERCITY_TEST_RUN_DIR ?? join(tmpdir(), `intercity-hub-test-${tag}`);
  mkdirSync(dir, { recursive: true });
  return { tag, dir };
}

export const testDatabasePrefix = () => process.env.HUB_TEST_DB_PREFIX ?? 'hub_test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const fileExists = (file: string) => {
  try {
    return statSync(file).size > 0;
  } catch {
    return false;
  }
};

function lockHolderAlive(lock: string): boolean {
  try {
    const pid = Number(readFileSync(lock, 'utf8'));
    // a lock just created has no pid written yet
    if (!pid) return Date.now() - statSync(lock).mtimeMs < 10_000;
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's; ENOENT: released meanwhile (the loop looks again)
    return (error as NodeJS.ErrnoException).code === 'EPERM' || (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/**
 * The file `name` of this run's folder, made by `make` in exactly one process of the run; the
 * others wait for it (jest runs test files in several worker processes at once).
 */
export async function runFile(name: string, make: () => Promise<Uint8Array | string>): Promise<Buffer> {
  const file = join(testRun().dir, name);
  const lock = `${file}.lock`;
  for (;;) {
    if (fileExists(file)) return readFileSync(file);
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // another process makes it; a lock whose process has died is taken over
      if (!lockHolderAlive(lock)) rmSync(lock, { force: true });
      await sleep(100);
      continue;
    }
    try {
      writeSync(fd, String(process.pid));
      closeSync(fd);
      if (fileExists(file)) continue;
      const content = await make();
      const partial = `${file}.${process.pid}.partial`;
      writeFileSync(partial, content);
      renameSync(partial, file);
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

/**
 * The data directory of an embedded engine holding `definitions`, each in its schema as a hub keeps
 * them, migrated and seeded when `seed`, as a tarball for a hub's in-memory engine to start from
 * (`startFrom`).
 */
export async function embeddedStart(definitions: SubgraphDefinition[], seed: boolean): Promise<Uint8Array> {
  const name = `${definitions.map((d) => d.name).join('+')}-${seed ? 'seeded' : 'empty'}.tar`;
  const bytes = await runFile(name, async () => {
    const engine = await startEmbeddedPostgres(null);
    try {
      for (const definition of definitions) {
        const database = await openDatabase({
          subgraph: definition.name,
          entities: definition.entities,
          migrations: definition.migrations,
          engine,
        });
        try {
          if (seed) await definition.seed(database.fork());
        } finally {
          await database.close();
        }
      }
      return await engine.snapshot();
    } finally {
      await engine.stop();
    }
  });
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

async function runSql<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const databaseUrl = (serverUrl: string, name: string) => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * A template database on the server of `serverUrl` holding `definitions` migrated (and seeded when
 * `seed`), each in its own schema as the hub keeps them; made once per run.
 */
export async function serverTemplate(serverUrl: string, definitions: SubgraphDefinition[], seed: boolean): Promise<string> {
  const key = createHash('sha256')
    .update(`${definitions.map((d) => d.name).join(',')}|${seed}`)
    .digest('hex')
    .slice(0, 10);
  const name = `${testDatabasePrefix()}_tpl_${testRun().tag}_${key}`.toLowerCase();
  // the advisory lock makes one process of the run build it; the others find it built
  await runSql(serverUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return;
      const building = `${name}_b`;
      await client.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${building}`);
      for (const definition of definitions) {
        const database = await openDatabase({
          subgraph: definition.name,
          entities: definition.entities,
          migrations: definition.migrations,
          url: databaseUrl(serverUrl, building),
        });
        try {
          if (seed) await definition.seed(database.fork());
        } finally {
          await database.close();
        }
      }
      // complete or absent: a template is only ever seen under its name once it is whole
      await client.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  });
  return name;
}

/**
 * A new database on the server of `serverUrl`, empty or a copy of `template`, dropped by `drop()`.
 * Its name starts with HUB_TEST_DB_PREFIX (default hub_test), so that CI can drop whatever a
 * crashed test file left.
 */
export async function scratchDatabase(serverUrl: string, template?: string): Promise<{ url: string; drop: () => Promise<void> }> {
  // the run's tag: test/global-teardown.js drops what a worker that exited at once left behind
  const name = `${testDatabasePrefix()}_${testRun().tag}_${randomUUID().replace(/-/g, '').slice(0, 12)}`.toLowerCase();
  await runSql(serverUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
        return;
      } catch (error) {
        // 55006: a connection to the template that just closed has not quite ended on the server
        if ((error as { code?: string }).code !== '55006' || attempt >= 50) throw error;
        await sleep(100);
      }
    }
  });
  return {
    url: databaseUrl(serverUrl, name),
    drop: () => runSql(serverUrl, async (client) => void (await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))),
  };
}
