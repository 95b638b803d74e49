import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../shared/embedded-postgres';
import { embeddedTemplate } from '../shared/embedded-template';

/**
 * The embedded databases of a process share one worker thread (each thread costs its own isolate and
 * compiled engine), stay apart from each other, fail apart, and the thread ends with the last of
 * them, so that nothing keeps a finished process alive.
 */
const threads = () => readdirSync('/proc/self/task').length;

/** The thread count once it has stopped changing: a thread that was just ended may still be leaving. */
async function settledThreads(): Promise<number> {
  let last = threads();
  for (let stable = 0, waited = 0; stable < 3 && waited < 5000; waited += 100) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = threads();
    stable = now === last ? stable + 1 : 0;
    last = now;
  }
  return last;
}

async function connect(embedded: EmbeddedPostgres) {
  const client = new Client({ host: embedded.socketDir, port: embedded.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  return client;
}

test('two embedded databases run on one thread, apart from each other, and the thread ends with the last one', async () => {
  // libuv's thread pool starts with the first file operation, and the initdb template (run in a
  // thread of its own when no cached one exists) with the first database: both before counting
  await readFile(__filename);
  await embeddedTemplate();
  const before = await settledThreads();
  const first = await startEmbeddedPostgres(null);
  const withOne = await settledThreads();
  const second = await startEmbeddedPostgres(null);
  try {
    expect(withOne).toBe(before + 1);
    expect(await settledThreads()).toBe(withOne);

    const [a, b] = [await connect(first), await connect(second)];
    try {
      await a.query('CREATE TABLE only_in_first (id int)');
      expect((await a.query(`SELECT to_regclass('only_in_first') IS NOT NULL AS found`)).rows).toEqual([{ found: true }]);
      expect((await b.query(`SELECT to_regclass('only_in_first') IS NOT NULL AS found`)).rows).toEqual([{ found: false }]);
      // both answer at once
      const [x, y] = await Promise.all([a.query('SELECT 1 AS n'), b.query('SELECT 2 AS n')]);
      expect([x.rows, y.rows]).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    } finally {
      await a.end();
      await b.end();
    }
  } finally {
    await first.stop();
    // one database left: the thread stays
    expect(await settledThreads()).toBe(withOne);
    await second.stop();
  }
  expect(await settledThreads()).toBe(before);
});

test('a database that cannot start fails alone: the others on the thread keep answering', async () => {
  const good = await startEmbeddedPostgres(null);
  const damaged = mkdtempSync(join(tmpdir(), 'hub-damaged-'));
  try {
    // a version file and nothing else: not a data directory PostgreSQL can start from
    writeFileSync(join(damaged, 'PG_VERSION'), '17\n');
    await expect(startEmbeddedPostgres(damaged)).rejects.toThrow(/^The embedded database did not start: /);
    const client = await connect(good);
    try {
      expect((await client.query('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await client.end();
    }
  } finally {
    await good.stop();
    rmSync(damaged, { recursive: true, force: true });
  }
});
