import type { FilterQuery } from '@mikro-orm/core';
import type { HubContext } from '../../shared/context';
import { PeerReview } from './entities/PeerReview';
import { ProgrammeDay } from './entities/ProgrammeDay';
import { ProgrammeSession } from './entities/ProgrammeSession';
import { ProgressNote } from './entities/ProgressNote';
import { Recommendation } from './entities/Recommendation';
import { Reviewer } from './entities/Reviewer';
import { canSee, visibleWhere } from './permissions';

type ReviewColumn = 'hostCityId' | 'contactOrganisationId' | 'fundingActivityId' | 'fundId';
type ReviewerColumn = 'homeCityId' | 'homeOrganisationId';

/** Live reviews the caller may see, grouped by one of their cross-subgraph keys: one query per batch. */
const visibleReviewsBy = (ctx: HubContext, column: ReviewColumn) =>
  ctx.loaders.custom<string, PeerReview[]>(`peer-reviews:reviewsBy:${column}`, async (em, keys) => {
    const where = { $and: [await visibleWhere(ctx), { [column]: { $in: [...keys] } }] } as FilterQuery<PeerReview>;
    const rows = await em.find(PeerReview, where, { orderBy: { visitStart: 'desc', id: 'asc' } });
    return keys.map((key) => rows.filter((r) => r[column] === key));
  });

/** Reviewers of live reviews the caller may see, grouped by home city or organisation. */
const visibleReviewersBy = (ctx: HubContext, column: ReviewerColumn) =>
  ctx.loaders.custom<string, Reviewer[]>(`peer-reviews:reviewersBy:${column}`, async (em, keys) => {
    const reviewWhere = { $and: [await visibleWhere(ctx), { deletedAt: null }] } as FilterQuery<PeerReview>;
    const where = { [column]: { $in: [...keys] }, peerReview: reviewWhere } as FilterQuery<Reviewer>;
    const rows = await em.find(Reviewer, where, { orderBy: { name: 'asc', id: 'asc' } });
    return keys.map((key) => rows.filter((r) => r[column] === key));
  });

/** The batched reads of the peer-reviews subgraph, one per relation. */
export const loaders = (ctx: HubContext) => ({
  review: ctx.loaders.byId(PeerReview),
  recommendation: ctx.loaders.byId(Recommendation),
  /** A review by id for the gateway, or null when the caller may not see it. */
  visibleReview: ctx.loaders.custom<string, PeerReview | null>('peer-reviews:visibleReview', async (em, ids) => {
    const rows = await Promise.all(ids.map((id) => ctx.loaders.byId(PeerReview).load(id)));
    return Promise.all(rows.map(async (r) => (r && (await canSee(ctx, r)) ? r : null)));
  }),
  reviewersOf: ctx.loaders.manyBy(Reviewer, 'peerReview', { orderBy: { name: 'asc' } }),
  daysOf: ctx.loaders.manyBy(ProgrammeDay, 'peerReview', { orderBy: { date: 'asc' } }),
  sessionsOf: ctx.loaders.manyBy(ProgrammeSession, 'day', { orderBy: { position: 'asc' } }),
  recommendationsOf: ctx.loaders.manyBy(Recommendation, 'peerReview', { orderBy: { position: 'asc' } }),
  notesOf: ctx.loaders.manyBy(ProgressNote, 'recommendation', { orderBy: { date: 'asc', createdAt: 'asc' } }),
  reviewsHostedByCity: visibleReviewsBy(ctx, 'hostCityId'),
  reviewsHostedByOrganisation: visibleReviewsBy(ctx, 'contactOrganisationId'),
  reviewsOfFundingActivity: visibleReviewsBy(ctx, 'fundingActivityId'),
  reviewsOfFund: visibleReviewsBy(ctx, 'fundId'),
  reviewersFromCity: visibleReviewersBy(ctx, 'homeCityId'),
  reviewersFromOrganisation: visibleReviewersBy(ctx, 'homeOrganisationId'),
});
