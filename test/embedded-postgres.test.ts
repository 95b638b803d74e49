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

async function connect(embedded: EmbeddedPostgres, schema = 'public') {
  const socket = await embedded.attach(schema);
  const client = new Client({ host: socket.socketDir, port: socket.port, user: 'postgres', database: 'postgres' });
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

/**
 * A hub's subgraphs share one engine, each through a socket whose connections work in its schema.
 * PGlite is one session: it passes from one connection to another only between transactions.
 */
describe('one engine, one schema per socket', () => {
  let engine: EmbeddedPostgres;
  let a: Client;
  let b: Client;

  beforeAll(async () => {
    engine = await startEmbeddedPostgres(null);
    const admin = await connect(engine);
    await admin.query('CREATE SCHEMA one; CREATE SCHEMA two; CREATE TABLE one.t (v text); CREATE TABLE two.t (v text)');
    await admin.end();
    [a, b] = [await connect(engine, 'one'), await connect(engine, 'two')];
  });

  afterAll(async () => {
    await a.end();
    await b.end();
    await engine.stop();
  });

  beforeEach(async () => {
    await a.query('TRUNCATE t');
    await b.query('TRUNCATE t');
  });

  test('each connection reads and writes the tables of its own schema', async () => {
    await a.query('INSERT INTO t VALUES ($1)', ['in one']);
    await b.query('INSERT INTO t VALUES ($1)', ['in two']);
    expect((await a.query('SELECT current_schema() AS s, v FROM t')).rows).toEqual([{ s: 'one', v: 'in one' }]);
    expect((await b.query('SELECT current_schema() AS s, v FROM t')).rows).toEqual([{ s: 'two', v: 'in two' }]);
  });

  test('statements of both connections, sent at the same time, each run in their own schema', async () => {
    const insert = async (client: Client, first: number) => {
      for (let i = first; i < 40; i += 2) await client.query('INSERT INTO t VALUES ($1::text || current_schema())', [`${i}:`]);
    };
    await Promise.all([insert(a, 1), insert(b, 0)]);
    const rows = async (client: Client) => (await client.query<{ v: string }>('SELECT v FROM t')).rows.map((r) => r.v);
    const [one, two] = [await rows(a), await rows(b)];
    expect(one).toHaveLength(20);
    expect(two).toHaveLength(20);
    expect(one.every((v) => Number(v.split(':')[0]) % 2 === 1 && v.endsWith('one'))).toBe(true);
    expect(two.every((v) => Number(v.split(':')[0]) % 2 === 0 && v.endsWith('two'))).toBe(true);
  });

  test("a transaction keeps the session: the other schema's statements wait for its end and never run inside it", async () => {
    const order: string[] = [];
    await a.query('BEGIN');
    await a.query("INSERT INTO t VALUES ('uncommitted')");
    const other = b.query("INSERT INTO t VALUES ('from two')").then(() => order.push('two wrote'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    order.push('one commits');
    await a.query('ROLLBACK');
    await other;
    expect(order).toEqual(['one commits', 'two wrote']);
    // the rolled back row is gone; the other statement ran after, in its own schema, and stayed
    expect((await a.query('SELECT v FROM t')).rows).toEqual([]);
    expect((await b.query('SELECT v FROM t')).rows).toEqual([{ v: 'from two' }]);
  });

  test('a connection that goes away inside a transaction leaves nothing behind, and the others go on', async () => {
    const leaving = await connect(engine, 'one');
    leaving.on('error', () => {});
    await leaving.query('BEGIN');
    await leaving.query("INSERT INTO t VALUES ('never committed')");
    const waiting = b.query('SELECT count(*)::int AS n FROM t');
    // the connection drops without COMMIT or ROLLBACK
    (leaving as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    expect((await waiting).rows).toEqual([{ n: 0 }]);
    expect((await a.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 0 }]);
  });

  test('a dump of one schema waits for the transaction in progress and holds only its schema', async () => {
    await a.query('BEGIN');
    await a.query("INSERT INTO t VALUES ('committed later')");
    const dumped = engine.dump('one');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await a.query('COMMIT');
    const sql = await dumped;
    expect(sql).toContain('committed later');
    expect(sql).toContain('CREATE TABLE one.t');
    expect(sql).not.toContain('two.t');
    // the dump left neither its settings nor its read-only transaction behind: both connections write
    expect((await b.query('SELECT current_schema() AS s')).rows).toEqual([{ s: 'two' }]);
    await a.query("INSERT INTO t VALUES ('after the dump')");
    await b.query("INSERT INTO t VALUES ('after the dump')");
    expect((await a.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 2 }]);
  });
});

test('a connection that keeps a transaction open without a statement while others wait is closed and rolled back', async () => {
  // a server's idle_in_transaction_session_timeout: one stuck client must not stop every subgraph
  const engine = await startEmbeddedPostgres(null, { idleInTransactionMs: 300 });
  try {
    const admin = await connect(engine);
    await admin.query('CREATE TABLE t (v text)');
    const stuck = await connect(engine);
    const lost = new Promise<Error>((resolve) => stuck.on('error', resolve));
    await stuck.query('BEGIN');
    await stuck.query("INSERT INTO t VALUES ('never committed')");
    // nobody waits yet: the transaction may stay open as long as it likes
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await stuck.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }]);
    const started = Date.now();
    expect((await admin.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 0 }]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await lost).message).toMatch(/terminated/);
    await admin.end();
  } finally {
    await engine.stop();
  }
});
