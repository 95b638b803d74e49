import { bool, cleanEnv, host, makeValidator, num, port, str, url, type ValidatorSpec } from 'envalid';
import { defaultLogLevel, LOG_LEVELS } from './logger';
import { SUPERGRAPH_PATH } from './paths';

/** Defaults of the operation limits (shared/limits.ts; README, "Limits"). */
export const DEFAULT_LIMITS = { maxDepth: 10, maxAliases: 30, maxTokens: 2000, maxDirectives: 20, maxCost: 20000 };
export const DEFAULT_REQUEST_TIMEOUT_MS = 15000;

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

/** A refusal of one variable, as the one line a process prints before it stops. */
export const invalidVariable = (name: string, why: string) =>
  new ConfigError(`${name}: ${why.replace(/\s*\n\s*/g, ' ')} (see README, Configuration)`);

/**
 * Reads and validates environment variables. A bad value stops start-up with one line that names
 * the variable (each bad one, separated by "; "), never a crash somewhere later.
 */
export function readEnv<S extends Record<string, ValidatorSpec<unknown>>>(specs: S, env: NodeJS.ProcessEnv = process.env) {
  for (const name of Object.keys(specs)) readVariables.add(name);
  return cleanEnv(env, specs, {
    reporter: ({ errors }) => {
      const bad = Object.entries(errors);
      if (bad.length === 0) return;
      const parts = bad.map(([name, error]) => `${name}: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`);
      throw new ConfigError(`${parts.join('; ')} (see README, Configuration)`);
    },
  });
}

/** A duration such as "12h", "30m", "3600s", "7d" or a number of seconds, in seconds. */
export function parseDuration(input: string): number {
  const match = /^\s*(\d+)\s*(s|m|h|d)?\s*$/.exec(input);
  if (!match || Number(match[1]) === 0) throw new Error(`"${input.slice(0, 40)}" is not a duration such as 12h, 30m or 3600s`);
  return Number(match[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
}

/** A duration variable, in seconds. */
export const duration = makeValidator<number>((input) => parseDuration(input));

/** Logs and traces (shared/logger.ts, shared/telemetry.ts): every role reads them. */
function observabilitySpecs() {
  return {
    HUB_LOG_LEVEL: str({
      choices: [...LOG_LEVELS],
      default: defaultLogLevel(),
      desc: 'Level of the JSON log on stdout (one line per request at info); default info, silent under the test runner',
    }),
    OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl({
      default: undefined,
      desc: 'OTLP/HTTP collector base URL (traces go to <url>/v1/traces); unset: no tracing at all',
    }),
    OTEL_SERVICE_NAME: str({ default: '', desc: 'service.name of the spans (default intercity-hub-<role>)' }),
  };
}

/** Variables the gateway and the subgraphs both read. */
export const commonSpecs = {
  HUB_HOST: host({ default: '127.0.0.1', desc: 'Interface the servers listen on' }),
  HUB_INTERNAL_SECRET: str({
    default: '',
    desc: 'Secret the gateway signs each subgraph request with (at least 32 characters); unset: generated into HUB_DATA_DIR (not in production)',
  }),
  HUB_DATA_DIR: str({ default: '.data', desc: 'Folder of the embedded databases and of generated secrets, or :memory:' }),
  HUB_DEV_MODE: bool({ default: false, desc: 'Let subgraphs accept calls that do not come through the gateway' }),
  HUB_SHUTDOWN_GRACE_MS: num({ default: 10_000, desc: 'On SIGTERM/SIGINT, how long requests in flight may take to finish' }),
  ...observabilitySpecs(),
};

export const identitySpecs = {
  HUB_JWT_SECRET: str({ default: '', desc: 'HS256 secret for bearer tokens; unset: generated into HUB_DATA_DIR (not in production)' }),
  HUB_TOKEN_MAX_LIFETIME: duration({ default: 12 * 3600, desc: 'Longest accepted bearer token lifetime (exp - iat), e.g. 12h' }),
  HUB_JWKS_URL: optionalUrl({ default: undefined, desc: 'JWKS endpoint of an identity provider (RS256/ES256)' }),
  HUB_JWT_ISSUER: str({ default: '', desc: 'Expected `iss` claim (empty: not checked)' }),
  HUB_JWT_AUDIENCE: str({ default: '', desc: 'Expected `aud` claim (empty: not checked)' }),
};

/** The bearer-token verification that identitySpecs configure, for `bearerVerifier` (shared/identity.ts). */
export const bearerOptionsFromConfig = (config: Record<string, unknown>, secret: string) => ({
  secret,
  jwksUrl: (config.HUB_JWKS_URL as string | undefined) || undefined,
  issuer: (config.HUB_JWT_ISSUER as string | undefined) || undefined,
  audience: (config.HUB_JWT_AUDIENCE as string | undefined) || undefined,
  maxLifetime: Number(config.HUB_TOKEN_MAX_LIFETIME),
});

export const databaseSpecs = {
  HUB_DATA_DIR: str({ default: '.data', desc: 'Folder of the embedded databases, or :memory:' }),
  DATABASE_URL: optionalUrl({ default: undefined, desc: 'PostgreSQL server; without it an embedded PGlite database is used' }),
  HUB_SEED: str({ choices: ['auto', 'never'], default: 'auto', desc: 'Load the sample data into an empty database' }),
  HUB_EMBEDDED_FSYNC: bool({ default: true, desc: 'Embedded: flush the WAL to disk before a commit is acknowledged' }),
};

/** Operation limits, CORS, trusted documents and introspection (see shared/edge.ts and README, "Limits"). */
const positiveInt = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(String(input).trim()) || !Number.isSafeInteger(value) || value < 1)
    throw new Error(`"${input}" is not a whole number of 1 or more`);
  return value;
});
const wholeNumber = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(String(input).trim()) || !Number.isSafeInteger(value)) throw new Error(`"${input}" is not a whole number of 0 or more`);
  return value;
});
const optionalBool = makeValidator<boolean | undefined>((input) => {
  if (input === undefined || input === '') return undefined;
  if (/^(true|1|yes)$/i.test(input)) return true;
  if (/^(false|0|no)$/i.test(input)) return false;
  throw new Error(`"${input}" is not true or false`);
});

