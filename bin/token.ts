import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { ConfigError, databaseSpecs, identitySpecs, parseDuration, port, readEnv } from '../shared/config';
import { mintToken, ROLES, type Role } from '../shared/identity';
import { isUuid } from '../shared/lookup';
import { sampleIds } from '../shared/sample-ids';
import { secretsFromConfig } from '../shared/secrets';
import { SAMPLE_CITY_SLUGS, SAMPLE_ORGANISATION_SLUGS } from '../subgraphs/cities/seed';

/**
 * `npm run token -- --role municipality --city trondheim [--sub name] [--expires 12h]` prints a
 * development bearer token signed with HUB_JWT_SECRET (configured, or the one generated into
 * HUB_DATA_DIR by the first start). --city and --organisation take the slug of a sample city or
 * organisation, or an id: an id is checked against the running hub (HUB_GATEWAY_PORT) when it
 * answers; when it does not, the token is minted with a warning that the id could not be checked.
 */
export interface TokenRequest {
  roles: string[];
  sub?: string;
  name?: string;
  city?: string;
  organisation?: string;
  expires: string;
}

/** Checks the request and resolves slugs to ids; a ConfigError explains what is wrong. */
export function resolveTokenRequest(request: TokenRequest, maxLifetime: number) {
  const unknown = request.roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (request.roles.length === 0 || unknown.length > 0) {
    const shown = unknown.map((r) => JSON.stringify(r.slice(0, 40))).join(', ');
    throw new ConfigError(
      `${unknown.length > 0 ? `Unknown role ${shown}: ` : ''}--role must be one of ${ROLES.join(', ')} (repeat it for several).`,
    );
  }
  const resolve = (kind: 'city' | 'organisation', value: string | undefined, slugs: readonly string[]) => {
    if (value === undefined) return undefined;
    if (isUuid(value)) return value;
    if (!slugs.includes(value)) {
      throw new ConfigError(
        `Unknown ${kind} "${value.slice(0, 40)}": --${kind} takes an id or the slug of a sample ${kind} (${slugs.join(', ')}).`,
      );
    }
    return sampleIds[kind](value);
  };
  const cityId = resolve('city', request.city, SAMPLE_CITY_SLUGS);
  const organisationId = resolve('organisation', request.organisation, SAMPLE_ORGANISATION_SLUGS);
  const roles = request.roles as Role[];
  if (roles.includes('municipality') && !cityId) throw new ConfigError('A municipality token needs --city.');
  for (const role of ['organiser', 'funder'] as const) {
    if (roles.includes(role) && !organisationId)
      throw new ConfigError(`${role === 'organiser' ? 'An' : 'A'} ${role} token needs --organisation.`);
  }
  let lifetime: number;
  try {
    lifetime = parseDuration(request.expires);
  } catch (error) {
    throw new ConfigError(`--expires: ${(error as Error).message}.`);
  }
  if (lifetime > maxLifetime)
    throw new ConfigError(`--expires: at most ${maxLifetime} seconds (HUB_TOKEN_MAX_LIFETIME); a longer token would be refused.`);
  return { roles, cityId, organisationId, lifetime };
}

/** Whether the running hub knows an id: true/false, or null when no hub answers. */
async function hubKnows(url: string, kind: 'city' | 'organisation', id: string): Promise<boolean | null> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query($id: ID!) { ${kind}(id: $id) { id } }`, variables: { id } }),
      signal: AbortSignal.timeout(2000),
    });
    const body = (await response.json()) as { data?: Record<string, { id: string } | null>; errors?: { extensions?: { code?: string } }[] };
    if (body.data?.[kind]?.id === id) return true;
    if (body.errors?.some((e) => e.extensions?.code === 'NOT_FOUND')) return false;
    return null;
  } catch {
    return null;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true, default: [] },
      sub: { type: 'string' },
      name: { type: 'string' },
      city: { type: 'string' },
      organisation: { type: 'string' },
      expires: { type: 'string', default: '12h' },
    },
  });
  const env = readEnv({
    ...identitySpecs,
    HUB_DATA_DIR: databaseSpecs.HUB_DATA_DIR,
    HUB_GATEWAY_PORT: port({ default: 4000 }),
  }) as unknown as {
    HUB_JWT_SECRET: string;
    HUB_DATA_DIR: string;
    HUB_TOKEN_MAX_LIFETIME: number;
    HUB_GATEWAY_PORT: number;
  };
  const request = resolveTokenRequest({ ...values, roles: values.role as string[] } as TokenRequest, env.HUB_TOKEN_MAX_LIFETIME);
  const hubUrl = `http://localhost:${env.HUB_GATEWAY_PORT}/graphql`;
  for (const [kind, given, id] of [
    ['city', values.city, request.cityId],
    ['organisation', values.organisation, request.organisationId],
  ] as const) {
    if (!id || !given || !isUuid(given)) continue;
    const known = await hubKnows(hubUrl, kind, id);
    if (known === false) throw new ConfigError(`Unknown ${kind} ${id}: the hub at ${hubUrl} has no such ${kind}.`);
    if (known === null) console.error(`warning: no hub answered at ${hubUrl}, so --${kind} ${id} could not be checked.`);
  }
  const { jwtSecret } = secretsFromConfig({ ...env, HUB_INTERNAL_SECRET: '' }, process.env, ['HUB_JWT_SECRET']);
  const token = await mintToken(
    jwtSecret,
    {
      subject: values.sub ?? `dev-${request.roles.join('-')}`,
      name: values.name,
      roles: request.roles,
      cityId: request.cityId,
      organisationId: request.organisationId,
    },
    `${request.lifetime}s`,
  );
  console.log(token);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
