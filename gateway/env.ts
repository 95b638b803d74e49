import { bearerOptionsFromConfig, readEnv, roleSpecs, subgraphUrlsFromConfig } from '../shared/config';
import { edgeOptionsFromEnv, type EdgeOptions } from '../shared/edge';
import { bearerVerifier, type Identity } from '../shared/identity';
import { secretsFromConfig } from '../shared/secrets';
import { SUBGRAPHS } from '../subgraphs';

/** What a gateway started alone needs, from the environment. */
export interface GatewayEnv {
  /** The validated variables. */
  env: Record<string, any>;
  supergraphPath: string;
  subgraphUrls: Record<string, string>;
  verifyBearer: (authorization: string | undefined) => Promise<Identity>;
  internalSecret: string;
  edge: EdgeOptions;
}

/**
 * The variables of a gateway started alone, the hub's (`npm run start:gateway`) or Hive Gateway
 * (`npm run start:hive`): the same names, defaults and checks for both. Throws ConfigError naming
 * a bad variable.
 */
export function gatewayEnvFromProcess(processEnv: NodeJS.ProcessEnv = process.env): GatewayEnv {
  const env = readEnv(roleSpecs.gateway(SUBGRAPHS), processEnv) as Record<string, any>;
  const { jwtSecret, internalSecret } = secretsFromConfig(
    {
      HUB_JWT_SECRET: env.HUB_JWT_SECRET,
      HUB_INTERNAL_SECRET: env.HUB_INTERNAL_SECRET,
      HUB_DATA_DIR: env.HUB_DATA_DIR,
      HUB_JWKS_URL: env.HUB_JWKS_URL,
    },
    processEnv,
  );
  return {
    env,
    supergraphPath: env.HUB_SUPERGRAPH,
    subgraphUrls: subgraphUrlsFromConfig(env, SUBGRAPHS),
    verifyBearer: bearerVerifier(bearerOptionsFromConfig(env, jwtSecret)),
    internalSecret,
    edge: edgeOptionsFromEnv(env, processEnv),
  };
}
