import 'reflect-metadata';
import { warnUnknownVariables } from '../shared/env-check';
import { assertPortsFree, exitOnStartFailure } from '../shared/ports';
import { gatewayEnvFromProcess, readSupergraph } from '../gateway/env';
import { exitOnSignals } from '../shared/shutdown';
import { configureLogger } from '../shared/logger';
import { startTracingFromEnv, stopTracing } from '../shared/telemetry';

let ports: Record<string, number> = {};

/**
 * `npm run start:gateway`: the gateway alone, in front of subgraphs running elsewhere (CITIES_URL, …,
 * else localhost at CITIES_PORT, …).
 */
async function main() {
  const { env, supergraphPath, subgraphUrls, verifyBearer, internalSecret, edge } = gatewayEnvFromProcess();
  warnUnknownVariables();
  configureLogger(env.HUB_LOG_LEVEL);
  await startTracingFromEnv('intercity-hub-gateway');
  ports = { HUB_GATEWAY_PORT: env.HUB_GATEWAY_PORT };
  await assertPortsFree(env.HUB_HOST, ports);
  // the gateway's code loads once its configuration is known to be good
  const { startGateway } = await import('../gateway');
  const gateway = await startGateway({
    supergraphSdl: readSupergraph(supergraphPath),
    subgraphUrls,
    verifyBearer,
    internalSecret,
    port: env.HUB_GATEWAY_PORT,
    host: env.HUB_HOST,
    subgraphTimeoutMs: env.HUB_SUBGRAPH_TIMEOUT_MS,
    edge,
    processMetrics: true,
  });
  console.log(`Gateway: ${gateway.url}`);
  exitOnSignals(async () => {
    await gateway.close(env.HUB_SHUTDOWN_GRACE_MS);
    await stopTracing();
  });
}

main().catch((error) => exitOnStartFailure(error, ports));