export const limitSpecs = {
  HUB_MAX_DEPTH: positiveInt({ default: DEFAULT_LIMITS.maxDepth, desc: 'Deepest nesting of fields in an operation' }),
  HUB_MAX_ALIASES: positiveInt({ default: DEFAULT_LIMITS.maxAliases, desc: 'Most aliases in a document' }),
  HUB_MAX_TOKENS: positiveInt({ default: DEFAULT_LIMITS.maxTokens, desc: 'Most tokens in a document' }),
  HUB_MAX_DIRECTIVES: positiveInt({ default: DEFAULT_LIMITS.maxDirectives, desc: 'Most directives in a document' }),
  HUB_MAX_COST: positiveInt({ default: DEFAULT_LIMITS.maxCost, desc: 'Most objects an operation may return, lists weighed by page size' }),
  HUB_INTROSPECTION: optionalBool({
    default: undefined,
    desc: 'Introspection and "Did you mean" suggestions (default: on, off when NODE_ENV=production)',
  }),
};

/** Webhook delivery (shared/webhooks.ts; README, "Webhooks"). */
export const webhookSpecs = {
  HUB_WEBHOOK_ALLOW_LOCAL_HTTP: bool({
    default: false,
    desc: 'Accept http:// webhook endpoints on this machine (127.0.0.1, localhost): tests and development only',
  }),
  HUB_WEBHOOK_RETRY_BASE_MS: positiveInt({
    default: 30_000,
    desc: 'Wait before the first webhook retry; each later one waits twice as long',
  }),
  HUB_WEBHOOK_MAX_ATTEMPTS: positiveInt({ default: 10, desc: 'Attempts before a webhook delivery is FAILED' }),
  HUB_WEBHOOK_TIMEOUT_MS: positiveInt({
    default: 10_000,
    desc: 'Time limit of one webhook delivery attempt; an attempt cut off by a crash is taken up again 5 s after it',
  }),
  HUB_WEBHOOK_POLL_MS: positiveInt({
    default: 60_000,
    desc: 'Longest a subgraph waits before looking for webhook work it was not woken for',
  }),
};

/** The webhook settings from validated variables. */
export const webhookOptionsFromConfig = (config: Record<string, unknown>) => ({
  allowLocalHttp: config.HUB_WEBHOOK_ALLOW_LOCAL_HTTP === true,
  retryBaseMs: Number(config.HUB_WEBHOOK_RETRY_BASE_MS),
  maxAttempts: Number(config.HUB_WEBHOOK_MAX_ATTEMPTS),
  pollMs: Number(config.HUB_WEBHOOK_POLL_MS),
  timeoutMs: Number(config.HUB_WEBHOOK_TIMEOUT_MS),
});

export const gatewayEdgeSpecs = {
  HUB_REQUEST_TIMEOUT_MS: wholeNumber({ default: DEFAULT_REQUEST_TIMEOUT_MS, desc: 'Longest a gateway request may take (0: no limit)' }),
  HUB_CORS_ORIGINS: str({ default: '', desc: 'Comma-separated origins allowed to call from a browser (* for any)' }),
  HUB_TRUSTED_DOCUMENTS: str({ default: '', desc: 'JSON manifest of sha256 hash -> document; when set only these operations run' }),
};

