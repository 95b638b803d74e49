import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { unauthenticated } from './errors';

export const ROLES = ['admin', 'municipality', 'organiser', 'funder', 'reviewer'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is calling. Anonymous callers have no subject and no roles. A municipality is bound to a city;
 * an organiser or a funder to an organisation; a reviewer is a person bound to a city or an organisation.
 */
export interface Identity {
  subject: string | null;
  name?: string;
  roles: Role[];
  cityId?: string;
  organisationId?: string;
}

export const ANONYMOUS: Identity = Object.freeze({ subject: null, roles: [] }) as Identity;

export const isAuthenticated = (identity: Identity) => identity.subject !== null;
export const hasRole = (identity: Identity, role: Role) => identity.roles.includes(role);
export const isAdmin = (identity: Identity) => hasRole(identity, 'admin');

/** Claims of a bearer token, as a development token or an identity provider writes them. */
function identityFromClaims(claims: JWTPayload): Identity {
  if (!claims.sub) throw unauthenticated('The token has no subject (sub claim).');
  const raw = claims.roles ?? (claims.role ? [claims.role] : []);
  if (!Array.isArray(raw)) throw unauthenticated('The token roles claim must be a list.');
  const roles = raw.filter((r): r is Role => (ROLES as readonly string[]).includes(String(r)));
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const identity: Identity = {
    subject: claims.sub,
    name: str(claims.name),
    roles,
    cityId: str(claims.cityId),
    organisationId: str(claims.organisationId),
  };
  if (roles.includes('municipality') && !identity.cityId) {
    throw unauthenticated('A municipality token must name its city (cityId claim).');
  }
  for (const role of ['organiser', 'funder'] as const) {
    if (roles.includes(role) && !identity.organisationId) {
      throw unauthenticated(`An ${role} token must name its organisation (organisationId claim).`);
    }
  }
  return identity;
}

export interface BearerVerifierOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Longest accepted lifetime (exp - iat, or exp - now without iat), in seconds; default 12 h. */
  maxLifetime?: number;
}

export const DEFAULT_TOKEN_MAX_LIFETIME = 12 * 3600;

/** Verifies callers' bearer tokens: HS256 with a shared secret, or RS256/ES256 against a JWKS. */
export function bearerVerifier(options: BearerVerifierOptions) {
  const key: Uint8Array | JWTVerifyGetKey = options.jwksUrl
    ? createRemoteJWKSet(new URL(options.jwksUrl))
    : new TextEncoder().encode(options.secret ?? '');
  const algorithms = options.jwksUrl ? ['RS256', 'ES256', 'PS256'] : ['HS256'];
  const maxLifetime = options.maxLifetime ?? DEFAULT_TOKEN_MAX_LIFETIME;
  return async function verify(authorization: string | undefined): Promise<Identity> {
    if (!authorization) return ANONYMOUS;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
    try {
      const { payload } = await jwtVerify(match[1], key as Uint8Array, {
        algorithms,
        issuer: options.issuer || undefined,
        audience: options.audience || undefined,
        requiredClaims: ['exp'],
      });
      const issued = typeof payload.iat === 'number' ? payload.iat : Math.floor(Date.now() / 1000);
      if (payload.exp! - issued > maxLifetime) {
        throw unauthenticated(`The bearer token lives too long: at most ${maxLifetime} seconds are accepted.`);
      }
      return identityFromClaims(payload);
    } catch (error) {
      if (error instanceof Error && 'extensions' in error) throw error;
      if ((error as { claim?: string; reason?: string }).claim === 'exp' && (error as { reason?: string }).reason === 'missing') {
        throw unauthenticated('The bearer token must carry an expiry time (exp claim).');
      }
      throw unauthenticated('The bearer token is invalid or has expired.');
    }
  };
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "90s", "15m", "12h", "1d" (or plain seconds) as seconds. */
export function lifetimeSeconds(text: string): number {
  const match = /^(\d+)\s*([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a lifetime such as 90s, 15m, 12h or 1d.`);
  return Number(match[1]) * UNIT_SECONDS[match[2] || 's'];
}

/** Mints a bearer token for development and tests (`npm run token`). */
export async function mintToken(secret: string, identity: Omit<Identity, 'subject'> & { subject: string }, expiresIn = '12h') {
  // one clock reading for both claims: two readings a second apart would make exp - iat exceed the lifetime
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    roles: identity.roles,
    name: identity.name,
    cityId: identity.cityId,
    organisationId: identity.organisationId,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + lifetimeSeconds(expiresIn))
    .sign(new TextEncoder().encode(secret));
}
