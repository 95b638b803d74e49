import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput } from '../../../shared/errors';
import { markDeleted } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { TranslatedText, TranslationInput, toTranslationMap, translated } from '../../../shared/translated-text';
import { assertDateOrder } from '../../../shared/validation';
import { runWrite } from '../../../shared/write';
import { PeerReviewStatus } from '../entities/enums';
import { CityReference, FundReference, FundingActivityReference, NetworkReference, OrganisationReference } from '../entities/references';
import { PeerReview } from '../entities/PeerReview';
import { ProgrammeDay } from '../entities/ProgrammeDay';
import { ProgrammeSession } from '../entities/ProgrammeSession';
import { Recommendation } from '../entities/Recommendation';
import { Reviewer } from '../entities/Reviewer';
import { ChallengeQuestionInput, CreatePeerReviewInput, PeerReviewArgs, ProgrammeDayInput, UpdatePeerReviewInput } from '../inputs';
import { moveInto, nextStatus, peerReviewLifecycle, phases, requireReadyFor, type ReviewContents } from '../lifecycle';
import { loaders } from '../loaders';
import { permissions, visibleWhere } from '../permissions';
import { getVisibleReview, loadReview, refuseCleared } from './common';

export const PeerReviewConnection = ConnectionType('PeerReview', PeerReview);

