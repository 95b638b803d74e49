import type { HubContext } from './context';
import { forbidden, unauthenticated } from './errors';
import { isAdmin, isAuthenticated, type Identity, type Role } from './identity';

/**
 * One grant of a right: a role, and (for roles bound to a city or an organisation) the condition that
 * binds it to the target: the owning city, the participating organisation, the assigned reviewer.
 * `when` gets the request context for lookups that go through the request's loaders.
 */
export interface Grant<T> {
  role: Role;
  when?: (identity: Identity, target: T, ctx: HubContext) => boolean | Promise<boolean>;
}

/** A right: who holds it, and what a caller who does not is told (FORBIDDEN). */
export interface Rule<T> {
  refusal: string;
  grants: readonly Grant<T>[];
}

/** A subgraph's permission table: action → rule. Each subgraph declares one, in `permissions.ts`. */
export type PermissionTable = Record<string, Rule<never>>;

/** Declares a rule on targets of type T. */
export const rule = <T>(refusal: string, ...grants: Grant<T>[]): Rule<T> => ({ refusal, grants });

/** The network secretariat: holds every right it is granted without a binding. */
export const ADMIN: Grant<unknown> = { role: 'admin' };

/** A right only the network secretariat holds; the refusal names the `action`. */
export const secretariatOnly = <T = unknown>(action: string): Rule<NoInfer<T>> =>
  rule<T>(`Only the network secretariat (admin) may ${action}.`, ADMIN);

/** Bindings shared by the subgraphs' tables. */
export const bound = {
  /** The caller's city is the target's city. */
  toCity:
    <T>(cityOf: (target: T) => string | null | undefined) =>
    (identity: Identity, target: T) =>
      identity.cityId != null && identity.cityId === cityOf(target),
  /** The caller's organisation is among the target's organisations. */
  toOrganisation:
    <T>(organisationsOf: (target: T) => readonly (string | null | undefined)[]) =>
    (identity: Identity, target: T) =>
      identity.organisationId != null && organisationsOf(target).includes(identity.organisationId),
};

/** Whether the caller holds the right on the target (anonymous callers hold none). */
export async function holdsRight<T>(ctx: HubContext, right: Rule<T>, target: T): Promise<boolean> {
  const identity = ctx.identity;
  if (!isAuthenticated(identity)) return false;
  for (const grant of right.grants) {
    if (!identity.roles.includes(grant.role)) continue;
    if (!grant.when || (await grant.when(identity, target, ctx))) return true;
  }
  return false;
}

/** Refuses a caller without the right: UNAUTHENTICATED when anonymous, FORBIDDEN otherwise. */
export async function authorise<T>(ctx: HubContext, right: Rule<T>, target: T): Promise<Identity> {
  const identity = requireSignedIn(ctx);
  if (!(await holdsRight(ctx, right, target))) throw forbidden(right.refusal);
  return identity;
}

/** The caller must be signed in; anonymous callers get UNAUTHENTICATED. */
export function requireSignedIn(ctx: HubContext): Identity {
  if (!isAuthenticated(ctx.identity)) throw unauthenticated();
  return ctx.identity;
}

export const holds = (identity: Identity, role: Role) => identity.roles.includes(role);
export { isAdmin };
