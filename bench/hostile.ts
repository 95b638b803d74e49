import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { startHub } from '../gateway/hub';
import { build } from '../shared/entity';
import { SUBGRAPHS } from '../subgraphs';
import { City } from '../subgraphs/cities/entities/City';
import { OrganisationKind } from '../subgraphs/cities/entities/enums';
import { Organisation } from '../subgraphs/cities/entities/Organisation';
import { generateCities } from '../subgraphs/cities/synthetic';
import { generateFunding } from '../subgraphs/funding/synthetic';
import { composeSupergraph, createScratchDatabase } from '../test/helpers';

/**
 * `npm run bench:hostile`: figures, not assertions.
 * 1. The issue's hostile documents (ten levels across subgraphs, twelve levels of memberships,
 *    20,000 aliases): how fast they are refused, and how much the process's memory grows meanwhile.
 * 2. Ordinary queries' latency (p50/p95) alone, then while hostile clients send, in a loop, the most
 *    expensive operation the limits allow. Every phase is bounded in time (BENCH_SECONDS) and the
 *    hub is closed at the end. Embedded databases, or a server with DATABASE_URL.
 */
const CITIES = Number(process.env.BENCH_CITIES ?? 2000);
const ACTIVITIES = Number(process.env.BENCH_ACTIVITIES ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ORDINARY_CLIENTS = Number(process.env.BENCH_CLIENTS ?? 4);
const HOSTILE_CLIENTS = Number(process.env.BENCH_HOSTILE_CLIENTS ?? 2);
const SECRET = 'bench-secret-bench-secret-bench-secret-bench';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

async function post(url: string, query: string, variables: Record<string, unknown> = {}) {
  const t0 = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
  return { ms: performance.now() - t0, status: response.status, code: body.errors?.[0]?.extensions?.code };
}

const hostileDocuments: [string, string][] = [
  [
    'ten levels: city → fundingActivities → cities → …',
    `{ city(slug: "synthetic-city-1") { fundingActivities { cities { fundingActivities { cities { fundingActivities { cities { fundingActivities { cities { fundingActivities { identifier } } } } } } } } } } }`,
  ],
  [
    'twelve levels of memberships',
    `{ city(slug: "synthetic-city-1") { memberships { network { memberships { member { ... on City { memberships { network { memberships { member { ... on City { memberships { network { name } } } } } } } } } } } } } }`,
  ],
  ['20,000 aliases', `{ ${Array.from({ length: 20000 }, (_, i) => `a${i}: __typename`).join(' ')} }`],
];

const ordinary = [
  `{ cities(first: 20, country: "NO") { totalCount nodes { name population } } }`,
  `{ city(slug: "synthetic-city-7") { name memberships { network { name } } settlementYears { year decided } } }`,
  `{ fundingActivities(first: 10) { nodes { identifier totalBudget { amount currency } cities { name } } } }`,
];

/**
 * The most expensive operation the default limits allow: depth 9 and a cost of 19,008 (≤ 20,000),
 * across two subgraphs; on this data set each city's activities have several cities, each with memberships.
 */
const MOST_EXPENSIVE = `{ cities(first: 9) { nodes { name fundingActivities { identifier cities { name memberships { network { name } } } } } } }`;

async function loop(url: string, queries: string[], until: number, timings: number[], statuses: Map<string, number>) {
  let i = 0;
  while (performance.now() < until) {
    const result = await post(url, queries[i++ % queries.length]);
    timings.push(result.ms);
    const key = `${result.status}${result.code ? ` ${result.code}` : ''}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
}

async function phase(url: string, hostile: boolean) {
  const until = performance.now() + SECONDS * 1000;
  const timings: number[] = [];
  const hostileTimings: number[] = [];
  const statuses = new Map<string, number>();
  const hostileStatuses = new Map<string, number>();
  await Promise.all([
    ...Array.from({ length: ORDINARY_CLIENTS }, () => loop(url, ordinary, until, timings, statuses)),
    ...(hostile ? Array.from({ length: HOSTILE_CLIENTS }, () => loop(url, [MOST_EXPENSIVE], until, hostileTimings, hostileStatuses)) : []),
  ]);
  const show = (m: Map<string, number>) => [...m].map(([k, v]) => `${k}: ${v}`).join(', ');
  console.log(
    `${hostile ? `with ${HOSTILE_CLIENTS} hostile clients` : 'alone'.padEnd(22)}  ordinary: ${timings.length} requests, p50 ${percentile(timings, 50).toFixed(1)} ms, p95 ${percentile(timings, 95).toFixed(1)} ms (${show(statuses)})` +
      (hostile
        ? `\n${''.padEnd(24)}hostile: ${hostileTimings.length} requests, p50 ${percentile(hostileTimings, 50).toFixed(0)} ms, p95 ${percentile(hostileTimings, 95).toFixed(0)} ms (${show(hostileStatuses)})`
        : ''),
  );
}

async function main() {
  // on a server, a scratch database of its own, dropped at the end
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : null;
  const hub = await startHub({
    subgraphs: SUBGRAPHS,
    dataDir: ':memory:',
    databaseUrl: scratch?.url,
    seed: 'never',
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, 0])),
    jwtSecret: SECRET,
    internalSecret: SECRET,
    devMode: false,
    supergraphSdl: await composeSupergraph(SUBGRAPHS),
  });
  try {
    const citiesDb = hub.subgraphs.cities.database;
    await generateCities(citiesDb.fork(), { cities: CITIES, networks: 40, seed: 42 });
    const em = citiesDb.fork();
    for (let i = 0; i < 20; i++)
      build(em, Organisation, { slug: `synthetic-org-${i}`, name: `Synthetic organisation ${i}`, kind: OrganisationKind.NGO });
    await em.flush();
    const cityIds = (await em.find(City, {}, { fields: ['id'] })).map((c) => c.id);
    const organisationIds = (await em.find(Organisation, {}, { fields: ['id'] })).map((o) => o.id);
    await generateFunding(hub.subgraphs.funding.database.fork(), { activities: ACTIVITIES, seed: 42, cityIds, organisationIds });
    console.log(
      `database: ${citiesDb.embedded ? 'embedded PGlite' : 'PostgreSQL server'}; ${CITIES} cities, ${ACTIVITIES} funding activities`,
    );

    console.log('\n1. hostile documents (each sent 20 times)');
    for (const [name, query] of hostileDocuments) {
      global.gc?.();
      const rssBefore = process.memoryUsage().rss;
      let peak = rssBefore;
      const timings: number[] = [];
      let answer = '';
      for (let i = 0; i < 20; i++) {
        const result = await post(hub.url, query);
        timings.push(result.ms);
        answer = `${result.status} ${result.code}`;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
      console.log(
        `${name.padEnd(48)} ${answer.padEnd(22)} p50 ${percentile(timings, 50).toFixed(1)} ms, max ${Math.max(...timings).toFixed(1)} ms; rss grew ${mb(peak - rssBefore)} (${mb(rssBefore)} → ${mb(peak)})`,
      );
    }

    const check = await post(hub.url, MOST_EXPENSIVE);
    if (check.status !== 200 || check.code)
      throw new Error(`the most expensive allowed operation was refused: ${check.status} ${check.code}`);
    console.log(
      `\n2. ordinary queries for ${SECONDS} s with ${ORDINARY_CLIENTS} clients; hostile clients loop on the most expensive allowed operation (${check.ms.toFixed(0)} ms alone)`,
    );
    for (let i = 0; i < 3; i++) for (const q of ordinary) await post(hub.url, q);
    await phase(hub.url, false);
    await phase(hub.url, true);
    console.log(`memory of the hub process: rss ${mb(process.memoryUsage().rss)}`);
  } finally {
    await hub.close();
    await scratch?.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
