import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { SUPERGRAPH_PATH } from '../shared/paths';
import { writeChart } from './chart';
import { cpuMs, fmt, percentile, scratchDatabase } from './util';

/**
 * `npm run bench`: the project's gateway side by side with the gateways people would pick instead,
 * in one run, on the same data, under the same load:
 *   hub     this project's gateway (gateway/index.ts), signing every subgraph request
 *   apollo  a stock @apollo/gateway + @apollo/server with their defaults
 *   hive    Hive Gateway (@graphql-hive/gateway) with its defaults
 *   direct  the subgraph called directly (the one-subgraph operation only)
 *   raw     a hand-written node:http + SQL endpoint returning the same JSON
 * Each runs in its own process; every (operation, contender) pair is loaded with autocannon for
 * BENCH_DURATION seconds per round, the contenders interleaved, for BENCH_ROUNDS rounds. CPU time
 * of every process comes from /proc/<pid>/stat (threads included: the embedded database's worker
 * counts in the subgraphs' process); on a server the Postgres backends of the scratch database
 * are counted too.
 */

export const OPERATIONS = {
  one: { label: 'one subgraph', query: '{ cities(first: 20) { nodes { id name population settlementYears { year decided } } } }' },
  two: { label: 'two subgraphs', query: '{ fundingActivities(first: 20) { nodes { identifier cities { name } } } }' },
  four: {
    label: 'four subgraphs',
    query: '{ cities(first: 5) { nodes { name meetingsAttended { id } fundingActivities { identifier } reviewsHosted { id } } } }',
  },
} as const;
type Shape = keyof typeof OPERATIONS;
const SHAPES = Object.keys(OPERATIONS) as Shape[];
const CONTENDERS = ['hub', 'apollo', 'hive', 'direct', 'raw'] as const;
type Contender = (typeof CONTENDERS)[number];
const PEERS: Contender[] = ['apollo', 'hive', 'direct', 'raw'];

const num = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

interface Child {
  name: string;
  process: ChildProcess;
  ready: any;
}

