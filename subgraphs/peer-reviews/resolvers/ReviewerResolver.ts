import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput } from '../../../shared/errors';
import { markDeleted } from '../../../shared/lookup';
import { runWrite } from '../../../shared/write';
import { CityReference, OrganisationReference } from '../entities/references';
import { ReviewerRole } from '../entities/enums';
import { PeerReview } from '../entities/PeerReview';
import { Reviewer } from '../entities/Reviewer';
import { CreateReviewerInput, UpdateReviewerInput } from '../inputs';
import { peerReviewLifecycle, phases } from '../lifecycle';
import { loaders } from '../loaders';
import { canSeeSubject, permissions } from '../permissions';
import { loadReview, loadReviewer, refuseCleared } from './common';

@Resolver(() => Reviewer)
export class ReviewerResolver {
  @FieldResolver(() => PeerReview)
  peerReview(@Root() reviewer: Reviewer, @Ctx() ctx: HubContext) {
    return loaders(ctx).review.load(reviewer.peerReview.id);
  }

  @FieldResolver(() => CityReference, { nullable: true })
  homeCity(@Root() reviewer: Reviewer) {
    return CityReference.of(reviewer.homeCityId);
  }

  @FieldResolver(() => OrganisationReference, { nullable: true })
  homeOrganisation(@Root() reviewer: Reviewer) {
    return OrganisationReference.of(reviewer.homeOrganisationId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The token subject bound to this reviewer; only admins and the person see it.',
  })
  subject(@Root() reviewer: Reviewer, @Ctx() ctx: HubContext) {
    return canSeeSubject(ctx.identity, reviewer) ? (reviewer.subject ?? null) : null;
  }

  @Mutation(() => Reviewer, { description: 'The network secretariat assigns a reviewer to a review (PLANNED or VISIT).' })
  assignReviewer(@Arg('peerReviewId', () => ID) peerReviewId: string, @Arg('input') input: CreateReviewerInput, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'assignReviewer',
      load: loadReview(peerReviewId, 'peerReviewId'),
      right: permissions.assignReviewer,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.staffing, 'assign reviewers'),
      validate: () => requireOneHome(input.homeCityId, input.homeOrganisationId),
      change: ({ review }, em) =>
        build(em, Reviewer, {
          peerReview: review,
          name: input.name,
          countryCode: input.countryCode,
          subject: input.subject ?? null,
          role: input.role ?? ReviewerRole.REVIEWER,
          homeCityId: input.homeCityId ?? null,
          homeOrganisationId: input.homeOrganisationId ?? null,
          homePlace: input.homePlace ?? null,
          illustrative: input.illustrative ?? false,
        }),
    });
  }

  @Mutation(() => Reviewer, { description: 'The network secretariat changes a reviewer (PLANNED or VISIT).' })
  updateReviewer(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateReviewerInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'updateReviewer',
      load: loadReviewer(id),
      right: permissions.updateReviewer,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.staffing, 'change reviewers'),
      version: { of: ({ reviewer }) => reviewer, expected: expectedVersion },
      validate: ({ reviewer }) => {
        refuseCleared(input, ['name', 'countryCode', 'role', 'illustrative']);
        requireOneHome(
          input.homeCityId === undefined ? reviewer.homeCityId : input.homeCityId,
          input.homeOrganisationId === undefined ? reviewer.homeOrganisationId : input.homeOrganisationId,
        );
      },
      change: ({ reviewer }, em) =>
        em.assign(
          reviewer,
          {
            name: input.name,
            countryCode: input.countryCode,
            subject: input.subject,
            role: input.role,
            homeCityId: input.homeCityId,
            homeOrganisationId: input.homeOrganisationId,
            homePlace: input.homePlace,
            illustrative: input.illustrative,
          },
          { ignoreUndefined: true },
        ),
    });
  }

  @Mutation(() => Reviewer, { description: 'The network secretariat withdraws a reviewer (PLANNED or VISIT).' })
  removeReviewer(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'removeReviewer',
      load: loadReviewer(id),
      right: permissions.removeReviewer,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.staffing, 'remove reviewers'),
      change: ({ reviewer }) => markDeleted(reviewer),
    });
  }
}

/** A reviewer comes from a city or from an organisation (or neither, with homePlace), never both. */
function requireOneHome(homeCityId: string | null | undefined, homeOrganisationId: string | null | undefined) {
  if (homeCityId && homeOrganisationId) {
    throw badInput(
      'A reviewer comes from a city or from an organisation: give homeCityId or homeOrganisationId, not both.',
      'homeOrganisationId',
    );
  }
}
