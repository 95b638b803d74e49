import 'reflect-metadata';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { Pool } from 'pg';
import { startSubgraph, type RunningSubgraph } from '../gateway/hub';
import { startGateway } from '../gateway/index';
import { startEmbeddedPostgres } from '../shared/embedded-postgres';
import { build } from '../shared/entity';
import { bearerVerifier } from '../shared/identity';
import { configureLogger, type LogLevel } from '../shared/logger';
import { SUBGRAPHS } from '../subgraphs';
import { City } from '../subgraphs/cities/entities/City';
import { OrganisationKind } from '../subgraphs/cities/entities/enums';
import { Network } from '../subgraphs/cities/entities/Network';
import { Organisation } from '../subgraphs/cities/entities/Organisation';
import { generateCities } from '../subgraphs/cities/synthetic';
import { generateFunding } from '../subgraphs/funding/synthetic';
import { generateMeetings } from '../subgraphs/meetings/synthetic';
import { rawOperations, startRawServer, type RawQuery } from './raw';

/**
 * One process of the side-by-side benchmark, started by bench/side-by-side.ts with `fork`, so each
 * contender's CPU time is its own: `node dist/bench/child.js <role>`.
 *   subgraphs      the four subgraphs (development mode: the peers call them unsigned) and the data;
 *                  on the embedded database also the raw endpoint, which must share its connection
 *   hub            the project's gateway (signs every subgraph request)
 *   apollo         a stock @apollo/gateway + @apollo/server, defaults
 *   hive           Hive Gateway (@graphql-hive/gateway), defaults
 *   raw            node:http + pg on the server database
 * It answers the parent over IPC: `ready` with its URL(s), `stats` with its SQL statement count.
 */
export const BENCH_SECRET = 'bench-secret-bench-secret-bench-secret-bench';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const send = (message: unknown) => process.send!(message);
const schemas = { cities: 'cities', meetings: 'meetings', funding: 'funding', peerReviews: 'peer_reviews' };

let statements = () => 0;
let close: () => Promise<void> = async () => undefined;

