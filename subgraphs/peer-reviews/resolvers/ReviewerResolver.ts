import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { requireFields } from '../../../shared/validation';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput } from '../../../shared/errors';
import { checkVersion, getLive, markDeleted } from '../../../shared/lookup';
import { CityReference, OrganisationReference, cityRef, organisationRef } from '../entities/references';
import { PeerReview } from '../entities/PeerReview';
import { Reviewer } from '../entities/Reviewer';
import { ReviewerInput } from '../inputs';
import { PLANNING_STATUSES, requireStatus } from '../lifecycle';
import { loaders } from '../loaders';
import { can } from '../permissions';

@Resolver(() => Reviewer)
export class ReviewerResolver {
  @FieldResolver(() => PeerReview)
  peerReview(@Root() reviewer: Reviewer, @Ctx() ctx: HubContext) {
    return loaders(ctx).review.load(reviewer.peerReview.id);
  }

  @FieldResolver(() => CityReference, { nullable: true })
  homeCity(@Root() reviewer: Reviewer) {
    return cityRef(reviewer.homeCityId);
  }

  @FieldResolver(() => OrganisationReference, { nullable: true })
  homeOrganisation(@Root() reviewer: Reviewer) {
    return organisationRef(reviewer.homeOrganisationId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The token subject bound to this reviewer; only admins and the person see it.' })
  subject(@Root() reviewer: Reviewer, @Ctx() ctx: HubContext) {
    return can.seeSubject(ctx, reviewer.subject) ? (reviewer.subject ?? null) : null;
  }

  @Mutation(() => Reviewer, { description: 'The network secretariat assigns a reviewer to a review (PLANNED or VISIT).' })
  async assignReviewer(@Arg('peerReviewId', () => ID) peerReviewId: string, @Arg('input') input: ReviewerInput, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'assign reviewers');
    requireFields(input, ['name', 'countryCode']);
    return ctx.em.transactional(async (em) => {
      const review = await getLive(em, PeerReview, peerReviewId, 'peerReviewId');
      requireStatus(review, PLANNING_STATUSES, 'assign reviewers');
      const reviewer = build(em, Reviewer, { peerReview: review });
      apply(reviewer, input);
      await em.flush();
      return reviewer;
    });
  }

  @Mutation(() => Reviewer, { description: 'The network secretariat changes a reviewer (PLANNED or VISIT).' })
  async updateReviewer(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: ReviewerInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    can.manage(ctx, 'change reviewers');
    return ctx.em.transactional(async (em) => {
      const reviewer = await getLive(em, Reviewer, id);
      const review = await getLive(em, PeerReview, reviewer.peerReview.id, 'id');
      requireStatus(review, PLANNING_STATUSES, 'change reviewers');
      checkVersion(reviewer, expectedVersion);
      apply(reviewer, input);
      await em.flush();
      return reviewer;
    });
  }

  @Mutation(() => Reviewer, { description: 'The network secretariat withdraws a reviewer (PLANNED or VISIT).' })
  async removeReviewer(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'remove reviewers');
    return ctx.em.transactional(async (em) => {
      const reviewer = await getLive(em, Reviewer, id);
      const review = await getLive(em, PeerReview, reviewer.peerReview.id, 'id');
      requireStatus(review, PLANNING_STATUSES, 'remove reviewers');
      markDeleted(reviewer);
      await em.flush();
      return reviewer;
    });
  }
}

function apply(reviewer: Reviewer, input: ReviewerInput) {
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (value === null && ['name', 'countryCode', 'role', 'illustrative'].includes(key)) throw badInput(`"${key}" cannot be cleared.`, key);
    (reviewer as unknown as Record<string, unknown>)[key] = value;
  }
  if (reviewer.homeCityId && reviewer.homeOrganisationId) {
    throw badInput('A reviewer comes from a city or from an organisation: give homeCityId or homeOrganisationId, not both.', 'homeOrganisationId');
  }
}