function startChild(role: string, env: Record<string, string>): Promise<Child> {
  const child = fork(join(__dirname, 'child.js'), [role], {
    env: { ...process.env, ...env, NODE_ENV: 'development' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench: the ${role} process stopped (exit code ${code}) before it was ready`));
    child.once('exit', onExit);
    child.on('message', function onReady(message: any) {
      if (message?.type !== 'ready') return;
      child.off('message', onReady);
      child.off('exit', onExit);
      resolve({ name: role, process: child, ready: message });
    });
  });
}

function ask(child: Child, type: string): Promise<any> {
  return new Promise((resolve) => {
    const onMessage = (message: any) => {
      if (message?.type !== type) return;
      child.process.off('message', onMessage);
      resolve(message);
    };
    child.process.on('message', onMessage);
    child.process.send({ type });
  });
}

async function stopChild(child: Child) {
  if (child.process.exitCode !== null || !child.process.connected) return;
  const exited = new Promise<void>((resolve) => child.process.once('exit', () => resolve()));
  child.process.send({ type: 'stop' });
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** The supergraph with each subgraph's URL replaced by where this run serves it. */
function supergraphFor(urls: Record<string, string>) {
  return readFileSync(SUPERGRAPH_PATH, 'utf8').replace(
    /@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g,
    (_m, name: string) => `@join__graph(name: "${name}", url: "${urls[name]}")`,
  );
}

async function post(url: string, body: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: (await response.json()) as any };
}

interface Cell {
  shape: Shape;
  contender: Contender;
  requests: number;
  seconds: number;
  errors: number;
  latencies: number[];
  cpu: Record<string, number>;
  statements: number;
}

export async function runSideBySide() {
  const duration = num('BENCH_DURATION', 3);
  const rounds = num('BENCH_ROUNDS', 2);
  const connections = num('BENCH_CONNECTIONS', 10);
  const serverUrl = process.env.DATABASE_URL;
  const scratch = serverUrl ? await scratchDatabase(serverUrl, 'hub_bench') : null;
  const children: Child[] = [];
  let admin: Client | null = null;
  const cleanup = async () => {
    for (const child of children.reverse()) await stopChild(child).catch(() => undefined);
    await admin?.end().catch(() => undefined);
    await scratch?.drop();
  };
  const interrupted = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    console.log(`database: ${scratch ? `PostgreSQL server, scratch database ${scratch.name}` : 'embedded PGlite (in memory)'}`);
    console.log('generating the synthetic data set (subgraphs/*/synthetic.ts) ...');
    const subgraphs = await startChild('subgraphs', { BENCH_DATABASE_URL: scratch?.url ?? '' });
    children.push(subgraphs);
    const generated = subgraphs.ready.generated;
    console.log(
      `generated ${generated.cities} cities, ${generated.meetings} meetings, ${generated.activities} funding activities in ${fmt(generated.seconds)} s`,
    );
    console.log(
      'the subgraphs run in development mode (HUB_DEV_MODE), so that the peers may call them unsigned; the hub gateway signs its calls as in production',
    );
    const supergraph = supergraphFor(subgraphs.ready.urls);
    const common = { BENCH_SUPERGRAPH: supergraph, BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphs.ready.urls) };
    const gateways: Record<string, Child> = {};
    for (const role of ['hub', 'apollo', 'hive']) {
      gateways[role] = await startChild(role, common);
      if (process.env.BENCH_VERBOSE) console.log(`started ${role}`);
      children.push(gateways[role]);
    }
    console.log('gateways started: hub, apollo, hive');
    let raw: Child | null = null;
    if (scratch) {
      raw = await startChild('raw', { BENCH_DATABASE_URL: scratch.url });
      children.push(raw);
      admin = new Client({ connectionString: scratch.url });
      await admin.connect();
    }
    const urls: Record<Contender, string> = {
      hub: gateways.hub.ready.url,
      apollo: gateways.apollo.ready.url,
      hive: gateways.hive.ready.url,
      direct: subgraphs.ready.urls.cities,
      raw: raw ? raw.ready.url : subgraphs.ready.rawUrl,
    };
    const processes: Record<string, () => number> = {
      subgraphs: () => cpuMs(subgraphs.process.pid!),
      'hub gateway': () => cpuMs(gateways.hub.process.pid!),
      'apollo gateway': () => cpuMs(gateways.apollo.process.pid!),
      'hive gateway': () => cpuMs(gateways.hive.process.pid!),
      ...(raw ? { 'raw endpoint': () => cpuMs(raw!.process.pid!) } : {}),
      'load generator': () => {
        const usage = process.cpuUsage();
        return (usage.user + usage.system) / 1000;
      },
    };
    const backendPids = async () =>
      admin
        ? (await admin.query('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows.map(
            (r) => r.pid as number,
          )
        : [];
    const sample = async () => {
      const cpu: Record<string, number> = Object.fromEntries(Object.entries(processes).map(([name, read]) => [name, read()]));
      const backends = new Map((await backendPids()).map((pid) => [pid, cpuMs(pid)]));
      const statements =
        (await ask(subgraphs, 'stats')).statements +
        (raw ? (await ask(raw, 'stats')).statements : (await ask(subgraphs, 'raw-stats')).statements);
      return { cpu, backends, statements };
    };
    const applicable = (shape: Shape, contender: Contender) => contender !== 'direct' || shape === 'one';
    const body = (shape: Shape) => JSON.stringify({ query: OPERATIONS[shape].query });
    const rawBody = (shape: Shape) => JSON.stringify({ operationName: shape, query: OPERATIONS[shape].query });

    // the same answer everywhere, or the comparison means nothing
    const sameData: Record<string, boolean> = {};
    for (const shape of SHAPES) {
      const reference = await post(urls.hub, body(shape));
      if (reference.status !== 200 || reference.body.errors)
        throw new Error(`hub, ${shape}: ${JSON.stringify(reference.body).slice(0, 500)}`);
      for (const contender of PEERS.filter((c) => applicable(shape, c))) {
        const answer = await post(urls[contender], contender === 'raw' ? rawBody(shape) : body(shape));
        const same = answer.status === 200 && JSON.stringify(answer.body.data) === JSON.stringify(reference.body.data);
        sameData[`${shape}/${contender}`] = same;
        if (!same)
          console.log(
            `WARNING: ${contender} answers the ${shape}-subgraph operation differently from the hub: ${JSON.stringify(answer.body).slice(0, 300)}`,
          );
      }
    }

    console.log(
      `same answers checked (${Object.values(sameData).filter(Boolean).length} of ${Object.keys(sameData).length} peers agree with the hub)`,
    );
    // warm up every pair (JIT, plan caches, connection pools) before anything is measured
    for (const shape of SHAPES) {
      for (const contender of CONTENDERS.filter((c) => applicable(shape, c))) {
        for (let i = 0; i < num('BENCH_WARMUP', 10); i++) await post(urls[contender], contender === 'raw' ? rawBody(shape) : body(shape));
      }
    }
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

    const cells = new Map<string, Cell>();
    const pairs = SHAPES.flatMap((shape) => CONTENDERS.filter((c) => applicable(shape, c)).map((contender) => ({ shape, contender })));
    console.log(
      `load: autocannon, ${connections} connections, ${duration} s per operation and contender, ${rounds} interleaved rounds (${pairs.length} pairs)`,
    );
    for (let round = 0; round < rounds; round++) {
      // interleaved: every round visits every pair, starting one further along each time
      const order = pairs.map((_, i) => pairs[(i + round * 3) % pairs.length]);
      for (const { shape, contender } of order) {
        const key = `${shape}/${contender}`;
        const cell = cells.get(key) ?? { shape, contender, requests: 0, seconds: 0, errors: 0, latencies: [], cpu: {}, statements: 0 };
        cells.set(key, cell);
        const before = await sample();
        const result = await new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url: urls[contender],
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: contender === 'raw' ? rawBody(shape) : body(shape),
              connections,
              duration,
            },
            (error, outcome) => (error ? reject(error) : resolve(outcome)),
          );
          instance.on('response', (_client, _status, _bytes, responseTime) => cell.latencies.push(responseTime));
        });
        await settle(); // let the answers still in flight finish, so their CPU counts here
        const after = await sample();
        cell.requests += result.requests.total;
        cell.seconds += result.duration;
        cell.errors += result.errors + result.timeouts + result.non2xx;
        for (const name of Object.keys(processes)) cell.cpu[name] = (cell.cpu[name] ?? 0) + (after.cpu[name] - before.cpu[name]);
        if (admin) {
          let postgres = 0;
          for (const [pid, value] of after.backends) postgres += value - (before.backends.get(pid) ?? 0);
          cell.cpu.postgres = (cell.cpu.postgres ?? 0) + postgres;
        }
        cell.statements += after.statements - before.statements;
        process.stdout.write(
          `  round ${round + 1}: ${key.padEnd(12)} ${fmt(result.requests.total / result.duration, 0).padStart(6)} req/s\n`,
        );
      }
    }

    const results = [...cells.values()].map((cell) => ({
      shape: cell.shape,
      operation: OPERATIONS[cell.shape].query,
      contender: cell.contender,
      requests: cell.requests,
      errors: cell.errors,
      throughput: cell.requests / cell.seconds,
      p50: percentile(cell.latencies, 50),
      p95: percentile(cell.latencies, 95),
      p99: percentile(cell.latencies, 99),
      cpuMsPerRequest: Object.fromEntries(Object.entries(cell.cpu).map(([name, ms]) => [name, ms / Math.max(1, cell.requests)])),
      sqlPerRequest: cell.statements / Math.max(1, cell.requests),
      sameDataAsHub: cell.contender === 'hub' ? true : sameData[`${cell.shape}/${cell.contender}`],
    }));
    const ratios = SHAPES.flatMap((shape) => {
      const hub = results.find((r) => r.shape === shape && r.contender === 'hub')!;
      return PEERS.filter((c) => applicable(shape, c)).map((peer) => {
        const other = results.find((r) => r.shape === shape && r.contender === peer)!;
        return { shape, peer, throughput: hub.throughput / other.throughput, p95: hub.p95 / other.p95 };
      });
    });

    console.log('');
    console.log(
      `${'operation'.padEnd(15)} ${'contender'.padEnd(8)} ${'req/s'.padStart(7)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} ${'SQL/req'.padStart(7)} ${'err'.padStart(4)}  CPU ms per request (by process)`,
    );
    for (const r of results.sort(
      (a, b) => SHAPES.indexOf(a.shape) - SHAPES.indexOf(b.shape) || CONTENDERS.indexOf(a.contender) - CONTENDERS.indexOf(b.contender),
    )) {
      const cpu = Object.entries(r.cpuMsPerRequest)
        .filter(([, ms]) => ms >= 0.05)
        .map(([name, ms]) => `${name} ${fmt(ms, 2)}`)
        .join(', ');
      const total = Object.values(r.cpuMsPerRequest).reduce((a, b) => a + b, 0);
      console.log(
        `${OPERATIONS[r.shape].label.padEnd(15)} ${r.contender.padEnd(8)} ${fmt(r.throughput, 0).padStart(7)} ${fmt(r.p50).padStart(6)} ${fmt(r.p95).padStart(6)} ${fmt(r.p99).padStart(6)} ${fmt(r.sqlPerRequest).padStart(7)} ${String(r.errors).padStart(4)}  total ${fmt(total, 2)}: ${cpu}${r.sameDataAsHub ? '' : '  (NOT the same data as the hub)'}`,
      );
    }
    console.log('latencies in ms; CPU of every process this run started, divided by the requests of that contender and operation');
    console.log('');
    console.log('hub gateway / peer (throughput ratio > 1: the hub is faster; p95 ratio < 1: the hub is faster)');
    for (const ratio of ratios) {
      console.log(
        `  ${OPERATIONS[ratio.shape].label.padEnd(15)} vs ${ratio.peer.padEnd(7)} throughput ${fmt(ratio.throughput, 2)}x   p95 ${fmt(ratio.p95, 2)}x`,
      );
    }

    const directory = join(__dirname, '..', '..', 'bench', 'results');
    mkdirSync(directory, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const database = scratch ? 'server' : 'embedded';
    const report = {
      kind: 'side-by-side',
      date: new Date().toISOString(),
      database,
      node: process.version,
      data: generated,
      load: { tool: 'autocannon', connections, durationSeconds: duration, rounds },
      notes: [
        'subgraphs in development mode (HUB_DEV_MODE) so the peers may call them unsigned; the hub gateway signs its calls',
        'anonymous caller (published data only)',
      ],
      results,
      ratios,
    };
    const base = join(directory, `side-by-side-${database}-${stamp}`);
    writeFileSync(`${base}.json`, JSON.stringify(report, null, 2));
    writeChart(
      `${base}.svg`,
      `Intercity Hub side by side (${database} database, ${connections} connections)`,
      SHAPES.map((shape) => ({
        group: OPERATIONS[shape].label,
        bars: results
          .filter((r) => r.shape === shape)
          .map((r) => ({ label: r.contender, value: r.throughput, note: `p95 ${fmt(r.p95)} ms` })),
      })),
      'requests per second',
    );
    console.log(`\nwritten: ${base}.json and ${base}.svg`);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await cleanup();
  }
}