function toPg(sql: string) {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

async function startSubgraphs() {
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const verifyBearer = bearerVerifier({ secret: BENCH_SECRET });
  const running: Record<string, RunningSubgraph> = {};
  // embedded, the subgraphs share one engine in memory, as in npm start
  const engine = databaseUrl ? undefined : await startEmbeddedPostgres(null);
  close = async () => {
    for (const s of Object.values(running)) {
      await s.server.close();
      await s.database.close();
    }
    await engine?.stop();
  };
  for (const definition of SUBGRAPHS) {
    running[definition.name] = await startSubgraph(definition, {
      dataDir: ':memory:',
      seed: 'never',
      host: '127.0.0.1',
      internalSecret: BENCH_SECRET,
      devMode: true,
      databaseUrl,
      engine,
      port: 0,
      verifyBearer,
    });
  }
  const started = Date.now();
  const cities = env('BENCH_CITIES', 2000);
  const meetings = env('BENCH_MEETINGS', 1000);
  const activities = env('BENCH_ACTIVITIES', 2000);
  const citiesDb = running.cities.database;
  await generateCities(citiesDb.fork(), { cities, networks: 40, seed: 42 });
  const em = citiesDb.fork();
  for (let i = 0; i < 50; i++)
    build(em, Organisation, { slug: `synthetic-org-${i}`, name: `Synthetic organisation ${i}`, kind: OrganisationKind.NGO });
  await em.flush();
  const cityIds = (await em.find(City, {}, { fields: ['id'] })).map((c) => c.id);
  const organisationIds = (await em.find(Organisation, {}, { fields: ['id'] })).map((o) => o.id);
  const networkIds = (await em.find(Network, {}, { fields: ['id'] })).map((n) => n.id);
  await generateMeetings(running.meetings.database.fork(), { meetings, seed: 42, cityIds, organisationIds, networkIds });
  await generateFunding(running.funding.database.fork(), { activities, seed: 42, cityIds, organisationIds });
  const subgraphStatements = () => Object.values(running).reduce((sum, s) => sum + s.database.statements, 0);
  let rawUrl: string | undefined;
  let rawStatements = 0;
  if (citiesDb.embedded) {
    // one PGlite for the subgraphs, with a single connection each: the raw endpoint borrows them
    const byName: Record<string, RunningSubgraph> = {
      cities: running.cities,
      meetings: running.meetings,
      funding: running.funding,
      peer_reviews: running['peer-reviews'],
    };
    const query: RawQuery = async (sql, params) => {
      rawStatements += 1;
      const schema = /"([a-z_]+)"\./.exec(sql)![1];
      const db = byName[schema].database;
      return db.orm.em.getConnection().execute(sql, params, 'all');
    };
    const raw = await startRawServer(rawOperations(query, schemas));
    rawUrl = raw.url;
    const closeSubgraphs = close;
    close = async () => {
      await raw.close();
      await closeSubgraphs();
    };
  }
  // the raw endpoint's statements are counted apart; the subgraph count leaves them out
  statements = () => subgraphStatements() - (rawUrl ? rawStatements : 0);
  send({
    type: 'ready',
    embedded: citiesDb.embedded,
    urls: Object.fromEntries(Object.entries(running).map(([name, s]) => [name, s.server.url])),
    rawUrl,
    generated: { cities, meetings, activities, seconds: (Date.now() - started) / 1000 },
  });
  process.on('message', (message: any) => {
    if (message?.type === 'raw-stats') send({ type: 'raw-stats', statements: rawStatements });
  });
}

async function startRaw() {
  // JIT off, as the hub's own pool has it: these are short queries
  const pool = new Pool({ connectionString: process.env.BENCH_DATABASE_URL, max: 10, options: '-c jit=off' });
  let count = 0;
  const query: RawQuery = async (sql, params) => {
    count += 1;
    return (await pool.query(toPg(sql), params)).rows;
  };
  const raw = await startRawServer(rawOperations(query, schemas));
  statements = () => count;
  close = async () => {
    await raw.close();
    await pool.end();
  };
  send({ type: 'ready', url: raw.url });
}

async function startHubGateway() {
  const subgraphUrls = JSON.parse(process.env.BENCH_SUBGRAPH_URLS!);
  const gateway = await startGateway({
    supergraphSdl: process.env.BENCH_SUPERGRAPH!,
    subgraphUrls,
    verifyBearer: bearerVerifier({ secret: BENCH_SECRET }),
    internalSecret: BENCH_SECRET,
    port: 0,
    host: '127.0.0.1',
  });
  close = () => gateway.close();
  send({ type: 'ready', url: gateway.url });
}

async function startApollo() {
  const server = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl: process.env.BENCH_SUPERGRAPH! }) });
  const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
  close = () => server.stop();
  send({ type: 'ready', url });
}

async function startHive() {
  const { createGatewayRuntime } = await import('@graphql-hive/gateway');
  const gateway = createGatewayRuntime({ supergraph: process.env.BENCH_SUPERGRAPH!, logging: false });
  const server = createServer(gateway);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = async () => {
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await gateway.dispose();
  };
  send({ type: 'ready', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql` });
}

const roles: Record<string, () => Promise<void>> = {
  subgraphs: startSubgraphs,
  raw: startRaw,
  hub: startHubGateway,
  apollo: startApollo,
  hive: startHive,
};

async function main() {
  configureLogger(process.env.HUB_LOG_LEVEL as LogLevel); // bench/run.ts sets it (warn unless asked)
  const role = process.argv[2];
  const start = roles[role];
  if (!start || !process.send) throw new Error(`bench child: unknown role ${role} (or not started with fork)`);
  process.on('message', async (message: any) => {
    if (message?.type === 'stats') send({ type: 'stats', statements: statements() });
    if (message?.type === 'stop') {
      await close().catch(() => undefined);
      process.exit(0);
    }
  });
  process.on('disconnect', () => {
    void close()
      .catch(() => undefined)
      .finally(() => process.exit(0));
  });
  await start();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
