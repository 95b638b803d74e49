import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { isAdmin, type Identity } from '../../shared/identity';
import { ADMIN, bound, holds, holdsRight, rule, secretariatOnly, type Grant, type PermissionTable } from '../../shared/permissions';
import type { PeerReview } from './entities/PeerReview';
import { Reviewer } from './entities/Reviewer';
import type { CreatePeerReviewInput } from './inputs';
import { isPublished, phases } from './lifecycle';

/** What every write of this subgraph (but planning a new review) acts on: a review, and maybe one of its records. */
export interface OnReview {
  review: PeerReview;
}

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

/** The reviewer role, bound to the reviews whose Reviewer rows carry the caller's token subject. */
const ASSIGNED_REVIEWER: Grant<OnReview> = {
  role: 'reviewer',
  when: async (_identity, { review }, ctx) => (await assignedReviewIds(ctx)).has(review.id),
};

/** The municipality role, bound to the city that hosts the review. */
const HOST_MUNICIPALITY: Grant<OnReview> = { role: 'municipality', when: bound.toCity(({ review }) => review.hostCityId) };

const REVIEWERS = 'Only the reviewers assigned to this peer review may write its programme, report and recommendations.';
const HOST = 'Only the host city’s municipality may respond to and follow up the recommendations.';

/** Who may change what in the peer-reviews subgraph: one rule per mutation. */
export const permissions = {
  createPeerReview: secretariatOnly<CreatePeerReviewInput>('plan peer reviews'),
  updatePeerReview: secretariatOnly<OnReview>('change peer reviews'),
  deletePeerReview: secretariatOnly<OnReview>('delete peer reviews'),
  movePeerReview: secretariatOnly<OnReview>('move peer reviews along their lifecycle'),
  assignReviewer: secretariatOnly<OnReview>('assign reviewers'),
  updateReviewer: secretariatOnly<OnReview>('change reviewers'),
  removeReviewer: secretariatOnly<OnReview>('remove reviewers'),
  writePeerReviewReport: rule<OnReview>(REVIEWERS, ADMIN, ASSIGNED_REVIEWER),
  setVisitProgramme: rule<OnReview>(REVIEWERS, ADMIN, ASSIGNED_REVIEWER),
  addRecommendation: rule<OnReview>(REVIEWERS, ADMIN, ASSIGNED_REVIEWER),
  updateRecommendation: rule<OnReview>(REVIEWERS, ADMIN, ASSIGNED_REVIEWER),
  removeRecommendation: rule<OnReview>(REVIEWERS, ADMIN, ASSIGNED_REVIEWER),
  respondToRecommendation: rule<OnReview>(HOST, ADMIN, HOST_MUNICIPALITY),
  addProgressNote: rule<OnReview>(HOST, ADMIN, HOST_MUNICIPALITY),
} satisfies PermissionTable;

/**
 * Who sees a review before it is reported: admins, the host city's municipality and its assigned
 * reviewers. From REPORTED on, everyone (anonymous callers too) sees it.
 */
export const seeUnreported = rule<OnReview>('', ADMIN, HOST_MUNICIPALITY, ASSIGNED_REVIEWER);

/** Whether the caller may see a review (a review they may not see answers like a missing one). */
export async function canSee(ctx: HubContext, review: PeerReview): Promise<boolean> {
  return isPublished(review.status) || holdsRight(ctx, seeUnreported, { review });
}

/** The same rule as a query condition, for lists (so hidden reviews are simply not there). */
export async function visibleWhere(ctx: HubContext): Promise<FilterQuery<PeerReview>> {
  const identity = ctx.identity;
  if (isAdmin(identity)) return {};
  const or: FilterQuery<PeerReview>[] = [{ status: { $in: [...phases.published] } }];
  if (holds(identity, 'municipality') && identity.cityId) or.push({ hostCityId: identity.cityId });
  const assigned = await assignedReviewIds(ctx);
  if (assigned.size > 0) or.push({ id: { $in: [...assigned] } });
  return or.length === 1 ? or[0] : { $or: or };
}

/** A reviewer's token subject is shown to admins and to the person it identifies; to anyone else it is null. */
export const canSeeSubject = (identity: Identity, reviewer: Pick<Reviewer, 'subject'>): boolean =>
  isAdmin(identity) || (reviewer.subject != null && identity.subject === reviewer.subject);
