import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { checkVersion, getLive, markDeleted } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { TranslationInput, toTranslationMap } from '../../../shared/translated-text';
import { assertDateOrder, requireFields } from '../../../shared/validation';
import { PeerReviewStatus } from '../entities/enums';
import { CityReference, FundReference, FundingActivityReference, NetworkReference, OrganisationReference, cityRef, fundRef, fundingActivityRef, networkRef, organisationRef } from '../entities/references';
import { PeerReview } from '../entities/PeerReview';
import { ProgrammeDay } from '../entities/ProgrammeDay';
import { ProgrammeSession } from '../entities/ProgrammeSession';
import { Recommendation } from '../entities/Recommendation';
import { Reviewer } from '../entities/Reviewer';
import { PeerReviewArgs, PeerReviewInput, ProgrammeDayInput } from '../inputs';
import { assertMove, nextStatus, requireStatus, REVIEWER_STATUSES } from '../lifecycle';
import { loaders } from '../loaders';
import { can, visibleWhere } from '../permissions';
import { getVisibleReview } from './common';

export const PeerReviewConnection = ConnectionType('PeerReview', PeerReview);

@Resolver(() => PeerReview)
export class PeerReviewResolver {
  @Query(() => PeerReview, { description: 'One peer review. Before REPORTED only admins, its reviewers and the host municipality see it.' })
  peerReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return getVisibleReview(ctx, ctx.em, id);
  }

  @Query(() => PeerReviewConnection, {
    description: 'Peer reviews, latest visit first, filtered by host city, status, funding activity and visit dates; with changedSince, a change feed.',
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
    return cityRef(review.hostCityId);
  }

  @FieldResolver(() => NetworkReference, { nullable: true, description: 'The network the review runs in.' })
  network(@Root() review: PeerReview) {
    return networkRef(review.networkId);
  }

  @FieldResolver(() => FundingActivityReference, { nullable: true, description: 'The funding activity (project) that pays for the review.' })
  fundingActivity(@Root() review: PeerReview) {
    return fundingActivityRef(review.fundingActivityId);
  }

  @FieldResolver(() => FundReference, { nullable: true, description: 'The fund behind it, e.g. AMIF.' })
  fund(@Root() review: PeerReview) {
    return fundRef(review.fundId);
  }

  @FieldResolver(() => OrganisationReference, { nullable: true, description: 'The host’s contact organisation.' })
  contactOrganisation(@Root() review: PeerReview) {
    return organisationRef(review.contactOrganisationId);
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
  async createPeerReview(@Arg('input') input: PeerReviewInput, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'plan peer reviews');
    requireFields(input, ['hostCityId', 'topic', 'visitStart', 'visitEnd']);
    return ctx.em.transactional(async (em) => {
      const review = build(em, PeerReview, { status: PeerReviewStatus.PLANNED });
      applyPlan(review, input);
      await em.flush();
      return review;
    });
  }

  @Mutation(() => PeerReview, { description: 'The network secretariat changes a review’s plan (not once CLOSED).' })
  async updatePeerReview(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: PeerReviewInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    can.manage(ctx, 'change peer reviews');
    return ctx.em.transactional(async (em) => {
      const review = await getLive(em, PeerReview, id);
      checkVersion(review, expectedVersion);
      if (review.status === PeerReviewStatus.CLOSED) throw conflict(`Peer review ${id} is CLOSED and can no longer change.`);
      applyPlan(review, input);
      await em.flush();
      return review;
    });
  }

  @Mutation(() => PeerReview, { description: 'The network secretariat deletes a peer review; it stays in the change feed as a tombstone.' })
  async deletePeerReview(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    can.manage(ctx, 'delete peer reviews');
    return ctx.em.transactional(async (em) => {
      const review = await getLive(em, PeerReview, id);
      markDeleted(review);
      await em.flush();
      return review;
    });
  }

  @Mutation(() => PeerReview, {
    description:
      'The network secretariat moves a review one step along PLANNED → VISIT → REPORTED → FOLLOW_UP → CLOSED. Any other move is CONFLICT. VISIT needs a reviewer, REPORTED a recommendation, FOLLOW_UP a host response to every recommendation.',
  })
  async movePeerReview(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => PeerReviewStatus) status: PeerReviewStatus,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    can.manage(ctx, 'move peer reviews along their lifecycle');
    return ctx.em.transactional(async (em) => {
      const review = await getLive(em, PeerReview, id);
      checkVersion(review, expectedVersion);
      assertMove(review, status);
      await assertReadyFor(em, review, status);
      review.status = status;
      review.statusChangedAt = new Date();
      await em.flush();
      return review;
    });
  }

  @Mutation(() => PeerReview, { description: 'An assigned reviewer writes the report summary while the review is in VISIT.' })
  async writePeerReviewReport(
    @Arg('id', () => ID) id: string,
    @Arg('report', () => [TranslationInput]) report: TranslationInput[],
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const review = await getVisibleReview(ctx, em, id);
      await can.writeAsReviewer(ctx, review);
      requireStatus(review, REVIEWER_STATUSES, 'write the report');
      checkVersion(review, expectedVersion);
      if (report.length === 0) throw badInput('"report" needs at least one translation.', 'report');
      review.report = toTranslationMap(report, 'report');
      await em.flush();
      return review;
    });
  }

  @Mutation(() => PeerReview, {
    description: 'An assigned reviewer sets the visit programme while the review is in VISIT; it replaces the programme there was.',
  })
  async setVisitProgramme(
    @Arg('peerReviewId', () => ID) peerReviewId: string,
    @Arg('days', () => [ProgrammeDayInput]) days: ProgrammeDayInput[],
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const review = await getVisibleReview(ctx, em, peerReviewId, 'peerReviewId');
      await can.writeAsReviewer(ctx, review);
      requireStatus(review, REVIEWER_STATUSES, 'write the visit programme');
      checkVersion(review, expectedVersion);
      const dates = days.map((d) => d.date);
      if (new Set(dates).size !== dates.length) throw badInput('Each day of the programme may appear only once.', 'days');
      days.forEach((day, i) => {
        if (day.date < review.visitStart || day.date > review.visitEnd) {
          throw badInput(`days[${i}].date ${day.date} is outside the visit (${review.visitStart} to ${review.visitEnd}).`, `days[${i}].date`);
        }
        day.sessions.forEach((s, j) => assertDateOrder(s.startTime ? `1970-01-01T${s.startTime}` : null, s.endTime ? `1970-01-01T${s.endTime}` : null, `days[${i}].sessions[${j}].startTime`, `days[${i}].sessions[${j}].endTime`));
      });
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
      review.updatedAt = new Date(); // the programme is part of the review: it changes version and shows in the change feed
      await em.flush();
      return review;
    });
  }
}

