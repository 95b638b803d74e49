import { readFileSync } from 'node:fs';
import {
  bearerOptionsFromConfig,
  envPrefix,
  invalidVariable,
  readEnv,
  roleSpecs,
  subgraphUrlsFromConfig,
  webhookOptionsFromConfig,
} from '../shared/config';
import { edgeOptionsFromEnv, type EdgeOptions } from '../shared/edge-options';
import { bearerVerifier, type Identity } from '../shared/identity';
import { secretsFromConfig } from '../shared/secrets';
import type { LogLevel } from '../shared/logger';
import { CONFIGURED_SUBGRAPHS } from '../subgraphs/catalog';
import type { HubOptions } from './hub';

/*
 * The entry points' configuration, read and checked before the hub's code loads (bin/): a bad
 * variable stops a start at once. Only light modules here; the subgraphs are known by name and
 * port (subgraphs/catalog.ts).
 */

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
  const env = readEnv(roleSpecs.gateway(CONFIGURED_SUBGRAPHS), processEnv) as Record<string, any>;
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
    subgraphUrls: subgraphUrlsFromConfig(env, CONFIGURED_SUBGRAPHS),
    verifyBearer: bearerVerifier(bearerOptionsFromConfig(env, jwtSecret)),
    internalSecret,
    edge: edgeOptionsFromEnv(env, processEnv),
  };
}

/** Hub options from the environment, validated: a bad variable stops start-up naming it. */
export function hubOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HubOptions {
  const config = readEnv(roleSpecs.hub(CONFIGURED_SUBGRAPHS), env) as unknown as Record<string, unknown> & {
    HUB_HOST: string;
    HUB_INTERNAL_SECRET: string;
    HUB_DEV_MODE: boolean;
    HUB_JWT_SECRET: string;
    HUB_JWKS_URL?: string;
    HUB_JWT_ISSUER: string;
    HUB_JWT_AUDIENCE: string;
    HUB_TOKEN_MAX_LIFETIME: number;
    DATABASE_URL?: string;
    HUB_DATA_DIR: string;
    HUB_SEED: 'auto' | 'never';
    HUB_GATEWAY_PORT: number;
    HUB_SUPERGRAPH: string;
    HUB_SUBGRAPH_TIMEOUT_MS: number;
    HUB_EMBEDDED_FSYNC: boolean;
    HUB_SHUTDOWN_GRACE_MS: number;
    HUB_LOG_LEVEL: LogLevel;
  };
  const { jwtSecret, internalSecret } = secretsFromConfig(config, env);
  return {
    dataDir: config.HUB_DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    databaseUrls: Object.fromEntries(
      CONFIGURED_SUBGRAPHS.map((s) => [s.name, config[`${envPrefix(s.name)}_DATABASE_URL`] as string | undefined]),
    ),
    seed: config.HUB_SEED,
    host: config.HUB_HOST,
    gatewayPort: config.HUB_GATEWAY_PORT,
    subgraphPorts: Object.fromEntries(CONFIGURED_SUBGRAPHS.map((s) => [s.name, config[`${envPrefix(s.name)}_PORT`] as number])),
    jwtSecret,
    jwksUrl: config.HUB_JWKS_URL,
    jwtIssuer: config.HUB_JWT_ISSUER,
    jwtAudience: config.HUB_JWT_AUDIENCE,
    tokenMaxLifetime: config.HUB_TOKEN_MAX_LIFETIME,
    internalSecret,
    devMode: config.HUB_DEV_MODE,
    supergraphSdl: readSupergraph(config.HUB_SUPERGRAPH),
    subgraphTimeoutMs: config.HUB_SUBGRAPH_TIMEOUT_MS,
    embeddedFsync: config.HUB_EMBEDDED_FSYNC,
    shutdownGraceMs: config.HUB_SHUTDOWN_GRACE_MS,
    edge: edgeOptionsFromEnv(config, env),
    logLevel: config.HUB_LOG_LEVEL,
    webhooks: webhookOptionsFromConfig(config),
  };
}

/** The supergraph SDL at HUB_SUPERGRAPH; a file that cannot be read stops start-up naming the variable. */
export function readSupergraph(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw invalidVariable('HUB_SUPERGRAPH', `cannot read "${path}" (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}