const milliseconds = makeValidator<number>((input) => {
  const value = Number(input);
  if (!/^\d+$/.test(String(input).trim()) || value < 1)
    throw new Error(`"${String(input).slice(0, 20)}" is not a positive number of milliseconds`);
  return value;
});

/** What the gateway reads, in one process with the subgraphs or alone. */
/** The time limit of one gateway->subgraph call when HUB_SUBGRAPH_TIMEOUT_MS does not set one. */
export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 10_000;

export const gatewaySpecs = {
  HUB_GATEWAY_PORT: port({ default: 4000, desc: 'Gateway port' }),
  HUB_SUPERGRAPH: str({ default: SUPERGRAPH_PATH, desc: 'The composed supergraph the gateway serves' }),
  HUB_SUBGRAPH_TIMEOUT_MS: milliseconds({
    default: DEFAULT_SUBGRAPH_TIMEOUT_MS,
    desc: 'Time limit of one gateway->subgraph call, in milliseconds',
  }),
};

export { bool, port, str, url, host, optionalUrl };

/** `peer-reviews` -> `PEER_REVIEWS`, the prefix of a subgraph's own variables. */
export const envPrefix = (subgraph: string) => subgraph.toUpperCase().replace(/[^A-Z0-9]/g, '_');

/** A subgraph as configuration sees it (shared/subgraph.ts SubgraphDefinition has both). */
export interface ConfiguredSubgraph {
  name: string;
  defaultPort: number;
}

const portSpec = (subgraph: ConfiguredSubgraph) => ({
  [`${envPrefix(subgraph.name)}_PORT`]: port({ default: subgraph.defaultPort, desc: `Port of the ${subgraph.name} subgraph` }),
});
const databaseUrlSpec = (subgraph: ConfiguredSubgraph) => ({
  [`${envPrefix(subgraph.name)}_DATABASE_URL`]: optionalUrl({
    default: undefined,
    desc: `PostgreSQL server of the ${subgraph.name} subgraph, overriding DATABASE_URL`,
  }),
});
const urlSpec = (subgraph: ConfiguredSubgraph) => ({
  [`${envPrefix(subgraph.name)}_URL`]: optionalUrl({
    default: undefined,
    desc: `Where the gateway alone finds the ${subgraph.name} subgraph (default http://localhost:<its port>/graphql)`,
  }),
});
const each = (subgraphs: readonly ConfiguredSubgraph[], spec: (s: ConfiguredSubgraph) => Record<string, ValidatorSpec<unknown>>) =>
  Object.assign({}, ...subgraphs.map(spec)) as Record<string, ValidatorSpec<unknown>>;

/**
 * Every variable of each way to run the hub, in one place: `npm start` (`hub`: the gateway and every
 * subgraph in one process), `npm run start:gateway` (`gateway` alone) and `npm run start:subgraph`
 * (`subgraph` alone). A variable means the same in every role that reads it; the README's
 * Configuration table is checked against these (test/configuration.test.ts).
 */
export const roleSpecs = {
  hub: (subgraphs: readonly ConfiguredSubgraph[]) => ({
    ...commonSpecs,
    ...identitySpecs,
    ...databaseSpecs,
    ...gatewaySpecs,
    ...each(subgraphs, portSpec),
    ...each(subgraphs, databaseUrlSpec),
    ...limitSpecs,
    ...gatewayEdgeSpecs,
    ...webhookSpecs,
  }),
  gateway: (subgraphs: readonly ConfiguredSubgraph[]) => ({
    ...commonSpecs,
    ...identitySpecs,
    ...gatewaySpecs,
    ...each(subgraphs, portSpec),
    ...each(subgraphs, urlSpec),
    ...limitSpecs,
    ...gatewayEdgeSpecs,
  }),
  subgraph: (subgraph: ConfiguredSubgraph) => ({
    ...commonSpecs,
    ...identitySpecs,
    ...databaseSpecs,
    ...portSpec(subgraph),
    ...databaseUrlSpec(subgraph),
    ...limitSpecs,
    ...webhookSpecs,
  }),
};

/** Where the gateway started alone finds each subgraph: `<SUBGRAPH>_URL`, else localhost at `<SUBGRAPH>_PORT`. */
export const subgraphUrlsFromConfig = (config: Record<string, unknown>, subgraphs: readonly ConfiguredSubgraph[]) =>
  Object.fromEntries(
    subgraphs.map((s) => {
      const prefix = envPrefix(s.name);
      return [s.name, (config[`${prefix}_URL`] as string | undefined) ?? `http://localhost:${config[`${prefix}_PORT`] as number}/graphql`];
    }),
  );
