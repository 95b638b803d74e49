import 'reflect-metadata';
import { assertSecret, commonSpecs, ConfigError, databaseSpecs, envPrefix, identitySpecs, optionalUrl, port, readEnv } from '../shared/config';
import { warnUnknownVariables } from '../shared/env-check';
import { bearerVerifier } from '../shared/identity';
import { assertPortsFree, describeListenError } from '../shared/ports';
import { SUBGRAPHS } from '../subgraphs';
import { startSubgraph } from '../gateway/hub';

let ports: Record<string, number> = {};

/** `npm run start:subgraph -- cities`: one subgraph alone, with its own database. */
async function main() {
  const name = process.argv[2];
  const definition = SUBGRAPHS.find((s) => s.name === name);
  if (!definition) throw new ConfigError(`Name a subgraph to start: one of ${SUBGRAPHS.map((s) => s.name).join(', ')}.`);
  const prefix = envPrefix(name);
  const env = readEnv({
    ...commonSpecs,
    ...identitySpecs,
    ...databaseSpecs,
    [`${prefix}_PORT`]: port({ default: definition.defaultPort }),
    [`${prefix}_DATABASE_URL`]: optionalUrl({ default: undefined }),
  }) as Record<string, any>;
  assertSecret('HUB_INTERNAL_SECRET', env.HUB_INTERNAL_SECRET);
  warnUnknownVariables();
  ports = { [`${prefix}_PORT`]: env[`${prefix}_PORT`] };
  await assertPortsFree(env.HUB_HOST, ports);
  const running = await startSubgraph(definition, {
    dataDir: env.HUB_DATA_DIR,
    seed: env.HUB_SEED,
    host: env.HUB_HOST,
    internalSecret: env.HUB_INTERNAL_SECRET,
    devMode: env.HUB_DEV_MODE,
    databaseUrl: env[`${prefix}_DATABASE_URL`] ?? env.DATABASE_URL,
    port: env[`${prefix}_PORT`],
    verifyBearer: bearerVerifier({ secret: env.HUB_JWT_SECRET, jwksUrl: env.HUB_JWKS_URL, issuer: env.HUB_JWT_ISSUER, audience: env.HUB_JWT_AUDIENCE }),
  });
  console.log(`Subgraph ${name}: ${running.server.url}${env.HUB_DEV_MODE ? ' (development mode: accepts calls without the gateway)' : ''}`);
  const stop = async () => {
    await running.server.close();
    await running.database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : (describeListenError(error, ports) ?? error));
  process.exit(1);
});
