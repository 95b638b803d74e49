import 'reflect-metadata';
import { envPrefix } from '../shared/config';
import { warnUnknownVariables } from '../shared/env-check';
import { assertPortsFree, exitOnStartFailure } from '../shared/ports';
import type { Progress } from '../shared/progress';
import { hubOptionsFromEnv } from '../gateway/env';
import { exitOnSignals } from '../shared/shutdown';
import { warnIfStaleBuild } from './stale-build';
import { configureLogger, defaultLogLevel } from '../shared/logger';
import { startTracingFromEnv, stopTracing } from '../shared/telemetry';

let ports: Record<string, number> = {};

/** `npm start`: the embedded databases, every subgraph and the gateway, in one process. */
async function main() {
  const started = Date.now();
  const seconds = () => ((Date.now() - started) / 1000).toFixed(1);
  const options = hubOptionsFromEnv();
  warnIfStaleBuild();
  warnUnknownVariables();
  configureLogger(options.logLevel ?? defaultLogLevel());
  const traced = await startTracingFromEnv('intercity-hub');
  ports = {
    HUB_GATEWAY_PORT: options.gatewayPort,
    ...Object.fromEntries(Object.entries(options.subgraphPorts).map(([name, port]) => [`${envPrefix(name)}_PORT`, port])),
  };
  await assertPortsFree(options.host, ports);
  console.log(
    options.databaseUrl ? 'Using the PostgreSQL server in DATABASE_URL.' : `Using embedded PostgreSQL (PGlite) in ${options.dataDir}/.`,
  );
  const onProgress: Progress = ({ subgraph, index, total, step }) =>
    console.log(`[${seconds().padStart(5)}s] ${subgraph ? `${subgraph} (${index} of ${total}): ` : ''}${step}`);
  // the hub's code loads once its configuration is known to be good
  const { startHub } = await import('../gateway/hub');
  const hub = await startHub({ ...options, onProgress, processMetrics: true });
  for (const [name, running] of Object.entries(hub.subgraphs)) {
    console.log(
      `  subgraph ${name.padEnd(13)} ${running.server.url}${running.database.created ? '  (new database, sample data loaded)' : ''}`,
    );
  }
  console.log(`\nIntercity Hub is ready (${seconds()} s). Open ${hub.url} in a browser, or try:`);
  console.log(
    `  curl -s ${hub.url} -H 'content-type: application/json' -d '{"query":"{ cities(first: 3) { nodes { name countryCode } } }"}'`,
  );
  console.log(
    `Readiness: ${hub.url.replace(/\/graphql$/, '/ready')}, metrics: ${hub.url.replace(/\/graphql$/, '/metrics')}${traced ? ', traces: OTLP' : ''}. Stop with Ctrl+C.`,
  );
  exitOnSignals(async () => {
    await hub.close();
    await stopTracing();
  });
}

main().catch((error) => exitOnStartFailure(error, ports));
