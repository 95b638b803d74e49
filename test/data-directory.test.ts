import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub, type Hub } from '../gateway/hub';
import { readSupergraph } from '../gateway/env';
import { readBackup, restoreInto, withEngineClient } from '../shared/backup';
import { openDatabase } from '../shared/database';
import { startEmbeddedPostgres } from '../shared/embedded-postgres';
import { SUPERGRAPH_PATH } from '../shared/paths';
import { adminToken, organisationSlugs, run, startChildHub, streamWrites, type ChildHub } from './child-hub';
import { createScratchDatabase, postGraphQL, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './helpers';

/**
 * The embedded data directory, with the hub as a real child process (`node dist/bin/start.js`):
 * one owner, acknowledged writes surviving kill -9 and SIGTERM, backup while running, restore into
 * a data directory and into the PostgreSQL server. The tests run in order on one data directory.
 */
jest.setTimeout(20 * 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const root = mkdtempSync(join(tmpdir(), 'hub-data-test-'));
const dataDir = join(root, 'data');
const lockPath = join(dataDir, 'hub.lock');
let hub: ChildHub | null = null;

afterAll(async () => {
  if (hub && hub.process.exitCode === null) {
    hub.process.kill('SIGKILL');
    await hub.exited;
  }
  rmSync(root, { recursive: true, force: true });
});

const lockRecord = () => JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number; command: string; startedAt: string };
const inUse = (dir: string, owner: { pid: number; command: string; startedAt: string }) =>
  `The data directory ${dir} is in use by process ${owner.pid} (${owner.command}, since ${owner.startedAt}); stop that process first, or set HUB_DATA_DIR to another folder.`;

test('the embedded database flushes the WAL to disk (fsync) before it acknowledges a commit', async () => {
  const dir = join(root, 'fsync');
  const embedded = await startEmbeddedPostgres(dir);
  try {
    const { before, after } = await withEngineClient(embedded, async (client) => {
      await client.query('CREATE TABLE t (id int PRIMARY KEY)');
      const before = await embedded.stats();
      for (let i = 0; i < 5; i++) await client.query('INSERT INTO t VALUES ($1)', [i]);
      return { before, after: await embedded.stats() };
    });
    expect(before.settings).toEqual({ fsync: 'on', wal_sync_method: 'fsync', synchronous_commit: 'on' });
    // one WAL flush per committed insert, at least
    expect(after.fsyncs - before.fsyncs).toBeGreaterThanOrEqual(5);
  } finally {
    await embedded.stop();
  }
});

test('the embedded database is vacuumed and analysed: the space updates leave behind is used again, and the planner has statistics', async () => {
  // PGlite is one standalone backend: no autovacuum runs there unless the hub does its work
  const database = await openDatabase({ subgraph: 'maintenance', entities: [], migrations: [], dataDir: join(root, 'maintenance') });
  try {
    const sql = async (text: string) => database.orm.em.getConnection().execute(text);
    await sql('CREATE TABLE probe (id int PRIMARY KEY, v int NOT NULL)');
    await sql('INSERT INTO probe SELECT g, 0 FROM generate_series(1, 2000) g');
    const size = async () => Number((await sql(`SELECT pg_relation_size('probe') AS bytes`))[0].bytes);
    const churn = async () => {
      for (let i = 0; i < 10; i++) await sql('UPDATE probe SET v = v + 1');
    };
    await churn();
    const grown = await size();
    const counted = database.statements;
    await database.maintain();
    // and the N+1 tests' statement count does not see it
    expect(database.statements).toBe(counted);
    await churn();
    // without the vacuum the second round of updates doubles the table
    expect(await size()).toBeLessThanOrEqual(grown);
    expect(await sql(`SELECT count(*)::int AS columns FROM pg_stats WHERE tablename = 'probe'`)).toEqual([{ columns: 2 }]);
  } finally {
    await database.close();
  }
});

test('a second start on the same data directory refuses with one line naming the directory and the running process', async () => {
  hub = await startChildHub(dataDir);
  // a first start says which databases it created and filled, even though it restarted the engine since
  expect(hub.output().match(/\(new database, sample data loaded\)/g)).toHaveLength(4);
  const owner = lockRecord();
  expect(owner.pid).toBe(hub.pid);
  expect(owner.command).toBe('node dist/bin/start.js');

  const second = run('start', [], { HUB_DATA_DIR: dataDir, HUB_GATEWAY_PORT: '1' });
  expect(await second.exited).toBe(1);
  expect(second.errors()).toBe(inUse(dataDir, owner) + '\n');

  // a subgraph started alone on a folder inside it refuses too
  const alone = run('start-subgraph', ['cities'], { HUB_DATA_DIR: dataDir, CITIES_PORT: '1' });
  expect(await alone.exited).toBe(1);
  expect(alone.errors()).toBe(inUse(dataDir, owner) + '\n');

  // and the running hub still owns it
  expect(lockRecord().pid).toBe(hub.pid);
});

test('kill -9 during a stream of writes: the stale lock is taken over and every acknowledged write is there', async () => {
  const stream = streamWrites(hub!.url, await adminToken(), 'killnine');
  while (stream.acknowledged.length < 40) await sleep(20);
  hub!.process.kill('SIGKILL');
  expect(await hub!.exited).toBe('SIGKILL');
  await stream.stop();
  expect(existsSync(lockPath)).toBe(true); // left behind by the dead process

  hub = await startChildHub(dataDir);
  expect(lockRecord().pid).toBe(hub.pid);
  expect(hub.output()).not.toContain('new database');
  const found = await organisationSlugs(hub.url, 'killnine-');
  const lost = stream.acknowledged.filter((slug) => !found.has(slug));
  console.log(
    `kill -9: ${stream.sent()} writes sent, ${stream.acknowledged.length} acknowledged, ${stream.acknowledged.length - lost.length} of them found after restart`,
  );
  expect(lost).toEqual([]);
});

test('SIGTERM during a stream of writes: requests in flight finish, the process exits 0, and exactly the acknowledged writes are there', async () => {
  const stream = streamWrites(hub!.url, await adminToken(), 'sigterm');
  while (stream.acknowledged.length < 40) await sleep(20);
  hub!.process.kill('SIGTERM');
  expect(await hub!.exited).toBe(0);
  await stream.stop();
  expect(existsSync(lockPath)).toBe(false);
  expect(existsSync(join(dataDir, 'hub.sock'))).toBe(false);

  hub = await startChildHub(dataDir);
  const found = await organisationSlugs(hub.url, 'sigterm-');
  console.log(`SIGTERM: ${stream.sent()} writes sent, ${stream.acknowledged.length} acknowledged, ${found.size} found after restart`);
  // nothing acknowledged is lost, and nothing was written without being acknowledged
  expect([...found].sort()).toEqual([...stream.acknowledged].sort());
});

const QUERIES = [
  '{ cities(first: 100) { totalCount nodes { id slug name countryCode } } }',
  '{ organisations(first: 100, search: "killnine") { totalCount nodes { id slug name } } }',
  '{ network(slug: "solidarity-cities") { name pillars { position title { text(locale: "nb") } } memberships { role member { ... on City { name } ... on Organisation { name } } } } }',
  '{ settlementYears(year: 2020, first: 20) { totalCount nodes { city { name } extraCapacity source } } }',
  '{ fundingActivities(first: 20) { totalCount nodes { identifier title { text } funders { name } cities { name } totalBudget { amount currency } } } fundingAggregates { activityCount totals { currency committed disbursed spent } } }',
  '{ meetings(first: 20) { totalCount nodes { edition startDate title { text(locale: "tr") } agenda { number title { text } children { number } } outcomes { kind followUpStatus } } } }',
  '{ city(slug: "goteborg") { name memberships { network { name } } settlementYears { year decided } meetingsAttended { title { text } } fundingActivities { identifier } reviewsHosted { status recommendations { response } } } }',
  '{ peerReviews(first: 20) { totalCount nodes { id status visitStart } } }',
];

async function answers(url: string) {
  const results = [];
  for (const query of QUERIES) {
    const result = await postGraphQL(url, query);
    expect(result.errors).toBeUndefined();
    results.push(result.data);
  }
  return results;
}

function hubOn(target: { dataDir?: string; databaseUrl?: string }): Promise<Hub> {
  return startHub({
    dataDir: target.dataDir ?? ':memory:',
    databaseUrl: target.databaseUrl,
    seed: 'never',
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: { cities: 0, meetings: 0, funding: 0, 'peer-reviews': 0 },
    jwtSecret: TEST_JWT_SECRET,
    internalSecret: TEST_INTERNAL_SECRET,
    devMode: false,
    supergraphSdl: readSupergraph(SUPERGRAPH_PATH),
  });
}

test('npm run backup dumps the running hub; npm run restore loads the dump into a new data directory, with the same answers', async () => {
  const backupDir = join(root, 'backup');
  const backup = run('backup', ['--out', backupDir], { HUB_DATA_DIR: dataDir });
  expect(await backup.exited).toBe(0);
  expect(backup.output()).toContain(`Asking the running hub (process ${hub!.pid}) for a consistent dump`);
  expect(JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8')).subgraphs).toEqual([
    'cities',
    'funding',
    'meetings',
    'peer-reviews',
  ]);
  const original = await answers(hub!.url); // the hub still answers after the dump
  // and still writes: the dump left no read-only transaction behind in the embedded session
  const written = await postGraphQL<any>(
    hub!.url,
    'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { slug } }',
    { i: { slug: 'after-backup', name: 'Written after a backup', kind: 'NGO', countryCode: 'NO' } },
    { token: await adminToken() },
  );
  expect(written).toEqual({ status: 200, data: { createOrganisation: { slug: 'after-backup' } } });
  expect((original[1] as any).organisations.totalCount).toBeGreaterThanOrEqual(40);

  const restoredDir = join(root, 'restored');
  const restore = run('restore', [backupDir], { HUB_DATA_DIR: restoredDir });
  expect(await restore.exited).toBe(0);
  const again = run('restore', [backupDir], { HUB_DATA_DIR: restoredDir });
  expect(await again.exited).toBe(1);
  expect(again.errors()).toBe(
    `Restore failed: ${join(restoredDir, 'hub')} already holds a database; move it away (or restore into an empty HUB_DATA_DIR).\n`,
  );

  const restored = await hubOn({ dataDir: restoredDir });
  try {
    expect(await answers(restored.url)).toEqual(original);
  } finally {
    await restored.close();
  }
});

