import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { markDeleted } from '../../../shared/lookup';
import { toTranslationMap } from '../../../shared/translated-text';
import { runWrite } from '../../../shared/write';
import { HostResponse, RecommendationAudience, RecommendationPriority } from '../entities/enums';
import { PeerReview } from '../entities/PeerReview';
import { ProgressNote } from '../entities/ProgressNote';
import { Recommendation } from '../entities/Recommendation';
import { CreateRecommendationInput, ProgressNoteInput, RecommendationResponseInput, UpdateRecommendationInput } from '../inputs';
import { peerReviewLifecycle, phases } from '../lifecycle';
import { loaders } from '../loaders';
import { permissions } from '../permissions';
import { loadRecommendation, loadReview, refuseCleared } from './common';

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
  addRecommendation(
    @Arg('peerReviewId', () => ID) peerReviewId: string,
    @Arg('input') input: CreateRecommendationInput,
    @Ctx() ctx: HubContext,
  ) {
    return runWrite(ctx, {
      name: 'addRecommendation',
      load: loadReview(peerReviewId, 'peerReviewId'),
      right: permissions.addRecommendation,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.visit, 'write recommendations'),
      validate: () => requireUnitNamed(input.addressedTo, input.addressedUnit),
      change: async ({ review }, em) => {
        // positions count withdrawn recommendations too, so a position is never given twice
        const last = await em.findOne(
          Recommendation,
          { peerReview: review.id },
          { orderBy: { position: 'desc' }, filters: { live: false } },
        );
        return build(em, Recommendation, {
          peerReview: review,
          position: (last?.position ?? 0) + 1,
          text: toTranslationMap(input.text, 'text'),
          addressedTo: [...new Set(input.addressedTo)],
          addressedUnit: input.addressedUnit ?? null,
          priority: input.priority ?? RecommendationPriority.MEDIUM,
          illustrative: input.illustrative ?? false,
        });
      },
    });
  }

  @Mutation(() => Recommendation, { description: 'An assigned reviewer changes a recommendation while the review is in VISIT.' })
  updateRecommendation(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateRecommendationInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'updateRecommendation',
      load: loadRecommendation(id),
      right: permissions.updateRecommendation,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.visit, 'change recommendations'),
      version: { of: ({ recommendation }) => recommendation, expected: expectedVersion },
      validate: ({ recommendation }) => {
        refuseCleared(input, ['text', 'addressedTo', 'priority', 'illustrative']);
        requireUnitNamed(
          input.addressedTo ?? recommendation.addressedTo,
          input.addressedUnit === undefined ? recommendation.addressedUnit : input.addressedUnit,
        );
      },
      change: ({ recommendation }, em) =>
        em.assign(
          recommendation,
          {
            text: input.text ? toTranslationMap(input.text, 'text') : undefined,
            addressedTo: input.addressedTo ? [...new Set(input.addressedTo)] : undefined,
            addressedUnit: input.addressedUnit,
            priority: input.priority,
            illustrative: input.illustrative,
          },
          { ignoreUndefined: true },
        ),
    });
  }

  @Mutation(() => Recommendation, { description: 'An assigned reviewer withdraws a recommendation while the review is in VISIT.' })
  removeRecommendation(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'removeRecommendation',
      load: loadRecommendation(id),
      right: permissions.removeRecommendation,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.visit, 'withdraw recommendations'),
      change: ({ recommendation }) => markDeleted(recommendation),
    });
  }

  @Mutation(() => Recommendation, {
    description:
      'The host municipality accepts, partly accepts or rejects a recommendation (REPORTED or FOLLOW_UP); partly accepting or rejecting needs a reason.',
  })
  respondToRecommendation(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: RecommendationResponseInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'respondToRecommendation',
      load: loadRecommendation(id),
      right: permissions.respondToRecommendation,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.response, 'respond to recommendations'),
      version: { of: ({ recommendation }) => recommendation, expected: expectedVersion },
      validate: () => {
        if (input.response !== HostResponse.ACCEPTED && !input.reason?.length) {
          throw badInput(`A ${input.response} response needs a reason.`, 'reason');
        }
      },
      change: ({ recommendation }, em) =>
        em.assign(recommendation, {
          response: input.response,
          responseReason: input.reason?.length ? toTranslationMap(input.reason, 'reason') : null,
          respondedAt: new Date(),
        }),
    });
  }

  @Mutation(() => Recommendation, {
    description:
      'The host municipality records a dated step of the follow-up of an accepted or partly accepted recommendation (REPORTED or FOLLOW_UP).',
  })
  addProgressNote(
    @Arg('recommendationId', () => ID) recommendationId: string,
    @Arg('input') input: ProgressNoteInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'addProgressNote',
      load: loadRecommendation(recommendationId),
      right: permissions.addProgressNote,
      state: ({ review, recommendation }) => {
        peerReviewLifecycle.require(review, phases.response, 'record follow-up');
        if (!recommendation.response) throw conflict('Respond to the recommendation before recording its follow-up.');
        if (recommendation.response === HostResponse.REJECTED) throw conflict('A rejected recommendation has no follow-up.');
      },
      version: { of: ({ recommendation }) => recommendation, expected: expectedVersion },
      validate: ({ review }) => {
        if (input.date < review.visitEnd) throw badInput(`"date" must not be before the end of the visit (${review.visitEnd}).`, 'date');
      },
      change: ({ recommendation }, em) => {
        build(em, ProgressNote, { recommendation, date: input.date, text: toTranslationMap(input.text, 'text'), status: input.status });
        return em.assign(recommendation, { followUpStatus: input.status });
      },
    });
  }
}

/** A recommendation addressed to a UNIT must name it. */
function requireUnitNamed(addressedTo: readonly RecommendationAudience[], addressedUnit: string | null | undefined) {
  if (addressedTo.includes(RecommendationAudience.UNIT) && !addressedUnit) {
    throw badInput('A recommendation addressed to a UNIT must name it in addressedUnit.', 'addressedUnit');
  }
}
