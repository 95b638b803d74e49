import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { startHub } from '../gateway/hub';
import { build } from '../shared/entity';
import { mintToken } from '../shared/identity';
import { SUBGRAPHS } from '../subgraphs';
import { City } from '../subgraphs/cities/entities/City';
import { OrganisationKind } from '../subgraphs/cities/entities/enums';
import { Network } from '../subgraphs/cities/entities/Network';
import { Organisation } from '../subgraphs/cities/entities/Organisation';
import { generateCities } from '../subgraphs/cities/synthetic';
import { generateFunding } from '../subgraphs/funding/synthetic';
import { generateMeetings } from '../subgraphs/meetings/synthetic';
import { composeSupergraph, postGraphQL } from '../test/helpers';

/**
 * `npm run bench`: figures, not assertions. Generates a repeatable synthetic data set across the
 * subgraphs (BENCH_CITIES cities with memberships and ledgers, BENCH_MEETINGS meetings,
 * BENCH_ACTIVITIES funding activities), then times queries through the gateway over HTTP and
 * prints latency percentiles, SQL statements per request (all subgraph databases) and memory.
 * Runs on the embedded databases, or on a server with DATABASE_URL.
 */
const CITIES = Number(process.env.BENCH_CITIES ?? 5000);
const MEETINGS = Number(process.env.BENCH_MEETINGS ?? 2000);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const SECRET = 'bench-secret-bench-secret-bench-secret-bench';

function percentile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function main() {
  const hub = await startHub({
    subgraphs: SUBGRAPHS,
    dataDir: ':memory:',
    databaseUrl: process.env.DATABASE_URL,
    seed: 'never',
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, 0])),
    jwtSecret: SECRET,
    internalSecret: SECRET,
    devMode: false,
    supergraphSdl: await composeSupergraph(SUBGRAPHS),
  });
  const statements = () => Object.values(hub.subgraphs).reduce((sum, s) => sum + s.database.statements, 0);
  const started = performance.now();
  const citiesDb = hub.subgraphs.cities.database;
  await generateCities(citiesDb.fork(), { cities: CITIES, networks: 40, seed: 42 });
  const em = citiesDb.fork();
  for (let i = 0; i < 50; i++) build(em, Organisation, { slug: `synthetic-org-${i}`, name: `Synthetic organisation ${i}`, kind: OrganisationKind.NGO });
  await em.flush();
  const cityIds = (await em.find(City, {}, { fields: ['id'] })).map((c) => c.id);
  const organisationIds = (await em.find(Organisation, {}, { fields: ['id'] })).map((o) => o.id);
  const networkIds = (await em.find(Network, {}, { fields: ['id'] })).map((n) => n.id);
  await generateMeetings(hub.subgraphs.meetings.database.fork(), { meetings: MEETINGS, seed: 42, cityIds, organisationIds, networkIds });
  await generateFunding(hub.subgraphs.funding.database.fork(), { activities: ACTIVITIES, seed: 42, cityIds, organisationIds });
  const generatedIn = (performance.now() - started) / 1000;
  console.log(
    `database: ${citiesDb.embedded ? 'embedded PGlite' : 'PostgreSQL server'}; generated ${CITIES} cities, ${MEETINGS} meetings, ${ACTIVITIES} funding activities in ${generatedIn.toFixed(1)} s`,
  );

  const token = await mintToken(SECRET, { subject: 'bench', roles: ['admin'] });
  const scenarios: [string, string][] = [
    ['50 cities + memberships + networks + ledger', `{ cities(first: 50) { nodes { name memberships { network { name } } settlementYears { year decided } } } }`],
    ['100 cities, country filter, totalCount', `{ cities(first: 100, country: "NO") { totalCount nodes { name population } } }`],
    ['city name search', `{ cities(search: "city 0004", first: 20) { nodes { name } } }`],
    ['50 meetings + venue city ledger (2 subgraphs)', `{ meetings(first: 50) { nodes { title { text } venueCity { name settlementYears { year decided } } organisers { name } } } }`],
    ['50 activities + cities + funders (2 subgraphs)', `{ fundingActivities(first: 50) { nodes { identifier totalBudget { amount currency } cities { name } funders { name } } } }`],
    ['funding aggregates over everything', `{ fundingAggregates { activityCount totals { currency committed disbursed spent } byStatus { status count } byTheme { theme count } } }`],
    ['20 cities + meetings attended + activities (3 subgraphs)', `{ cities(first: 20) { nodes { name meetingsAttended { edition } fundingActivities { identifier } } } }`],
  ];
  for (const [name, query] of scenarios) {
    for (let i = 0; i < 5; i++) await postGraphQL(hub.url, query, {}, { token });
    const timings: number[] = [];
    const before = statements();
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const result = await postGraphQL(hub.url, query, {}, { token });
      timings.push(performance.now() - t0);
      if (result.errors) throw new Error(`${name}: ${JSON.stringify(result.errors)}`);
    }
    const perRequest = (statements() - before) / ROUNDS;
    console.log(`${name.padEnd(58)} p50 ${percentile(timings, 50).toFixed(1).padStart(6)} ms  p95 ${percentile(timings, 95).toFixed(1).padStart(6)} ms  ${perRequest.toFixed(1)} SQL/request`);
  }
  const parallel = 50;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: parallel }, () => postGraphQL(hub.url, scenarios[0][1], {}, { token })));
  console.log(`${parallel} concurrent requests of the first scenario: ${(performance.now() - t0).toFixed(0)} ms in all`);
  const memory = process.memoryUsage();
  console.log(`memory of the hub process: rss ${(memory.rss / 1e6).toFixed(0)} MB (embedded databases included), heap used ${(memory.heapUsed / 1e6).toFixed(0)} MB`);
  await hub.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
