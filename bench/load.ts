import { spawn } from 'node:child_process';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { PROJECT_ROOT } from '../shared/paths';
import { freePort } from '../test/subgraph-process';

/**
 * `npm run bench:load`: a load run at saturation against the one-process hub (`npm start`, started
 * here as its own process on the embedded databases in memory, or on DATABASE_URL), with a mix of
 * queries that touch one, two and four subgraphs. Prints requests, failures (non-2xx answers,
 * answers with GraphQL errors, connection errors and timeouts) and latency percentiles.
 * BENCH_LOAD_SECONDS (60) and BENCH_LOAD_CONNECTIONS (10: each embedded database has one connection, so a few clients already saturate the hub) tune it.
 */
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 10);

const QUERIES: [string, string][] = [
  ['1 subgraph: cities page', `{ cities(first: 20) { totalCount nodes { name population memberships { network { name } } } } }`],
  ['1 subgraph: settlement years', `{ settlementYears(year: 2020, first: 20) { totalCount nodes { extraCapacity source } } }`],
  ['2 subgraphs: meetings and venue cities', `{ meetings(first: 10) { nodes { edition title { text } venueCity { name countryCode } } } }`],
  [
    '2 subgraphs: activities and cities',
    `{ fundingActivities(first: 10) { nodes { identifier totalBudget { amount currency } cities { name } } } }`,
  ],
  [
    '4 subgraphs: a city across the federation',
    `{ city(slug: "goteborg") { name memberships { network { name } } settlementYears { year decided } meetingsAttended { title { text } } declarationsSigned { title { text } } fundingActivities { identifier } reviewsHosted { status recommendations { text { text } } } } }`,
  ],
];

function percentile(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function waitReady(base: string, child: ReturnType<typeof spawn>) {
  for (let i = 0; i < 2400; i++) {
    if (child.exitCode !== null) throw new Error(`the hub exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${base}/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the hub did not become ready');
}

async function main() {
  const ports = {
    HUB_GATEWAY_PORT: await freePort(),
    CITIES_PORT: await freePort(),
    MEETINGS_PORT: await freePort(),
    FUNDING_PORT: await freePort(),
    PEER_REVIEWS_PORT: await freePort(),
  };
  const hub = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'bin', 'start.js')], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      HUB_DATA_DIR: ':memory:',
      HUB_HOST: '127.0.0.1',
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${ports.HUB_GATEWAY_PORT}`;
  try {
    await waitReady(base, hub);
    console.log(
      `hub ready (${process.env.DATABASE_URL ? 'PostgreSQL server' : 'embedded PGlite'}); ${SECONDS} s at ${CONNECTIONS} connections, ${QUERIES.length} queries in turn`,
    );
    const graphqlErrors = new Map<string, number>();
    const samples: string[] = [];
    const latencies: number[] = [];
    let finish: (error: Error | null, result: autocannon.Result) => void = () => undefined;
    const done = new Promise<autocannon.Result>((resolve, reject) => {
      finish = (error, result) => (error ? reject(error) : resolve(result));
    });
    const instance = autocannon(
      {
        url: `${base}/graphql`,
        connections: CONNECTIONS,
        duration: SECONDS,
        timeout: 30,
        requests: QUERIES.map(([name, query]) => ({
          method: 'POST' as const,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
          onResponse: (_status: number, body: string) => {
            if (body.includes('"errors"')) {
              graphqlErrors.set(name, (graphqlErrors.get(name) ?? 0) + 1);
              if (samples.length < 5) samples.push(`${name}: ${body.slice(0, 300)}`);
            }
          },
        })),
      },
      (error, result) => finish(error, result),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
    const result = await done;
    latencies.sort((a, b) => a - b);
    const withErrors = [...graphqlErrors.values()].reduce((a, b) => a + b, 0);
    const failed = result.non2xx + withErrors + result.errors + result.timeouts;
    const total = result.requests.total + result.errors + result.timeouts;
    console.log(`requests      ${total} (${result.requests.average.toFixed(0)} per second)`);
    console.log(
      `failed        ${failed}  (non-2xx ${result.non2xx}, GraphQL errors ${withErrors}, connection errors ${result.errors}, timeouts ${result.timeouts})`,
    );
    for (const [name, count] of graphqlErrors) console.log(`  ${count} × errors in "${name}"`);
    for (const sample of samples) console.log(`  e.g. ${sample}`);
    console.log(
      `latency (ms)  p50 ${percentile(latencies, 50).toFixed(1)}  p95 ${percentile(latencies, 95).toFixed(1)}  p99 ${percentile(latencies, 99).toFixed(1)}  max ${latencies.at(-1)?.toFixed(1)}`,
    );
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    hub.kill('SIGTERM');
    await new Promise((resolve) => (hub.exitCode !== null ? resolve(null) : hub.once('exit', resolve)));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