test("a data directory of an older hub, one engine per subgraph, moves into the hub's one engine with the same answers", async () => {
  // the older layout: each subgraph in an engine of its own, in <data directory>/<subgraph>
  const oldDir = join(root, 'older-layout');
  for (const [subgraph, sql] of Object.entries(readBackup(join(root, 'backup')))) {
    const own = await startEmbeddedPostgres(join(oldDir, subgraph));
    await withEngineClient(own, (client) => restoreInto(client, subgraph, sql)).finally(() => own.stop());
  }
  const original = await answers(hub!.url);
  const moved = await hubOn({ dataDir: oldDir });
  try {
    expect(await answers(moved.url)).toEqual(original);
  } finally {
    await moved.close();
  }
  expect(readdirSync(oldDir).sort()).toEqual(['before-one-engine', 'hub']);
  expect(existsSync(join(oldDir, 'hub', 'PG_VERSION'))).toBe(true);
  expect(readdirSync(join(oldDir, 'before-one-engine')).sort()).toEqual(['cities', 'funding', 'meetings', 'peer-reviews']);
});

const serverUrl = process.env.DATABASE_URL;
(serverUrl ? test : test.skip)(
  'npm run restore moves the backup into the PostgreSQL server of DATABASE_URL, with the same answers',
  async () => {
    const backupDir = join(root, 'backup');
    const scratch = await createScratchDatabase(serverUrl!);
    try {
      const restore = run('restore', [backupDir], { DATABASE_URL: scratch.url });
      expect(await restore.exited).toBe(0);
      expect(restore.output()).toContain('Restored cities, funding, meetings, peer-reviews into the PostgreSQL server.');
      const again = run('restore', [backupDir, '--subgraph', 'meetings'], { DATABASE_URL: scratch.url });
      expect(await again.exited).toBe(1);
      expect(again.errors()).toContain(
        'Restore failed: The meetings schema "meetings" already has tables in the target database; restore into an empty database.',
      );

      const original = await answers(hub!.url);
      const moved = await hubOn({ databaseUrl: scratch.url });
      try {
        expect(await answers(moved.url)).toEqual(original);
      } finally {
        await moved.close();
      }
    } finally {
      await scratch.drop();
    }
  },
);

test('after SIGTERM the data directory is free again', async () => {
  hub!.process.kill('SIGTERM');
  expect(await hub!.exited).toBe(0);
  expect(existsSync(lockPath)).toBe(false);
  hub = null;
});
