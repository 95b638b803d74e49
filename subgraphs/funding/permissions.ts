import type { FilterQuery } from '@mikro-orm/core';
import { isAdmin, type Identity } from '../../shared/identity';
import { ADMIN, bound, rule, secretariatOnly, type Grant, type PermissionTable } from '../../shared/permissions';
import { MANAGING_ROLES, ParticipationRole } from './entities/enums';
import type { FundingActivity } from './entities/FundingActivity';

/** An organisation's role in an activity (a stored Participation or one of an input's). */
export interface RoleHolder {
  organisationId: string;
  role: ParticipationRole;
}

/** What the activity rules look at: the activity's participating organisations with their roles. */
export interface ActivityParties {
  participations: readonly RoleHolder[];
}

/** A change of an activity: its parties now and, when the input replaces them, the proposed ones. */
export interface ActivityChange extends ActivityParties {
  proposed?: readonly RoleHolder[] | null;
}

const withRole = (participations: readonly RoleHolder[], roles: readonly ParticipationRole[]) =>
  participations.filter((p) => roles.includes(p.role)).map((p) => p.organisationId);

/** The caller's organisation funds the activity or is accountable for it. */
const managing = bound.toOrganisation<ActivityParties>((t) => withRole(t.participations, MANAGING_ROLES));
/** The caller's organisation implements the activity. */
const implementing = bound.toOrganisation<ActivityParties>((t) => withRole(t.participations, [ParticipationRole.IMPLEMENTING]));

/** A funder of the activity: its organisation has the FUNDING or ACCOUNTABLE role in it. */
const FUNDER: Grant<ActivityParties> = { role: 'funder', when: managing };

/** An implementer reports: an organiser or a funder whose organisation has the IMPLEMENTING role. */
const IMPLEMENTERS: Grant<ActivityParties>[] = [
  { role: 'organiser', when: implementing },
  { role: 'funder', when: implementing },
];

const EDIT = 'Only a funder whose organisation has the FUNDING or ACCOUNTABLE role in this activity may change it.';
const REPORT = 'Only the activity’s funder or an organisation implementing it may record its transactions and results.';

/**
 * Who may do what in the funding subgraph, one rule per mutation. Funds are the network
 * secretariat's (admin). A funder creates, edits, publishes and deletes the activities its
 * organisation funds or is accountable for, and keeps their budgets; transactions and results are
 * recorded by the funder or by an organiser or funder of an implementing organisation.
 */
export const permissions = {
  createFund: secretariatOnly('add funds'),
  updateFund: secretariatOnly('edit funds'),

  createFundingActivity: rule<ActivityParties>(
    'Only a funder whose organisation has the FUNDING or ACCOUNTABLE role in the activity may create it.',
    ADMIN,
    FUNDER,
  ),
  /** The funder may not hand the activity away: with new participants, its organisation must still manage it. */
  updateFundingActivity: rule<ActivityChange>(EDIT, ADMIN, {
    role: 'funder',
    when: (identity, target) =>
      managing(identity, target) && (target.proposed == null || managing(identity, { participations: target.proposed })),
  }),
  publishFundingActivity: rule<ActivityParties>(EDIT, ADMIN, FUNDER),
  deleteFundingActivity: rule<ActivityParties>(EDIT, ADMIN, FUNDER),

  addBudget: rule<ActivityParties>(EDIT, ADMIN, FUNDER),
  deleteBudget: rule<ActivityParties>(EDIT, ADMIN, FUNDER),

  recordTransaction: rule<ActivityParties>(REPORT, ADMIN, FUNDER, ...IMPLEMENTERS),
  deleteTransaction: rule<ActivityParties>(REPORT, ADMIN, FUNDER, ...IMPLEMENTERS),
  recordResult: rule<ActivityParties>(REPORT, ADMIN, FUNDER, ...IMPLEMENTERS),
  updateResult: rule<ActivityParties>(REPORT, ADMIN, FUNDER, ...IMPLEMENTERS),
} satisfies PermissionTable;

/**
 * Whether the caller sees the activity (and with it its participations, budgets, transactions and
 * results): it is published, or the caller is an admin or takes part in it. Drafts of others do not
 * exist for the caller (NOT_FOUND, absent from lists, counts and totals).
 */
export function canSee(identity: Identity, activity: Pick<FundingActivity, 'published'>, participations: readonly RoleHolder[]): boolean {
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

/**
 * The same rule for the totals kept as rollups (subgraphs/funding/sql.ts): which published flags the
 * rollups count for the caller, and whether the caller's own drafts are added from their activities.
 */
export function visibleRollup(identity: Identity): { published: boolean[]; ownDrafts: boolean } {
  if (isAdmin(identity)) return { published: [true, false], ownDrafts: false };
  return { published: [true], ownDrafts: Boolean(identity.organisationId) };
}
