import 'reflect-metadata';
import { assertSecret, commonSpecs, ConfigError, envPrefix, identitySpecs, port, readEnv, str, url } from '../shared/config';
import { warnUnknownVariables } from '../shared/env-check';
import { bearerVerifier } from '../shared/identity';
import { assertPortsFree, describeListenError } from '../shared/ports';
import { SUPERGRAPH_PATH } from '../shared/paths';
import { SUBGRAPHS } from '../subgraphs';
import { readSupergraph, startGateway } from '../gateway';

let ports: Record<string, number> = {};

/** `npm run start:gateway`: the gateway alone, in front of subgraphs running elsewhere (CITIES_URL, …). */
async function main() {
  const urlSpecs = Object.fromEntries(
    SUBGRAPHS.map((s) => [`${envPrefix(s.name)}_URL`, url({ default: `http://localhost:${s.defaultPort}/graphql` })]),
  );
  const env = readEnv({ ...commonSpecs, ...identitySpecs, HUB_GATEWAY_PORT: port({ default: 4000 }), HUB_SUPERGRAPH: str({ default: SUPERGRAPH_PATH }), ...urlSpecs }) as Record<string, any>;
  assertSecret('HUB_INTERNAL_SECRET', env.HUB_INTERNAL_SECRET);
  if (!env.HUB_JWKS_URL) assertSecret('HUB_JWT_SECRET', env.HUB_JWT_SECRET);
  warnUnknownVariables();
  ports = { HUB_GATEWAY_PORT: env.HUB_GATEWAY_PORT };
  await assertPortsFree(env.HUB_HOST, ports);
  const gateway = await startGateway({
    supergraphSdl: readSupergraph(env.HUB_SUPERGRAPH),
    subgraphUrls: Object.fromEntries(SUBGRAPHS.map((s) => [s.name, env[`${envPrefix(s.name)}_URL`]])),
    verifyBearer: bearerVerifier({ secret: env.HUB_JWT_SECRET, jwksUrl: env.HUB_JWKS_URL, issuer: env.HUB_JWT_ISSUER, audience: env.HUB_JWT_AUDIENCE }),
    internalSecret: env.HUB_INTERNAL_SECRET,
    port: env.HUB_GATEWAY_PORT,
    host: env.HUB_HOST,
  });
  console.log(`Gateway: ${gateway.url}`);
  process.once('SIGINT', () => gateway.close().then(() => process.exit(0)));
  process.once('SIGTERM', () => gateway.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : (describeListenError(error, ports) ?? error));
  process.exit(1);
});
