import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { startHub } from '../gateway/hub';
import { mintToken } from '../shared/identity';
import { cities } from '../subgraphs/cities';
import { generateCities } from '../subgraphs/cities/synthetic';
import { composeSupergraph, postGraphQL } from '../test/helpers';

/**
 * `npm run bench`: figures, not assertions. Generates a synthetic data set (BENCH_CITIES, default
 * 5000 cities with memberships and five ledger years each), then times pages through the gateway
 * over HTTP and prints latency percentiles, SQL statements per request and memory.
 */
const CITIES = Number(process.env.BENCH_CITIES ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 200);
const SECRET = 'bench-secret-bench-secret-bench-secret-bench';

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const hub = await startHub({
    subgraphs: [cities],
    dataDir: ':memory:',
    databaseUrl: process.env.DATABASE_URL,
    seed: 'never',
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: { cities: 0 },
    jwtSecret: SECRET,
    internalSecret: SECRET,
    devMode: false,
    supergraphSdl: await composeSupergraph([cities]),
  });
  const db = hub.subgraphs.cities.database;
  const started = performance.now();
  await generateCities(db.fork(), { cities: CITIES, networks: 40, seed: 42 });
  console.log(`database: ${db.embedded ? 'embedded PGlite' : 'PostgreSQL server'}; generated ${CITIES} cities in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const scenarios: [string, string, Record<string, unknown>][] = [
    ['page of 50 cities + memberships + networks + ledger', `query($after: String) { cities(first: 50, after: $after) { pageInfo { endCursor } nodes { name memberships { network { name } } settlementYears { year decided } } } }`, {}],
    ['page of 100 cities, country filter, totalCount', `query { cities(first: 100, country: "NO") { totalCount nodes { name population } } }`, {}],
    ['name search', `query { cities(search: "city 0004", first: 20) { nodes { name } } }`, {}],
    ['ledger of one year, 100 rows', `query { settlementYears(year: 2022, first: 100) { nodes { decided city { name } } } }`, {}],
  ];
  const token = await mintToken(SECRET, { subject: 'bench', roles: ['admin'] });
  for (const [name, query, variables] of scenarios) {
    for (let i = 0; i < 10; i++) await postGraphQL(hub.url, query, variables, { token });
    const timings: number[] = [];
    const before = db.statements;
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const result = await postGraphQL(hub.url, query, variables, { token });
      timings.push(performance.now() - t0);
      if (result.errors) throw new Error(JSON.stringify(result.errors));
    }
    const perRequest = (db.statements - before) / ROUNDS;
    console.log(
      `${name.padEnd(55)} p50 ${percentile(timings, 50).toFixed(1)} ms  p95 ${percentile(timings, 95).toFixed(1)} ms  ${perRequest.toFixed(1)} SQL/request`,
    );
  }
  const parallel = 50;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: parallel }, () => postGraphQL(hub.url, scenarios[0][1], {}, { token })));
  console.log(`${parallel} concurrent page requests: ${(performance.now() - t0).toFixed(0)} ms in all`);
  const memory = process.memoryUsage();
  console.log(`memory: rss ${(memory.rss / 1e6).toFixed(0)} MB, heap used ${(memory.heapUsed / 1e6).toFixed(0)} MB`);
  await hub.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
