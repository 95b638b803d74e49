import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fmt, scratchDatabase } from './util';

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
const ROOT = join(__dirname, '..', '..');
const REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 300);
const IDLE_SECONDS = Number(process.env.BENCH_MEMORY_IDLE_SECONDS ?? 60);
const QUERIES = [
  '{ cities(first: 20) { nodes { name fundingActivities { identifier } meetingsAttended { title { text } } reviewsHosted { status } } } }',
  '{ fundingActivities(first: 20) { nodes { identifier title { text } cities { name } totalBudget { amount currency } } } fundingAggregates { activityCount } }',
  '{ meetings(first: 20) { nodes { title { text } agenda { number title { text } } outcomes { kind } } } }',
];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const gb = (kb: number) => fmt(kb / 1e6, 2);

function rssKb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? NaN);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Figures {
  ready: number;
  loaded: number;
  idle: number;
  seconds: number;
}

/** One `npm start`: RSS (kB) when ready, after REQUESTS requests, and IDLE_SECONDS later; then SIGTERM. */
async function measure(env: Record<string, string | undefined>): Promise<Figures> {
  const ports = { HUB_GATEWAY_PORT: await freePort() };
  for (const name of ['CITIES_PORT', 'MEETINGS_PORT', 'FUNDING_PORT', 'PEER_REVIEWS_PORT'])
    Object.assign(ports, { [name]: await freePort() });
  const started = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'bin', 'start.js')], {
    cwd: ROOT,
    env: { ...process.env, ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])), HUB_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    while (!output.includes('Intercity Hub is ready')) {
      if (child.exitCode !== null) throw new Error(`npm start did not start:\n${output}`);
      await sleep(100);
    }
    const seconds = (Date.now() - started) / 1000;
    const ready = rssKb(child.pid!);
    const url = `http://127.0.0.1:${ports.HUB_GATEWAY_PORT}/graphql`;
    for (let i = 0; i < REQUESTS; i++) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERIES[i % QUERIES.length] }),
      });
      const body = (await response.json()) as { errors?: unknown };
      if (body.errors) throw new Error(`A request failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    }
    const loaded = rssKb(child.pid!);
    await sleep(IDLE_SECONDS * 1000);
    return { ready, loaded, idle: rssKb(child.pid!), seconds };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function main() {
  const secrets = { HUB_JWT_SECRET: randomBytes(32).toString('hex'), HUB_INTERNAL_SECRET: randomBytes(32).toString('hex') };
  const rows: [string, Figures][] = [];
  // a folder of its own for each run's data directory (on a server it holds the lock), removed at the end
  const root = mkdtempSync(join(tmpdir(), 'hub-bench-memory-'));
  try {
    const embedded = { ...secrets, HUB_DATA_DIR: join(root, 'embedded'), DATABASE_URL: undefined };
    rows.push(['embedded, first start', await measure(embedded)]);
    rows.push(['embedded, restart', await measure(embedded)]);
    if (process.env.DATABASE_URL) {
      const scratch = await scratchDatabase(process.env.DATABASE_URL, 'hub_bench_memory');
      try {
        const server = { ...secrets, HUB_DATA_DIR: join(root, 'server'), DATABASE_URL: scratch.url };
        rows.push(['PostgreSQL server, first start', await measure(server)]);
        rows.push(['PostgreSQL server, restart', await measure(server)]);
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
