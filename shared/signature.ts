import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ROLES, type Identity, type Role } from './identity';

/**
 * Gateway -> subgraph request signing: an HMAC-SHA256 over the exact request body, the target
 * subgraph's name and a timestamp, in the spirit of Hive Gateway's upstream HMAC signature (which
 * signs the body) with a timestamp and the target added.
 *
 *   x-hub-gateway-signature: t=<unix seconds>, v1=<hex HMAC-SHA256(secret, "v1:<t>:<subgraph>:<hex SHA-256(body)>")>
 *
 * The caller's identity travels inside the signed body, as `extensions.hubIdentity`, so it is
 * covered by the signature too. A subgraph refuses a signature older than SIGNATURE_MAX_AGE seconds
 * (or more than SIGNATURE_MAX_SKEW seconds in the future), made for another subgraph, or for
 * other bytes.
 */
export const SIGNATURE_HEADER = 'x-hub-gateway-signature';
export const IDENTITY_EXTENSION = 'hubIdentity';
export const SIGNATURE_MAX_AGE = 30;
export const SIGNATURE_MAX_SKEW = 5;

const sha256Hex = (body: string | Uint8Array) => createHash('sha256').update(body).digest('hex');

/** The string the HMAC is computed over. */
export const signingInput = (timestamp: number, subgraph: string, body: string | Uint8Array) =>
  `v1:${timestamp}:${subgraph}:${sha256Hex(body)}`;

/** The header value for `body` sent to `subgraph` at `timestamp` (unix seconds). */
export function signRequest(
  secret: string,
  subgraph: string,
  body: string | Uint8Array,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const mac = createHmac('sha256', secret)
    .update(signingInput(timestamp, subgraph, body))
    .digest('hex');
  return `t=${timestamp}, v1=${mac}`;
}

export class SignatureError extends Error {}

const HEADER_PATTERN = /^\s*t=(\d{1,12})\s*,\s*v1=([0-9a-f]{64})\s*$/;

/**
 * Checks a signature header against the raw body this subgraph received; throws SignatureError
 * (one message for every failure, so nothing tells a forger which part was wrong).
 */
export function verifyRequest(
  secret: string,
  subgraph: string,
  header: string | undefined,
  body: Uint8Array | string | undefined,
  now = Date.now(),
): void {
  const refuse = () => new SignatureError('This service accepts requests only from the Intercity Hub gateway.');
  const match = header ? HEADER_PATTERN.exec(header) : null;
  if (!match || body === undefined) throw refuse();
  const timestamp = Number(match[1]);
  const seconds = now / 1000;
  if (seconds - timestamp > SIGNATURE_MAX_AGE || timestamp - seconds > SIGNATURE_MAX_SKEW) throw refuse();
  const expected = createHmac('sha256', secret)
    .update(signingInput(timestamp, subgraph, body))
    .digest();
  const given = Buffer.from(match[2], 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refuse();
}

/** The caller's identity as the gateway wrote it into the signed body; anything malformed is refused. */
export function identityFromSignedBody(body: unknown): Identity {
  const raw = (body as { extensions?: Record<string, unknown> } | null)?.extensions?.[IDENTITY_EXTENSION] as
    Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object') throw new SignatureError('The signed request does not carry the caller’s identity.');
  const str = (v: unknown) => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const subject = raw.subject === null ? null : str(raw.subject);
  if (subject === undefined || !Array.isArray(raw.roles))
    throw new SignatureError('The signed request does not carry the caller’s identity.');
  const roles = raw.roles.filter((r): r is Role => (ROLES as readonly string[]).includes(String(r)));
  return { subject, name: str(raw.name), roles, cityId: str(raw.cityId), organisationId: str(raw.organisationId) };
}
