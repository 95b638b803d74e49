import 'reflect-metadata';
import { bearerOptionsFromConfig, ConfigError, envPrefix, readEnv, roleSpecs, webhookOptionsFromConfig } from '../shared/config';
import { edgeOptionsFromEnv } from '../shared/edge-options';
import { bearerVerifier } from '../shared/identity';
import { secretsFromConfig } from '../shared/secrets';
import { warnUnknownVariables } from '../shared/env-check';
import { assertPortsFree, exitOnStartFailure } from '../shared/ports';
import { CONFIGURED_SUBGRAPHS } from '../subgraphs/catalog';
import { exitOnSignals } from '../shared/shutdown';
import { configureLogger } from '../shared/logger';
import { startTracingFromEnv, stopTracing } from '../shared/telemetry';

let ports: Record<string, number> = {};

/** `npm run start:subgraph -- cities`: one subgraph alone, with its own database. */
async function main() {
  const name = process.argv[2];
  const configured = CONFIGURED_SUBGRAPHS.find((s) => s.name === name);
  if (!configured) throw new ConfigError(`Name a subgraph to start: one of ${CONFIGURED_SUBGRAPHS.map((s) => s.name).join(', ')}.`);
  const prefix = envPrefix(name);
  const env = readEnv(roleSpecs.subgraph(configured)) as Record<string, any>;
  // the JWT secret is needed only to read bearer tokens of direct calls in development mode
  const { jwtSecret, internalSecret } = secretsFromConfig(
    {
      HUB_JWT_SECRET: env.HUB_JWT_SECRET,
      HUB_INTERNAL_SECRET: env.HUB_INTERNAL_SECRET,
      HUB_DATA_DIR: env.HUB_DATA_DIR,
      HUB_JWKS_URL: env.HUB_JWKS_URL,
    },
    process.env,
    env.HUB_DEV_MODE && !env.HUB_JWKS_URL ? ['HUB_JWT_SECRET', 'HUB_INTERNAL_SECRET'] : ['HUB_INTERNAL_SECRET'],
  );
  warnUnknownVariables();
  configureLogger(env.HUB_LOG_LEVEL);
  await startTracingFromEnv(`intercity-hub-${name}`);
  ports = { [`${prefix}_PORT`]: env[`${prefix}_PORT`] };
  await assertPortsFree(env.HUB_HOST, ports);
  // the subgraph's code loads once its configuration is known to be good
  const [{ SUBGRAPHS }, { startSubgraph }] = await Promise.all([import('../subgraphs'), import('../gateway/hub')]);
  const definition = SUBGRAPHS.find((s) => s.name === name)!;
  const running = await startSubgraph(definition, {
    dataDir: env.HUB_DATA_DIR,
    seed: env.HUB_SEED,
    host: env.HUB_HOST,
    internalSecret,
    devMode: env.HUB_DEV_MODE,
    databaseUrl: env[`${prefix}_DATABASE_URL`] ?? env.DATABASE_URL,
    port: env[`${prefix}_PORT`],
    verifyBearer: bearerVerifier(bearerOptionsFromConfig(env, jwtSecret)),
    embeddedFsync: env.HUB_EMBEDDED_FSYNC,
    ownDataDir: true,
    edge: edgeOptionsFromEnv(env),
    processMetrics: true,
    webhooks: webhookOptionsFromConfig(env),
  });
  console.log(`Subgraph ${name}: ${running.server.url}${env.HUB_DEV_MODE ? ' (development mode: accepts calls without the gateway)' : ''}`);
  exitOnSignals(async () => {
    await running.close(env.HUB_SHUTDOWN_GRACE_MS);
    await stopTracing();
  });
}

main().catch((error) => exitOnStartFailure(error, ports));
