import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildHub } from '../test/child-hub';
import { fmt, rssKb, scratchDatabase } from './util';

/**
 * `npm run bench:memory`: the RSS of the whole `npm start` federation (one process: gateway, four
 * subgraphs and, embedded, their databases), figures, not assertions. It starts `node
 * dist/bin/start.js` on a new embedded data directory and reads the process's RSS once it is ready,
 * after a few hundred requests, and after a minute without requests (V8 gives memory back only once
 * it is idle); then it stops it (SIGTERM) and does the same for a restart on that directory. With
 * DATABASE_URL the same hub on that server is measured too (in a scratch database it drops at the
 * end), for comparison. Issue 12's targets, embedded: 0.6 GB on the first start, 0.4 GB in steady
 * state.
 */
const REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 300);
const IDLE_SECONDS = Number(process.env.BENCH_MEMORY_IDLE_SECONDS ?? 60);
const QUERIES = [
  '{ cities(first: 20) { nodes { name fundingActivities { identifier } meetingsAttended { title { text } } reviewsHosted { status } } } }',
  '{ fundingActivities(first: 20) { nodes { identifier title { text } cities { name } totalBudget { amount currency } } } fundingAggregates { activityCount } }',
  '{ meetings(first: 20) { nodes { title { text } agenda { number title { text } } outcomes { kind } } } }',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const gb = (kb: number) => fmt(kb / 1e6, 2);

interface Figures {
  ready: number;
  loaded: number;
  idle: number;
  seconds: number;
}

/** One `npm start` (test/child-hub.ts) on `dataDir`: RSS (kB) when ready, after REQUESTS requests, and IDLE_SECONDS later; then SIGTERM. */
async function measure(dataDir: string, env: Record<string, string> = {}): Promise<Figures> {
  const started = Date.now();
  const hub = await startChildHub(dataDir, { HUB_LOG_LEVEL: 'warn', ...env });
  try {
    const seconds = (Date.now() - started) / 1000;
    const ready = rssKb(hub.pid);
    for (let i = 0; i < REQUESTS; i++) {
      const response = await fetch(hub.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERIES[i % QUERIES.length] }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(`A request failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    }
    const loaded = rssKb(hub.pid);
    await sleep(IDLE_SECONDS * 1000);
    return { ready, loaded, idle: rssKb(hub.pid), seconds };
  } finally {
    hub.process.kill('SIGTERM');
    await hub.exited;
  }
}

async function main() {
  const rows: [string, Figures][] = [];
  // a folder of its own for each run's data directory (on a server it holds the lock), removed at the end
  const root = mkdtempSync(join(tmpdir(), 'hub-bench-memory-'));
  try {
    rows.push(['embedded, first start', await measure(join(root, 'embedded'))]);
    rows.push(['embedded, restart', await measure(join(root, 'embedded'))]);
    if (process.env.DATABASE_URL) {
      const scratch = await scratchDatabase(process.env.DATABASE_URL, 'hub_bench_memory');
      try {
        rows.push(['PostgreSQL server, first start', await measure(join(root, 'server'), { DATABASE_URL: scratch.url })]);
        rows.push(['PostgreSQL server, restart', await measure(join(root, 'server'), { DATABASE_URL: scratch.url })]);
      } finally {
        await scratch.drop();
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(`\nnpm start, RSS of the process in GB (${REQUESTS} requests between "ready" and "loaded", then ${IDLE_SECONDS} s idle)`);
  console.log(`${'run'.padEnd(32)} ${'start s'.padStart(8)} ${'ready'.padStart(7)} ${'loaded'.padStart(7)} ${'idle'.padStart(8)}`);
  for (const [name, f] of rows) {
    console.log(
      `${name.padEnd(32)} ${fmt(f.seconds).padStart(8)} ${gb(f.ready).padStart(7)} ${gb(f.loaded).padStart(7)} ${gb(f.idle).padStart(8)}`,
    );
  }
  console.log('issue 12 targets, embedded: at most 0.60 GB on the first start, 0.40 GB in steady state');
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
