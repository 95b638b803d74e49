import 'reflect-metadata';
import { warnUnknownVariables } from '../shared/env-check';
import { assertPortsFree, exitOnStartFailure } from '../shared/ports';
import { gatewayEnvFromProcess, readSupergraph } from '../gateway/env';
import type { HiveGatewayOptions } from '../gateway/hive';
import type { LogLevel } from '../shared/logger';
import { exitOnSignals } from '../shared/shutdown';

let ports: Record<string, number> = {};

/** HUB_LOG_LEVEL in Hive Gateway's levels. */
const HIVE_LOG_LEVEL: Record<LogLevel, HiveGatewayOptions['logging']> = {
  fatal: 'error',
  error: 'error',
  warn: 'warn',
  info: 'info',
  debug: 'debug',
  trace: 'debug',
  silent: false,
};

/**
 * `npm run start:hive`: Hive Gateway in place of the hub's gateway, in front of subgraphs running
 * elsewhere, on the checked-in supergraph, with the same variables as `npm run start:gateway`
 * (CITIES_URL, …, HUB_JWT_SECRET or HUB_JWKS_URL, HUB_INTERNAL_SECRET, HUB_GATEWAY_PORT, HUB_MAX_*).
 */
async function main() {
  const { env, supergraphPath, subgraphUrls, verifyBearer, internalSecret, edge } = gatewayEnvFromProcess();
  warnUnknownVariables();
  ports = { HUB_GATEWAY_PORT: env.HUB_GATEWAY_PORT };
  await assertPortsFree(env.HUB_HOST, ports);
  // Hive Gateway loads once the configuration is known to be good
  const { startHiveGateway } = await import('../gateway/hive');
  const gateway = await startHiveGateway({
    supergraph: readSupergraph(supergraphPath),
    subgraphUrls,
    verifyBearer,
    internalSecret,
    subgraphTimeoutMs: env.HUB_SUBGRAPH_TIMEOUT_MS,
    edge,
    logging: HIVE_LOG_LEVEL[env.HUB_LOG_LEVEL as LogLevel],
    port: env.HUB_GATEWAY_PORT,
    host: env.HUB_HOST,
  });
  console.log(`Hive Gateway: ${gateway.url}`);
  exitOnSignals(() => gateway.close(env.HUB_SHUTDOWN_GRACE_MS));
}

main().catch((error) => exitOnStartFailure(error, ports));