function applyPlan(review: PeerReview, input: PeerReviewInput) {
  const { topic, challengeQuestions, ...fields } = input;
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (value === null && ['hostCityId', 'visitStart', 'visitEnd'].includes(key)) throw badInput(`"${key}" cannot be cleared.`, key);
    (review as unknown as Record<string, unknown>)[key] = value;
  }
  if (topic !== undefined) {
    if (topic === null) throw badInput('"topic" cannot be cleared.', 'topic');
    review.topic = toTranslationMap(topic, 'topic');
  }
  if (challengeQuestions !== undefined) {
    review.challengeQuestions = (challengeQuestions ?? []).map((q, i) => toTranslationMap(q.text, `challengeQuestions[${i}]`));
  }
  assertDateOrder(review.visitStart, review.visitEnd, 'visitStart', 'visitEnd');
}

/** What a review must have before it may enter a status. */
async function assertReadyFor(em: EntityManager, review: PeerReview, status: PeerReviewStatus) {
  if (status === PeerReviewStatus.VISIT && (await em.count(Reviewer, { peerReview: review.id })) === 0) {
    throw conflict('A peer review needs at least one assigned reviewer before the visit.');
  }
  if (status === PeerReviewStatus.REPORTED && (await em.count(Recommendation, { peerReview: review.id })) === 0) {
    throw conflict('A peer review needs at least one recommendation before it is reported.');
  }
  if (status === PeerReviewStatus.FOLLOW_UP && (await em.count(Recommendation, { peerReview: review.id, response: null })) > 0) {
    throw conflict('The host must respond to every recommendation before the follow-up phase.');
  }
}

