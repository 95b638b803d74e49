import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config';

/**
 * The hub's two secrets: HUB_JWT_SECRET (HS256 bearer tokens) and HUB_INTERNAL_SECRET (gateway ->
 * subgraph signatures). None is written in the repository. Without configuration, a development
 * start generates random ones and keeps them in `<HUB_DATA_DIR>/secrets.json` (mode 0600), so later
 * starts and `npm run token` use the same; with `HUB_DATA_DIR=:memory:` they live as long as the
 * process. With NODE_ENV=production they must be configured, long enough and not a known public value.
 */
export const SECRETS_FILE = 'secrets.json';
export const MIN_SECRET_LENGTH = 32;

/** SHA-256 of secrets that were once published (the old development defaults): refused in production. */
const PUBLISHED_SECRET_HASHES = new Set([
  '5b82b1547476ce6b46a6ab941f376adf4a44b09d5a3c3d78e1aa901a17c230ab',
  '295a0efa0e293848a18b58a15edc6d3a03b135de80c76f4a85823acce9d747c8',
]);

export const isPublishedSecret = (value: string) => PUBLISHED_SECRET_HASHES.has(createHash('sha256').update(value).digest('hex'));

export type SecretName = 'HUB_JWT_SECRET' | 'HUB_INTERNAL_SECRET';

export interface SecretsRequest {
  /** Values from the environment ('' or undefined: not configured). */
  configured: Partial<Record<SecretName, string | undefined>>;
  /** Which secrets this process needs (the JWT secret is not needed with HUB_JWKS_URL). */
  needed: SecretName[];
  dataDir: string;
  production: boolean;
}

/** One line naming the variable, for every refusal. */
const refuse = (name: string, why: string) => new ConfigError(`${name} ${why}`);

function checkConfigured(name: SecretName, value: string, production: boolean) {
  if (value.length < MIN_SECRET_LENGTH)
    throw refuse(name, `must be at least ${MIN_SECRET_LENGTH} characters long (generate one with: openssl rand -base64 48).`);
  if (production && isPublishedSecret(value))
    throw refuse(name, 'is a published development value; set a secret of your own for production.');
}

const generate = () => randomBytes(48).toString('base64url');

/** Reads (or creates, mode 0600) the generated secrets of a data directory. */
function storedSecrets(dataDir: string, names: SecretName[]): Record<SecretName, string> {
  const path = join(dataDir, SECRETS_FILE);
  let stored: Partial<Record<SecretName, string>> = {};
  try {
    stored = JSON.parse(readFileSync(path, 'utf8')) as Partial<Record<SecretName, string>>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new ConfigError(`${path} cannot be read as JSON: remove it to generate new secrets.`);
  }
  const missing = names.filter((name) => typeof stored[name] !== 'string' || stored[name]!.length < MIN_SECRET_LENGTH);
  if (missing.length > 0) {
    for (const name of missing) stored[name] = generate();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
    chmodSync(path, 0o600);
  }
  return stored as Record<SecretName, string>;
}

const memorySecrets: Partial<Record<SecretName, string>> = {};

/** The secrets this process uses, or a ConfigError whose message is one line naming the variable. */
export function resolveSecrets(request: SecretsRequest): Record<SecretName, string> {
  const result = {} as Record<SecretName, string>;
  const unset: SecretName[] = [];
  // a secret that is set is checked even where this process does not use it (a subgraph outside
  // development mode and HUB_JWT_SECRET): a bad value stops every role alike
  for (const name of Object.keys(request.configured) as SecretName[]) {
    const value = request.configured[name];
    if (value && !request.needed.includes(name)) checkConfigured(name, value, request.production);
  }
  for (const name of request.needed) {
    const value = request.configured[name];
    if (value) {
      checkConfigured(name, value, request.production);
      result[name] = value;
    } else if (request.production) {
      throw refuse(name, 'must be set when NODE_ENV=production (at least 32 random characters, e.g. openssl rand -base64 48).');
    } else {
      unset.push(name);
    }
  }
  if (unset.length === 0) return result;
  if (request.dataDir === ':memory:') {
    for (const name of unset) result[name] = memorySecrets[name] ??= generate();
  } else {
    const stored = storedSecrets(request.dataDir, unset);
    for (const name of unset) result[name] = stored[name];
  }
  return result;
}

/**
 * The secrets from validated configuration: `needJwt` is false when tokens are verified against
 * HUB_JWKS_URL. NODE_ENV is read from the same environment.
 */
export function secretsFromConfig(
  config: { HUB_JWT_SECRET?: string; HUB_INTERNAL_SECRET?: string; HUB_DATA_DIR: string; HUB_JWKS_URL?: string },
  env: NodeJS.ProcessEnv = process.env,
  needed: SecretName[] = config.HUB_JWKS_URL ? ['HUB_INTERNAL_SECRET'] : ['HUB_JWT_SECRET', 'HUB_INTERNAL_SECRET'],
) {
  const secrets = resolveSecrets({
    configured: { HUB_JWT_SECRET: config.HUB_JWT_SECRET, HUB_INTERNAL_SECRET: config.HUB_INTERNAL_SECRET },
    needed,
    dataDir: config.HUB_DATA_DIR,
    production: env.NODE_ENV === 'production',
  });
  return { jwtSecret: secrets.HUB_JWT_SECRET ?? '', internalSecret: secrets.HUB_INTERNAL_SECRET ?? '' };
}