@Resolver(() => PeerReview)
export class PeerReviewResolver {
  @Query(() => PeerReview, { description: 'One peer review. Before REPORTED only admins, its reviewers and the host municipality see it.' })
  peerReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return getVisibleReview(ctx, ctx.em, id);
  }

  @Query(() => PeerReviewConnection, {
    description:
      'Peer reviews, latest visit first, filtered by host city, status, funding activity and visit dates; with changedSince, a change feed.',
  })
  async peerReviews(@Args() args: PeerReviewArgs, @Ctx() ctx: HubContext) {
    assertDateOrder(args.visitFrom, args.visitTo, 'visitFrom', 'visitTo');
    const where: FilterQuery<PeerReview>[] = [await visibleWhere(ctx)];
    if (args.hostCity) where.push({ hostCityId: args.hostCity });
    if (args.status) where.push({ status: args.status });
    if (args.fundingActivity) where.push({ fundingActivityId: args.fundingActivity });
    if (args.visitFrom) where.push({ visitEnd: { $gte: args.visitFrom } });
    if (args.visitTo) where.push({ visitStart: { $lte: args.visitTo } });
    return paginate(ctx.em, PeerReview, { $and: where }, args, { name: 'visit', orderBy: { visitStart: 'desc' } });
  }

  @FieldResolver(() => CityReference, { description: 'The city that hosts the review.' })
  hostCity(@Root() review: PeerReview) {
    return CityReference.of(review.hostCityId);
  }

  @FieldResolver(() => NetworkReference, { nullable: true, description: 'The network the review runs in.' })
  network(@Root() review: PeerReview) {
    return NetworkReference.of(review.networkId);
  }

  @FieldResolver(() => FundingActivityReference, {
    nullable: true,
    description: 'The funding activity (project) that pays for the review.',
  })
  fundingActivity(@Root() review: PeerReview) {
    return FundingActivityReference.of(review.fundingActivityId);
  }

  @FieldResolver(() => FundReference, { nullable: true, description: 'The fund behind it, e.g. AMIF.' })
  fund(@Root() review: PeerReview) {
    return FundReference.of(review.fundId);
  }

  @FieldResolver(() => OrganisationReference, { nullable: true, description: 'The host’s contact organisation.' })
  contactOrganisation(@Root() review: PeerReview) {
    return OrganisationReference.of(review.contactOrganisationId);
  }

  @FieldResolver(() => [TranslatedText], { description: 'The questions the host asks the reviewers to answer.' })
  challengeQuestions(@Root() review: PeerReview) {
    return review.challengeQuestions.map((q) => translated(q)).filter((q): q is TranslatedText => q !== null);
  }

  @FieldResolver(() => [Reviewer])
  reviewers(@Root() review: PeerReview, @Ctx() ctx: HubContext) {
    return loaders(ctx).reviewersOf.load(review.id);
  }

  @FieldResolver(() => [ProgrammeDay], { description: 'The visit programme, day by day.' })
  programme(@Root() review: PeerReview, @Ctx() ctx: HubContext) {
    return loaders(ctx).daysOf.load(review.id);
  }

  @FieldResolver(() => [Recommendation])
  recommendations(@Root() review: PeerReview, @Ctx() ctx: HubContext) {
    return loaders(ctx).recommendationsOf.load(review.id);
  }

  @FieldResolver(() => PeerReviewStatus, { nullable: true, description: 'The status the review can move to next; null once CLOSED.' })
  nextStatus(@Root() review: PeerReview) {
    return nextStatus(review.status);
  }

  @Mutation(() => PeerReview, { description: 'The network secretariat plans a peer review (status PLANNED).' })
  createPeerReview(@Arg('input') input: CreatePeerReviewInput, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'createPeerReview',
      load: async () => input,
      right: permissions.createPeerReview,
      validate: (plan) => assertDateOrder(plan.visitStart, plan.visitEnd, 'visitStart', 'visitEnd'),
      change: (plan, em) =>
        build(em, PeerReview, {
          hostCityId: plan.hostCityId,
          fundingActivityId: plan.fundingActivityId ?? null,
          fundId: plan.fundId ?? null,
          networkId: plan.networkId ?? null,
          contactOrganisationId: plan.contactOrganisationId ?? null,
          topic: toTranslationMap(plan.topic, 'topic'),
          challengeQuestions: challengeQuestions(plan.challengeQuestions) ?? [],
          visitStart: plan.visitStart,
          visitEnd: plan.visitEnd,
          source: plan.source ?? null,
        }),
    });
  }

  @Mutation(() => PeerReview, { description: 'The network secretariat changes a review’s plan (not once CLOSED).' })
  updatePeerReview(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdatePeerReviewInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'updatePeerReview',
      load: loadReview(id),
      right: permissions.updatePeerReview,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.planning, 'change the plan'),
      version: { of: ({ review }) => review, expected: expectedVersion },
      validate: ({ review }) => {
        refuseCleared(input, ['hostCityId', 'topic', 'visitStart', 'visitEnd']);
        assertDateOrder(input.visitStart ?? review.visitStart, input.visitEnd ?? review.visitEnd, 'visitStart', 'visitEnd');
      },
      change: ({ review }, em) =>
        em.assign(
          review,
          {
            hostCityId: input.hostCityId,
            fundingActivityId: input.fundingActivityId,
            fundId: input.fundId,
            networkId: input.networkId,
            contactOrganisationId: input.contactOrganisationId,
            topic: input.topic ? toTranslationMap(input.topic, 'topic') : undefined,
            challengeQuestions: challengeQuestions(input.challengeQuestions),
            visitStart: input.visitStart,
            visitEnd: input.visitEnd,
            source: input.source,
          },
          { ignoreUndefined: true },
        ),
    });
  }

  @Mutation(() => PeerReview, { description: 'The network secretariat deletes a peer review; it stays in the change feed as a tombstone.' })
  deletePeerReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'deletePeerReview',
      load: loadReview(id),
      right: permissions.deletePeerReview,
      change: ({ review }) => markDeleted(review),
    });
  }

  @Mutation(() => PeerReview, {
    description:
      'The network secretariat moves a review one step along PLANNED → VISIT → REPORTED → FOLLOW_UP → CLOSED. Any other move is CONFLICT. VISIT needs a reviewer, REPORTED a recommendation, FOLLOW_UP a host response to every recommendation.',
  })
  movePeerReview(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => PeerReviewStatus) status: PeerReviewStatus,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'movePeerReview',
      load: async (em, context) => {
        const { review } = await loadReview(id)(em, context);
        return { review, contents: await contentsOf(em, review) };
      },
      right: permissions.movePeerReview,
      state: ({ review, contents }) => {
        moveInto(review, status);
        requireReadyFor(status, contents);
      },
      version: { of: ({ review }) => review, expected: expectedVersion },
      change: ({ review }) => {
        peerReviewLifecycle.apply(review, moveInto(review, status));
        review.statusChangedAt = new Date();
        return review;
      },
    });
  }

  @Mutation(() => PeerReview, { description: 'An assigned reviewer writes the report summary while the review is in VISIT.' })
  writePeerReviewReport(
    @Arg('id', () => ID) id: string,
    @Arg('report', () => [TranslationInput]) report: TranslationInput[],
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'writePeerReviewReport',
      load: loadReview(id),
      right: permissions.writePeerReviewReport,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.visit, 'write the report'),
      version: { of: ({ review }) => review, expected: expectedVersion },
      validate: () => {
        if (report.length === 0) throw badInput('"report" needs at least one translation.', 'report');
      },
      change: ({ review }, em) => em.assign(review, { report: toTranslationMap(report, 'report') }),
    });
  }

  @Mutation(() => PeerReview, {
    description: 'An assigned reviewer sets the visit programme while the review is in VISIT; it replaces the programme there was.',
  })
  setVisitProgramme(
    @Arg('peerReviewId', () => ID) peerReviewId: string,
    @Arg('days', () => [ProgrammeDayInput]) days: ProgrammeDayInput[],
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'setVisitProgramme',
      load: loadReview(peerReviewId, 'peerReviewId'),
      right: permissions.setVisitProgramme,
      state: ({ review }) => peerReviewLifecycle.require(review, phases.visit, 'write the visit programme'),
      version: { of: ({ review }) => review, expected: expectedVersion },
      validate: ({ review }) => validateProgramme(review, days),
      change: async ({ review }, em) => {
        // the old programme becomes tombstones first, so the new days may reuse its dates
        const oldDays = await em.find(ProgrammeDay, { peerReview: review.id });
        const oldSessions = oldDays.length ? await em.find(ProgrammeSession, { day: { $in: oldDays.map((d) => d.id) } }) : [];
        [...oldDays, ...oldSessions].forEach(markDeleted);
        await em.flush();
        days.forEach((input, i) => {
          const day = build(em, ProgrammeDay, {
            peerReview: review,
            date: input.date,
            title: input.title?.length ? toTranslationMap(input.title, `days[${i}].title`) : null,
          });
          input.sessions.forEach((s, j) =>
            build(em, ProgrammeSession, {
              day,
              position: j + 1,
              startTime: s.startTime ?? null,
              endTime: s.endTime ?? null,
              meetingWith: s.meetingWith,
              organisationId: s.organisationId ?? null,
              topic: toTranslationMap(s.topic, `days[${i}].sessions[${j}].topic`),
            }),
          );
        });
        // the programme is part of the review: it is an edit of the review (a new version, in the change feed)
        return em.assign(review, { updatedAt: new Date() });
      },
    });
  }
}

