import type { HubContext } from './context';
import { forbidden, unauthenticated } from './errors';
import { isAdmin, isAuthenticated, type Identity, type Role } from './identity';

/** The caller must be signed in; anonymous callers get UNAUTHENTICATED. */
export function requireSignedIn(ctx: HubContext): Identity {
  if (!isAuthenticated(ctx.identity)) throw unauthenticated();
  return ctx.identity;
}

/** The caller must be the network secretariat. */
export function requireAdmin(ctx: HubContext, action = 'do this'): Identity {
  const identity = requireSignedIn(ctx);
  if (!isAdmin(identity)) throw forbidden(`Only the network secretariat (admin) may ${action}.`);
  return identity;
}

/**
 * The shape of every permission rule in the hub: admins pass; a signed-in caller passes when `allowed`
 * says so; anonymous callers get UNAUTHENTICATED and everyone else FORBIDDEN with `reason`.
 */
export function requireRule(ctx: HubContext, allowed: (identity: Identity) => boolean, reason: string): Identity {
  const identity = requireSignedIn(ctx);
  if (isAdmin(identity) || allowed(identity)) return identity;
  throw forbidden(reason);
}

export const holds = (identity: Identity, role: Role) => identity.roles.includes(role);
