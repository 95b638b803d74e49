import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { resolveTokenRequest } from '../bin/token';
import { hubOptionsFromEnv } from '../gateway/env';
import { ConfigError } from '../shared/config';
import { sampleIds } from '../shared/sample-ids';
import { resolveSecrets, SECRETS_FILE } from '../shared/secrets';
import { cities } from '../subgraphs/cities';
import { startTestHub, TEST_JWT_SECRET, type TestHub } from './helpers';

/** No secret in the repository: generated per data directory, required and checked in production. */

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-secrets-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const GOOD = 'a-configured-secret-of-forty-characters-x';
/** The values the repository once published as defaults, assembled so that they appear nowhere in it. */
const published = (kind: 'jwt' | 'internal') => ['intercity', 'hub', 'development', kind, 'secret', 'change', 'me'].join('-');

/** What `npm start` / start:gateway / start:subgraph would print: the ConfigError's message. */
const startError = (env: NodeJS.ProcessEnv) => {
  try {
    hubOptionsFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('start-up was not refused');
};

test('a first start without configuration generates random secrets into the data directory, mode 0600; later starts reuse them', () => {
  const dataDir = join(tempDir(), 'data');
  const first = hubOptionsFromEnv({ HUB_DATA_DIR: dataDir });
  const file = join(dataDir, SECRETS_FILE);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(first.jwtSecret).toMatch(/^[A-Za-z0-9_-]{64}$/);
  expect(first.internalSecret).toMatch(/^[A-Za-z0-9_-]{64}$/);
  expect(first.jwtSecret).not.toBe(first.internalSecret);
  expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ HUB_JWT_SECRET: first.jwtSecret, HUB_INTERNAL_SECRET: first.internalSecret });
  const second = hubOptionsFromEnv({ HUB_DATA_DIR: dataDir });
  expect([second.jwtSecret, second.internalSecret]).toEqual([first.jwtSecret, first.internalSecret]);
  // another data directory gets other secrets; a configured one wins and is not written
  const other = hubOptionsFromEnv({ HUB_DATA_DIR: join(tempDir(), 'data') });
  expect(other.jwtSecret).not.toBe(first.jwtSecret);
  const configuredDir = join(tempDir(), 'data');
  const configured = hubOptionsFromEnv({ HUB_DATA_DIR: configuredDir, HUB_JWT_SECRET: GOOD, HUB_INTERNAL_SECRET: GOOD + 'y' });
  expect([configured.jwtSecret, configured.internalSecret]).toEqual([GOOD, GOOD + 'y']);
  expect(existsSync(join(configuredDir, SECRETS_FILE))).toBe(false);
});

test('with HUB_DATA_DIR=:memory: the secrets are generated for the process and written nowhere', () => {
  const options = hubOptionsFromEnv({ HUB_DATA_DIR: ':memory:' });
  expect(options.jwtSecret).toMatch(/^[A-Za-z0-9_-]{64}$/);
  expect(existsSync(join(':memory:', SECRETS_FILE))).toBe(false);
  expect(resolveSecrets({ configured: {}, needed: ['HUB_JWT_SECRET'], dataDir: ':memory:', production: false }).HUB_JWT_SECRET).toBe(
    options.jwtSecret,
  );
});

test('production refuses to start without configured secrets, with one line naming the variable', () => {
  const dataDir = tempDir();
  expect(startError({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir })).toBe(
    'HUB_JWT_SECRET must be set when NODE_ENV=production (at least 32 random characters, e.g. openssl rand -base64 48).',
  );
  expect(startError({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, HUB_JWT_SECRET: GOOD })).toBe(
    'HUB_INTERNAL_SECRET must be set when NODE_ENV=production (at least 32 random characters, e.g. openssl rand -base64 48).',
  );
  // with an identity provider, the JWT secret is not needed; the internal one still is
  expect(startError({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, HUB_JWKS_URL: 'https://idp.example/jwks.json' })).toMatch(
    /^HUB_INTERNAL_SECRET must be set/,
  );
  expect(existsSync(join(dataDir, SECRETS_FILE))).toBe(false);
  const ok = hubOptionsFromEnv({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, HUB_JWT_SECRET: GOOD, HUB_INTERNAL_SECRET: GOOD + 'y' });
  expect(ok.jwtSecret).toBe(GOOD);
});

test('production refuses the published development values and short secrets', () => {
  const dataDir = tempDir();
  expect(startError({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, HUB_JWT_SECRET: published('jwt'), HUB_INTERNAL_SECRET: GOOD })).toBe(
    'HUB_JWT_SECRET is a published development value; set a secret of your own for production.',
  );
  expect(
    startError({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, HUB_JWT_SECRET: GOOD, HUB_INTERNAL_SECRET: published('internal') }),
  ).toBe('HUB_INTERNAL_SECRET is a published development value; set a secret of your own for production.');
  expect(startError({ NODE_ENV: 'production', HUB_DATA_DIR: dataDir, HUB_JWT_SECRET: 'short', HUB_INTERNAL_SECRET: GOOD })).toBe(
    'HUB_JWT_SECRET must be at least 32 characters long (generate one with: openssl rand -base64 48).',
  );
  for (const message of [startError({ NODE_ENV: 'production' })]) expect(message).not.toContain('\n');
});

