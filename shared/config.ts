import { bool, cleanEnv, host, makeValidator, port, str, url, type ValidatorSpec } from 'envalid';

export class ConfigError extends Error {}

/** Accepts a URL or nothing (an optional variable that, when set, must be a URL). */
const optionalUrl = makeValidator<string | undefined>((input) => {
  if (input === undefined || input === '') return undefined;
  try {
    new URL(input);
    return input;
  } catch {
    throw new Error(`"${input}" is not a URL`);
  }
});

/** Names of every variable validated so far (shared/env-check.ts warns about unknown HUB_* ones). */
export const readVariables = new Set<string>();

/**
 * Reads and validates environment variables. A bad value stops start-up with a message that names
 * the variable, never a crash somewhere later.
 */
export function readEnv<S extends Record<string, ValidatorSpec<unknown>>>(specs: S, env: NodeJS.ProcessEnv = process.env) {
  for (const name of Object.keys(specs)) readVariables.add(name);
  return cleanEnv(env, specs, {
    reporter: ({ errors }) => {
      const bad = Object.entries(errors);
      if (bad.length === 0) return;
      const lines = bad.map(([name, error]) => `  ${name}: ${(error as Error).message}`);
      throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
    },
  });
}

export const DEV_JWT_SECRET = 'intercity-hub-development-jwt-secret-change-me';
export const DEV_INTERNAL_SECRET = 'intercity-hub-development-internal-secret-change-me';

const production = () => process.env.NODE_ENV === 'production';

/** Variables the gateway and the subgraphs both read. */
export const commonSpecs = {
  HUB_HOST: host({ default: '127.0.0.1', desc: 'Interface the servers listen on' }),
  HUB_INTERNAL_SECRET: str({
    default: production() ? undefined : DEV_INTERNAL_SECRET,
    desc: 'Secret the gateway signs each subgraph request with (at least 32 characters)',
  }),
  HUB_DEV_MODE: bool({ default: false, desc: 'Let subgraphs accept calls that do not come through the gateway' }),
};

export const identitySpecs = {
  HUB_JWT_SECRET: str({ default: production() ? undefined : DEV_JWT_SECRET, desc: 'HS256 secret for bearer tokens' }),
  HUB_JWKS_URL: optionalUrl({ default: undefined, desc: 'JWKS endpoint of an identity provider (RS256/ES256)' }),
  HUB_JWT_ISSUER: str({ default: '', desc: 'Expected `iss` claim (empty: not checked)' }),
  HUB_JWT_AUDIENCE: str({ default: '', desc: 'Expected `aud` claim (empty: not checked)' }),
};

export const databaseSpecs = {
  DATABASE_URL: optionalUrl({ default: undefined, desc: 'PostgreSQL server; without it an embedded PGlite database is used' }),
  HUB_DATA_DIR: str({ default: '.data', desc: 'Folder of the embedded databases, or :memory:' }),
  HUB_SEED: str({ choices: ['auto', 'never'], default: 'auto', desc: 'Load the sample data into an empty database' }),
};

export function assertSecret(name: string, value: string) {
  if (value.length < 32) throw new ConfigError(`Invalid configuration:\n  ${name}: must be at least 32 characters long`);
}

export { bool, port, str, url, host, optionalUrl };

/** `peer-reviews` -> `PEER_REVIEWS`, the prefix of a subgraph's own variables. */
export const envPrefix = (subgraph: string) => subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_');
