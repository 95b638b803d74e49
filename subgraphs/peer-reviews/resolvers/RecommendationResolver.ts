import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { requireFields } from '../../../shared/validation';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict, notFound } from '../../../shared/errors';
import { checkVersion, getLive, markDeleted } from '../../../shared/lookup';
import { toTranslationMap } from '../../../shared/translated-text';
import { HostResponse, RecommendationAudience } from '../entities/enums';
import { PeerReview } from '../entities/PeerReview';
import { ProgressNote } from '../entities/ProgressNote';
import { Recommendation } from '../entities/Recommendation';
import { ProgressNoteInput, RecommendationInput, RecommendationResponseInput } from '../inputs';
import { HOST_STATUSES, requireStatus, REVIEWER_STATUSES } from '../lifecycle';
import { loaders } from '../loaders';
import { can, canSee } from '../permissions';
import { getVisibleReview } from './common';

/** A live recommendation and its live review; a recommendation of a review the caller may not see is NOT_FOUND. */
async function getWithReview(ctx: HubContext, em: EntityManager, id: string) {
  const recommendation = await getLive(em, Recommendation, id);
  const review = await em.findOne(PeerReview, { id: recommendation.peerReview.id });
  if (!review || !(await canSee(ctx, review))) throw notFound('Recommendation', id);
  return { recommendation, review };
}

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @FieldResolver(() => PeerReview)
  peerReview(@Root() recommendation: Recommendation, @Ctx() ctx: HubContext) {
    return loaders(ctx).review.load(recommendation.peerReview.id);
  }

  @FieldResolver(() => [ProgressNote], { description: 'The host’s dated progress notes, oldest first.' })
  progressNotes(@Root() recommendation: Recommendation, @Ctx() ctx: HubContext) {
    return loaders(ctx).notesOf.load(recommendation.id);
  }

  @Mutation(() => Recommendation, { description: 'An assigned reviewer adds a recommendation while the review is in VISIT.' })
  async addRecommendation(@Arg('peerReviewId', () => ID) peerReviewId: string, @Arg('input') input: RecommendationInput, @Ctx() ctx: HubContext) {
    return ctx.em.transactional(async (em) => {
      const review = await getVisibleReview(ctx, em, peerReviewId, 'peerReviewId');
      await can.writeAsReviewer(ctx, review);
      requireStatus(review, REVIEWER_STATUSES, 'write recommendations');
      requireFields(input, ['text', 'addressedTo']);
      const last = await em.findOne(Recommendation, { peerReview: review.id }, { orderBy: { position: 'desc' }, filters: { live: false } });
      const recommendation = build(em, Recommendation, { peerReview: review, position: (last?.position ?? 0) + 1 });
      apply(recommendation, input);
      await em.flush();
      return recommendation;
    });
  }

  @Mutation(() => Recommendation, { description: 'An assigned reviewer changes a recommendation while the review is in VISIT.' })
  async updateRecommendation(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: RecommendationInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const { recommendation, review } = await getWithReview(ctx, em, id);
      await can.writeAsReviewer(ctx, review);
      requireStatus(review, REVIEWER_STATUSES, 'change recommendations');
      checkVersion(recommendation, expectedVersion);
      apply(recommendation, input);
      await em.flush();
      return recommendation;
    });
  }

  @Mutation(() => Recommendation, { description: 'An assigned reviewer withdraws a recommendation while the review is in VISIT.' })
  async removeRecommendation(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return ctx.em.transactional(async (em) => {
      const { recommendation, review } = await getWithReview(ctx, em, id);
      await can.writeAsReviewer(ctx, review);
      requireStatus(review, REVIEWER_STATUSES, 'withdraw recommendations');
      markDeleted(recommendation);
      await em.flush();
      return recommendation;
    });
  }

  @Mutation(() => Recommendation, {
    description: 'The host municipality accepts, partly accepts or rejects a recommendation (REPORTED or FOLLOW_UP); partly accepting or rejecting needs a reason.',
  })
  async respondToRecommendation(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: RecommendationResponseInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const { recommendation, review } = await getWithReview(ctx, em, id);
      can.respondAsHost(ctx, review);
      requireStatus(review, HOST_STATUSES, 'respond to recommendations');
      checkVersion(recommendation, expectedVersion);
      const reason = input.reason?.length ? toTranslationMap(input.reason, 'reason') : null;
      if (input.response !== HostResponse.ACCEPTED && !reason) {
        throw badInput(`A ${input.response} response needs a reason.`, 'reason');
      }
      recommendation.response = input.response;
      recommendation.responseReason = reason;
      recommendation.respondedAt = new Date();
      await em.flush();
      return recommendation;
    });
  }

  @Mutation(() => Recommendation, {
    description: 'The host municipality records a dated step of the follow-up of an accepted or partly accepted recommendation (REPORTED or FOLLOW_UP).',
  })
  async addProgressNote(
    @Arg('recommendationId', () => ID) recommendationId: string,
    @Arg('input') input: ProgressNoteInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const { recommendation, review } = await getWithReview(ctx, em, recommendationId);
      can.respondAsHost(ctx, review);
      requireStatus(review, HOST_STATUSES, 'record follow-up');
      checkVersion(recommendation, expectedVersion);
      if (!recommendation.response) throw conflict('Respond to the recommendation before recording its follow-up.');
      if (recommendation.response === HostResponse.REJECTED) throw conflict('A rejected recommendation has no follow-up.');
      if (input.date < review.visitEnd) throw badInput(`"date" must not be before the end of the visit (${review.visitEnd}).`, 'date');
      build(em, ProgressNote, { recommendation, date: input.date, text: toTranslationMap(input.text, 'text'), status: input.status });
      recommendation.followUpStatus = input.status;
      await em.flush();
      return recommendation;
    });
  }
}

function apply(recommendation: Recommendation, input: RecommendationInput) {
  const { text, addressedTo, ...fields } = input;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value === null && ['priority', 'illustrative'].includes(key)) throw badInput(`"${key}" cannot be cleared.`, key);
    (recommendation as unknown as Record<string, unknown>)[key] = value;
  }
  if (text !== undefined) {
    if (text === null) throw badInput('"text" cannot be cleared.', 'text');
    recommendation.text = toTranslationMap(text, 'text');
  }
  if (addressedTo !== undefined) {
    if (addressedTo === null) throw badInput('"addressedTo" cannot be cleared.', 'addressedTo');
    recommendation.addressedTo = [...new Set(addressedTo)];
  }
  if (recommendation.addressedTo.includes(RecommendationAudience.UNIT) && !recommendation.addressedUnit) {
    throw badInput('A recommendation addressed to a UNIT must name it in addressedUnit.', 'addressedUnit');
  }
}
