import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { isAdmin, type Identity } from '../../shared/identity';
import { holds, requireAdmin, requireRule } from '../../shared/permissions';
import { MANAGING_ROLES, ParticipationRole } from './entities/enums';
import type { FundingActivity } from './entities/FundingActivity';

interface RoleHolder {
  organisationId: string;
  role: ParticipationRole;
}

const hasRoleIn = (identity: Identity, participations: RoleHolder[], roles: ParticipationRole[]) =>
  identity.organisationId != null && participations.some((p) => p.organisationId === identity.organisationId && roles.includes(p.role));

/**
 * Who may do what in the funding subgraph. Published activities are public; drafts are visible only
 * to their participating organisations and admins.
 */
export const can = {
  /** Funds: the network secretariat. */
  manageFunds: (ctx: HubContext, action: string) => requireAdmin(ctx, action),

  /** Any funder may start an activity, as long as its own organisation funds it or is accountable for it. */
  createActivity: (ctx: HubContext, participations: RoleHolder[]) =>
    requireRule(
      ctx,
      (identity) => holds(identity, 'funder') && hasRoleIn(identity, participations, MANAGING_ROLES),
      'Only a funder whose organisation has the FUNDING or ACCOUNTABLE role in the activity may create it.',
    ),

  /** A funder edits, publishes and deletes activities its organisation funds or is accountable for. */
  editActivity: (ctx: HubContext, participations: RoleHolder[]) =>
    requireRule(
      ctx,
      (identity) => holds(identity, 'funder') && hasRoleIn(identity, participations, MANAGING_ROLES),
      'Only a funder whose organisation has the FUNDING or ACCOUNTABLE role in this activity may change it.',
    ),

  /**
   * Transactions and results: the activity's funder (as for editing), or an implementer: an organiser
   * or funder whose organisation has the IMPLEMENTING role in the activity.
   */
  reportOnActivity: (ctx: HubContext, participations: RoleHolder[]) =>
    requireRule(
      ctx,
      (identity) =>
        (holds(identity, 'funder') && hasRoleIn(identity, participations, MANAGING_ROLES)) ||
        ((holds(identity, 'organiser') || holds(identity, 'funder')) && hasRoleIn(identity, participations, [ParticipationRole.IMPLEMENTING])),
      'Only the activity’s funder or an organisation implementing it may record its transactions and results.',
    ),
};

/** Whether the caller sees the activity: it is published, or the caller is an admin or takes part in it. */
export function canSee(identity: Identity, activity: FundingActivity, participations: RoleHolder[]): boolean {
  return activity.published || isAdmin(identity) || participations.some((p) => p.organisationId === identity.organisationId);
}

/** The same rule as a database filter, so that lists, counts and totals never include others' drafts. */
export function visibleWhere(identity: Identity): FilterQuery<FundingActivity> {
  if (isAdmin(identity)) return {};
  if (identity.organisationId) {
    return { $or: [{ published: true }, { participations: { $some: { organisationId: identity.organisationId, deletedAt: null } } }] };
  }
  return { published: true };
}