/** The stored challenge questions of an input (undefined: left out; null: cleared). */
const challengeQuestions = (questions: ChallengeQuestionInput[] | null | undefined) =>
  questions === undefined ? undefined : (questions ?? []).map((q, i) => toTranslationMap(q.text, `challengeQuestions[${i}]`));

/** One day at most once, every day within the visit, every session's end not before its start. */
function validateProgramme(review: PeerReview, days: ProgrammeDayInput[]) {
  const dates = days.map((d) => d.date);
  if (new Set(dates).size !== dates.length) throw badInput('Each day of the programme may appear only once.', 'days');
  days.forEach((day, i) => {
    if (day.date < review.visitStart || day.date > review.visitEnd) {
      throw badInput(`days[${i}].date ${day.date} is outside the visit (${review.visitStart} to ${review.visitEnd}).`, `days[${i}].date`);
    }
    day.sessions.forEach((s, j) =>
      assertDateOrder(
        s.startTime ? `1970-01-01T${s.startTime}` : null,
        s.endTime ? `1970-01-01T${s.endTime}` : null,
        `days[${i}].sessions[${j}].startTime`,
        `days[${i}].sessions[${j}].endTime`,
      ),
    );
  });
}

/** What the review holds that decides whether it may move on (see requireReadyFor). */
async function contentsOf(em: EntityManager, review: PeerReview): Promise<ReviewContents> {
  return {
    reviewers: await em.count(Reviewer, { peerReview: review.id }),
    recommendations: await em.count(Recommendation, { peerReview: review.id }),
    unanswered: await em.count(Recommendation, { peerReview: review.id, response: null }),
  };
}
