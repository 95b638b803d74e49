import { readSupergraph } from './env';
import { gatewayEnvFromProcess } from './env';
import { hiveGatewayConfig } from './hive';

/**
 * The hub's Hive Gateway configuration for Hive Gateway's own command line (and so its container
 * image), from the variables of `npm run start:gateway`:
 *   npm run build && npx hive-gateway supergraph -c dist/gateway/hive-gateway.config.js
 * `npm run start:hive` (bin/start-hive-gateway.ts) runs the same configuration without the CLI.
 */
const settings = gatewayEnvFromProcess();

export const gatewayConfig = {
  ...hiveGatewayConfig({
    supergraph: readSupergraph(settings.supergraphPath),
    subgraphUrls: settings.subgraphUrls,
    verifyBearer: settings.verifyBearer,
    internalSecret: settings.internalSecret,
    subgraphTimeoutMs: settings.env.HUB_SUBGRAPH_TIMEOUT_MS,
    edge: settings.edge,
    logging: 'info',
  }),
  port: settings.env.HUB_GATEWAY_PORT,
  host: settings.env.HUB_HOST,
};