test('HUB_TOKEN_MAX_LIFETIME is validated and read', () => {
  expect(hubOptionsFromEnv({ HUB_DATA_DIR: ':memory:' }).tokenMaxLifetime).toBe(12 * 3600);
  expect(hubOptionsFromEnv({ HUB_DATA_DIR: ':memory:', HUB_TOKEN_MAX_LIFETIME: '30m' }).tokenMaxLifetime).toBe(1800);
  expect(() => hubOptionsFromEnv({ HUB_DATA_DIR: ':memory:', HUB_TOKEN_MAX_LIFETIME: 'forever' })).toThrow(/HUB_TOKEN_MAX_LIFETIME/);
});

describe('bearer tokens', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub([cities], { seed: false });
  }, 300_000);
  afterAll(() => hub?.close());

  const ME = `{ __typename }`;
  const sign = (build: (jwt: SignJWT) => SignJWT) =>
    build(new SignJWT({ roles: ['admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('someone')).sign(
      new TextEncoder().encode(TEST_JWT_SECRET),
    );
  const refusal = (message: string) => ({
    status: 401,
    errors: [expect.objectContaining({ message, extensions: { code: 'UNAUTHENTICATED' } })],
  });
  const ask = async (token: string) => {
    const result = await hub.query(ME, {}, { token });
    return { status: result.status, errors: result.errors };
  };

  test('a token without exp is refused', async () => {
    expect(await ask(await sign((jwt) => jwt.setIssuedAt()))).toEqual(refusal('The bearer token must carry an expiry time (exp claim).'));
  });

  test('a token that lives longer than HUB_TOKEN_MAX_LIFETIME (12 h by default) is refused', async () => {
    const now = Math.floor(Date.now() / 1000);
    const tooLong = 'The bearer token lives too long: at most 43200 seconds are accepted.';
    expect(await ask(await sign((jwt) => jwt.setIssuedAt(now).setExpirationTime(now + 12 * 3600 + 1)))).toEqual(refusal(tooLong));
    // without iat, exp may not be further than the longest lifetime from now
    expect(await ask(await sign((jwt) => jwt.setExpirationTime(now + 30 * 24 * 3600)))).toEqual(refusal(tooLong));
    expect(await ask(await sign((jwt) => jwt.setIssuedAt(now).setExpirationTime(now + 12 * 3600)))).toEqual({
      status: 200,
      errors: undefined,
    });
    expect(await ask(await sign((jwt) => jwt.setExpirationTime(now + 60)))).toEqual({ status: 200, errors: undefined });
  });
});

describe('npm run token', () => {
  const MAX = 12 * 3600;
  const request = (overrides: Partial<Parameters<typeof resolveTokenRequest>[0]>) =>
    resolveTokenRequest({ roles: ['admin'], expires: '12h', ...overrides }, MAX);
  const refused = (overrides: Partial<Parameters<typeof resolveTokenRequest>[0]>) => {
    try {
      request(overrides);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('the token request was not refused');
  };

  test('resolves sample slugs to their ids', () => {
    expect(request({ roles: ['municipality'], city: 'trondheim' })).toEqual({
      roles: ['municipality'],
      cityId: sampleIds.city('trondheim'),
      organisationId: undefined,
      lifetime: MAX,
    });
    expect(request({ roles: ['funder'], organisation: 'imdi', expires: '30m' })).toMatchObject({
      organisationId: sampleIds.organisation('imdi'),
      lifetime: 1800,
    });
  });

  test('refuses an unknown role', () => {
    expect(refused({ roles: ['mayor'] })).toBe(
      'Unknown role "mayor": --role must be one of admin, municipality, organiser, funder, reviewer (repeat it for several).',
    );
    expect(refused({ roles: [] })).toBe('--role must be one of admin, municipality, organiser, funder, reviewer (repeat it for several).');
  });

  test('refuses an unknown city or organisation slug', () => {
    expect(refused({ roles: ['municipality'], city: 'atlantis' })).toMatch(
      /^Unknown city "atlantis": --city takes an id or the slug of a sample city \(lillehammer, trondheim, /,
    );
    expect(refused({ roles: ['organiser'], organisation: 'acme' })).toMatch(
      /^Unknown organisation "acme": --organisation takes an id or the slug of a sample organisation \(eurocities, /,
    );
  });

  test('refuses a role without the city or organisation it needs, and a lifetime over the maximum', () => {
    expect(refused({ roles: ['municipality'] })).toBe('A municipality token needs --city.');
    expect(refused({ roles: ['funder'] })).toBe('A funder token needs --organisation.');
    expect(refused({ expires: '13h' })).toBe('--expires: at most 43200 seconds (HUB_TOKEN_MAX_LIFETIME); a longer token would be refused.');
    expect(refused({ expires: 'soon' })).toBe('--expires: "soon" is not a duration such as 12h, 30m or 3600s.');
  });
});
