import 'reflect-metadata';
import { bearerOptionsFromConfig, readEnv, roleSpecs, subgraphUrlsFromConfig } from '../shared/config';
import { edgeOptionsFromEnv } from '../shared/edge';
import { warnUnknownVariables } from '../shared/env-check';
import { bearerVerifier } from '../shared/identity';
import { assertPortsFree, exitOnStartFailure } from '../shared/ports';
import { secretsFromConfig } from '../shared/secrets';
import { SUBGRAPHS } from '../subgraphs';
import { readSupergraph, startGateway } from '../gateway';
import { exitOnSignals } from '../shared/shutdown';
import { configureLogger } from '../shared/logger';
import { startTracingFromEnv, stopTracing } from '../shared/telemetry';

let ports: Record<string, number> = {};

/**
 * `npm run start:gateway`: the gateway alone, in front of subgraphs running elsewhere (CITIES_URL, …,
 * else localhost at CITIES_PORT, …).
 */
async function main() {
  const env = readEnv(roleSpecs.gateway(SUBGRAPHS)) as Record<string, any>;
  const { jwtSecret, internalSecret } = secretsFromConfig({
    HUB_JWT_SECRET: env.HUB_JWT_SECRET,
    HUB_INTERNAL_SECRET: env.HUB_INTERNAL_SECRET,
    HUB_DATA_DIR: env.HUB_DATA_DIR,
    HUB_JWKS_URL: env.HUB_JWKS_URL,
  });
  warnUnknownVariables();
  configureLogger(env.HUB_LOG_LEVEL);
  await startTracingFromEnv('intercity-hub-gateway');
  ports = { HUB_GATEWAY_PORT: env.HUB_GATEWAY_PORT };
  await assertPortsFree(env.HUB_HOST, ports);
  const gateway = await startGateway({
    supergraphSdl: readSupergraph(env.HUB_SUPERGRAPH),
    subgraphUrls: subgraphUrlsFromConfig(env, SUBGRAPHS),
    verifyBearer: bearerVerifier(bearerOptionsFromConfig(env, jwtSecret)),
    internalSecret,
    port: env.HUB_GATEWAY_PORT,
    host: env.HUB_HOST,
    subgraphTimeoutMs: env.HUB_SUBGRAPH_TIMEOUT_MS,
    edge: edgeOptionsFromEnv(env),
    processMetrics: true,
  });
  console.log(`Gateway: ${gateway.url}`);
  exitOnSignals(async () => {
    await gateway.close(env.HUB_SHUTDOWN_GRACE_MS);
    await stopTracing();
  });
}

main().catch((error) => exitOnStartFailure(error, ports));
