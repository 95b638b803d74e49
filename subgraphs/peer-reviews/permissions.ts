import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { forbidden } from '../../shared/errors';
import { isAdmin, type Identity } from '../../shared/identity';
import { holds, requireAdmin, requireRule, requireSignedIn } from '../../shared/permissions';
import { PUBLIC_STATUSES } from './entities/enums';
import type { PeerReview } from './entities/PeerReview';
import { Reviewer } from './entities/Reviewer';

/**
 * Ids of the (live) reviews the caller is an assigned reviewer of: a caller with the reviewer role
 * whose token subject is bound to a Reviewer row. One query per request, shared by every check.
 */
export function assignedReviewIds(ctx: HubContext): Promise<Set<string>> {
  const identity = ctx.identity;
  if (!identity.subject || !holds(identity, 'reviewer')) return Promise.resolve(new Set());
  const loader = ctx.loaders.custom<string, Set<string>>('peer-reviews:assigned', async (em, subjects) => {
    const rows = await em.find(Reviewer, { subject: { $in: [...subjects] } });
    return subjects.map((s) => new Set(rows.filter((r) => r.subject === s).map((r) => r.peerReview.id)));
  });
  return loader.load(identity.subject);
}

export const isHost = (identity: Identity, review: PeerReview) =>
  holds(identity, 'municipality') && identity.cityId === review.hostCityId;

/** Whether the caller may see a review: the public from REPORTED on; before that admins, its reviewers and the host. */
export async function canSee(ctx: HubContext, review: PeerReview): Promise<boolean> {
  if (PUBLIC_STATUSES.includes(review.status)) return true;
  const identity = ctx.identity;
  if (isAdmin(identity) || isHost(identity, review)) return true;
  return (await assignedReviewIds(ctx)).has(review.id);
}

/** The same rule as a query condition, for lists (so hidden reviews are simply not there). */
export async function visibleWhere(ctx: HubContext): Promise<FilterQuery<PeerReview>> {
  const identity = ctx.identity;
  if (isAdmin(identity)) return {};
  const or: FilterQuery<PeerReview>[] = [{ status: { $in: PUBLIC_STATUSES } }];
  if (holds(identity, 'municipality') && identity.cityId) or.push({ hostCityId: identity.cityId });
  const assigned = await assignedReviewIds(ctx);
  if (assigned.size > 0) or.push({ id: { $in: [...assigned] } });
  return or.length === 1 ? or[0] : { $or: or };
}

/** Who may change what in the peer-reviews subgraph. */
export const can = {
  /** Planning reviews, assigning reviewers and moving the lifecycle: the network secretariat. */
  manage: (ctx: HubContext, action: string) => requireAdmin(ctx, action),

  /** The programme, the report and the recommendations: the review's assigned reviewers (and admins). */
  async writeAsReviewer(ctx: HubContext, review: PeerReview) {
    const identity = requireSignedIn(ctx);
    if (isAdmin(identity)) return identity;
    if ((await assignedReviewIds(ctx)).has(review.id)) return identity;
    throw forbidden('Only the reviewers assigned to this peer review may write its programme, report and recommendations.');
  },

  /** Responses to recommendations and their follow-up: the host municipality (and admins). */
  respondAsHost: (ctx: HubContext, review: PeerReview) =>
    requireRule(ctx, (identity) => isHost(identity, review), 'Only the host city’s municipality may respond to and follow up the recommendations.'),

  /** A reviewer's token subject is shown to admins and to the person it identifies. */
  seeSubject: (ctx: HubContext, subject: string | null | undefined) =>
    isAdmin(ctx.identity) || (subject != null && ctx.identity.subject === subject),
};
