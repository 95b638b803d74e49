import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { requireSignedIn } from '../../../shared/permissions';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { isAdmin } from '../../../shared/identity';
import { assertId, exactlyOneParty, getLive, markDeleted, optionalId } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { toTranslationMap } from '../../../shared/translated-text';
import { assertDateOrder, containsPattern, requireFields } from '../../../shared/validation';
import { AgendaItem } from '../entities/AgendaItem';
import { Declaration } from '../entities/Declaration';
import { MeetingStatus } from '../entities/enums';
import { Meeting, searchKey } from '../entities/Meeting';
import { Minutes } from '../entities/Minutes';
import { Outcome } from '../entities/Outcome';
import { Participant } from '../entities/Participant';
import { cityRef, CityReference, networkRef, NetworkReference, organisationRef, OrganisationReference } from '../entities/references';
import { MeetingArgs, MeetingInput, ParticipantInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';
import { assertOpen, canonicalTimeZone, getEditableMeeting, getVisibleMeeting, isShown } from './common';

export const MeetingConnection = ConnectionType('Meeting', Meeting);

/** Depth-first: each item followed by its children, in agenda order. */
export function agendaTree(items: AgendaItem[], parentId: string | null = null): AgendaItem[] {
  return items
    .filter((i) => (i.parent?.id ?? null) === parentId)
    .sort((a, b) => a.position - b.position)
    .flatMap((i) => [i, ...agendaTree(items, i.id)]);
}

@Resolver(() => Meeting)
export class MeetingResolver {
  @Query(() => Meeting, { description: 'One meeting by id. A draft is found only by its organisers and admins.' })
  meeting(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return getVisibleMeeting(ctx, ctx.em, id);
  }

  @Query(() => MeetingConnection, {
    description: 'Meetings, latest start first, filtered by network, city, organiser, status, start range and text. Drafts only for their organisers and admins.',
  })
  async meetings(@Args() args: MeetingArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<Meeting>[] = [can.visibleMeetings(ctx.identity)];
    if (args.network) {
      assertId(args.network, 'network');
      where.push({ networkId: args.network });
    }
    if (args.city) {
      assertId(args.city, 'city');
      const participations = await ctx.em.find(Participant, { cityId: args.city }, { fields: ['meeting'] });
      where.push({ $or: [{ venueCityId: args.city }, { id: { $in: participations.map((p) => p.meeting.id) } }] });
    }
    if (args.organiser) {
      assertId(args.organiser, 'organiser');
      where.push({ organiserIds: { $overlap: [args.organiser] } });
    }
    if (args.status?.length) where.push({ status: { $in: args.status } });
    assertDateOrder(args.from, args.to, 'from', 'to');
    if (args.from) where.push({ startsAt: { $gte: args.from } });
    if (args.to) where.push({ startsAt: { $lte: args.to } });
    if (args.search) where.push({ searchText: { $like: containsPattern(searchKey(args.search)) } });
    return paginate(ctx.em, Meeting, { $and: where }, args, { name: 'start', orderBy: { sortAt: 'desc' } });
  }

  @FieldResolver(() => NetworkReference, { nullable: true, description: 'The network or platform the meeting belongs to.' })
  network(@Root() meeting: Meeting) {
    return networkRef(meeting.networkId);
  }

  @FieldResolver(() => CityReference, { nullable: true, description: 'The city where the meeting takes place.' })
  venueCity(@Root() meeting: Meeting) {
    return cityRef(meeting.venueCityId);
  }

  @FieldResolver(() => [OrganisationReference], { description: 'The organisations that convene and organise the meeting.' })
  organisers(@Root() meeting: Meeting) {
    return meeting.organiserIds.map((id) => organisationRef(id)!);
  }

  @FieldResolver(() => [AgendaItem], {
    description: 'The agenda as a tree: the top-level items, each with its `children`. With flat: true, every item in agenda order. Internal items only for organisers and admins.',
  })
  async agenda(@Root() meeting: Meeting, @Ctx() ctx: HubContext, @Arg('flat', () => Boolean, { defaultValue: false }) flat: boolean) {
    const items = await loaders(ctx).agendaOfMeeting.load(meeting.id);
    const internals = can.seeInternals(ctx.identity, meeting);
    const shown = agendaTree(items).filter((item) => internals || isShown(item, items));
    return flat ? shown : shown.filter((item) => !item.parent);
  }

  @FieldResolver(() => [Participant])
  participants(@Root() meeting: Meeting, @Ctx() ctx: HubContext) {
    return loaders(ctx).participantsOfMeeting.load(meeting.id);
  }

  @FieldResolver(() => [Outcome], {
    description: 'Every outcome, of the meeting and of its agenda items, oldest first, corrections included; with currentOnly: true, only entries no later one corrects.',
  })
  async outcomes(@Root() meeting: Meeting, @Ctx() ctx: HubContext, @Arg('currentOnly', () => Boolean, { defaultValue: false }) currentOnly: boolean) {
    const all = await loaders(ctx).outcomesOfMeeting.load(meeting.id);
    if (!currentOnly) return all;
    const corrected = new Set(all.flatMap((o) => (o.corrects ? [o.corrects.id] : [])));
    return all.filter((o) => !corrected.has(o.id));
  }

  @FieldResolver(() => Minutes, { nullable: true, description: 'The minutes or closing report.' })
  async minutes(@Root() meeting: Meeting, @Ctx() ctx: HubContext) {
    return (await loaders(ctx).minutesOfMeeting.load(meeting.id))[0] ?? null;
  }

  @FieldResolver(() => [Declaration], { description: 'Declarations adopted at this meeting.' })
  declarations(@Root() meeting: Meeting, @Ctx() ctx: HubContext) {
    return loaders(ctx).declarationsOfMeeting.load(meeting.id);
  }

  @Mutation(() => Meeting, { description: 'An organiser drafts a meeting for their own organisation (admins for anyone).' })
  async createMeeting(@Arg('input') input: MeetingInput, @Ctx() ctx: HubContext) {
    const identity = can.createMeeting(ctx);
    requireFields(input, ['title']);
    return ctx.em.transactional(async (em) => {
      const meeting = build(em, Meeting, {});
      const organisers = new Set(input.organiserIds ?? []);
      if (!isAdmin(identity)) organisers.add(identity.organisationId!);
      if (organisers.size === 0) throw badInput('A meeting needs at least one organiser.', 'organiserIds');
      apply(meeting, { ...input, organiserIds: [...organisers] });
      await em.flush();
      return meeting;
    });
  }

  @Mutation(() => Meeting, { description: 'The meeting’s organisers change its details.' })
  async updateMeeting(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: MeetingInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const meeting = await getEditableMeeting(ctx, em, id, expectedVersion);
      assertOpen(meeting, 'change it');
      if (input.organiserIds && !isAdmin(ctx.identity) && !input.organiserIds.includes(ctx.identity.organisationId!)) {
        throw badInput('You cannot remove your own organisation from the organisers.', 'organiserIds');
      }
      apply(meeting, input);
      if (meeting.status !== MeetingStatus.DRAFT && !meeting.startsAt) {
        throw badInput('A published meeting must keep its start.', 'startsAt');
      }
      await em.flush();
      return meeting;
    });
  }

  @Mutation(() => Meeting, { description: 'Publishes a draft: it needs a start and at least one agenda item.' })
  async publishMeeting(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const meeting = await getEditableMeeting(ctx, em, id, expectedVersion);
      if (meeting.status !== MeetingStatus.DRAFT) throw conflict(`The meeting is already ${meeting.status.toLowerCase()}; only a draft can be published.`);
      if (!meeting.startsAt) throw badInput('A meeting needs a start before it is published.', 'startsAt');
      const items = await em.count(AgendaItem, { meeting: meeting.id });
      if (items === 0) throw badInput('A meeting needs at least one agenda item before it is published.', 'agenda');
      meeting.status = MeetingStatus.PUBLISHED;
      meeting.publishedAt = new Date();
      await em.flush();
      return meeting;
    });
  }

  @Mutation(() => Meeting, { description: 'Closes a meeting once it has outcomes or minutes; its outcomes then become append-only.' })
  async closeMeeting(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const meeting = await getEditableMeeting(ctx, em, id, expectedVersion);
      if (meeting.status !== MeetingStatus.PUBLISHED && meeting.status !== MeetingStatus.HELD) {
        throw conflict(`A ${meeting.status.toLowerCase()} meeting cannot be closed.`);
      }
      const [outcomes, minutes] = await Promise.all([em.count(Outcome, { meeting: meeting.id }), em.count(Minutes, { meeting: meeting.id })]);
      if (outcomes === 0 && minutes === 0) {
        throw badInput('Record the outcomes or the minutes before closing the meeting.', 'id');
      }
      meeting.status = MeetingStatus.CLOSED;
      meeting.closedAt = new Date();
      await em.flush();
      return meeting;
    });
  }

  @Mutation(() => Meeting, { description: 'Cancels a draft or published meeting.' })
  async cancelMeeting(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const meeting = await getEditableMeeting(ctx, em, id, expectedVersion);
      if (meeting.status !== MeetingStatus.DRAFT && meeting.status !== MeetingStatus.PUBLISHED) {
        throw conflict(`A ${meeting.status.toLowerCase()} meeting cannot be cancelled.`);
      }
      meeting.status = MeetingStatus.CANCELLED;
      meeting.cancelledAt = new Date();
      await em.flush();
      return meeting;
    });
  }

  @Mutation(() => Meeting, { description: 'Deletes a draft (a tombstone stays in the change feed); a published meeting is cancelled instead.' })
  async deleteMeeting(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return ctx.em.transactional(async (em) => {
      const meeting = await getEditableMeeting(ctx, em, id);
      if (meeting.status !== MeetingStatus.DRAFT) throw conflict('Only a draft can be deleted; cancel a published meeting instead.');
      markDeleted(meeting);
      await em.flush();
      return meeting;
    });
  }

  @Mutation(() => Participant, { description: 'The organisers add a participating city or organisation.' })
  async addParticipant(@Arg('meetingId', () => ID) meetingId: string, @Arg('input') input: ParticipantInput, @Ctx() ctx: HubContext) {
    return ctx.em.transactional(async (em) => {
      const meeting = await getEditableMeeting(ctx, em, meetingId, null, 'meetingId');
      assertOpen(meeting, 'change its participants');
      exactlyOneParty(input, 'A participant');
      const existing = await em.count(Participant, {
        meeting: meeting.id,
        ...(input.cityId ? { cityId: input.cityId } : { organisationId: input.organisationId }),
      });
      if (existing > 0) throw conflict('This city or organisation already takes part in the meeting.');
      const participant = build(em, Participant, {
        meeting,
        cityId: input.cityId ?? null,
        organisationId: input.organisationId ?? null,
        stakeholderType: input.stakeholderType,
        role: input.role,
        note: input.note ? toTranslationMap(input.note, 'note') : null,
      });
      await em.flush();
      return participant;
    });
  }

  @Mutation(() => Participant, { description: 'The organisers remove a participant recorded in error.' })
  async removeParticipant(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    requireSignedIn(ctx);
    return ctx.em.transactional(async (em) => {
      const participant = await getLive(em, Participant, id);
      const meeting = await getEditableMeeting(ctx, em, participant.meeting.id);
      assertOpen(meeting, 'change its participants');
      markDeleted(participant);
      await em.flush();
      return participant;
    });
  }
}

function apply(meeting: Meeting, input: MeetingInput) {
  const { title, theme, description, timeZone, networkId, venueCityId, organiserIds, ...plain } = input;
  for (const [key, value] of Object.entries(plain)) {
    if (value === undefined || (key === 'timeKnown' && value === null)) continue;
    (meeting as unknown as Record<string, unknown>)[key] = value;
  }
  if (title !== undefined) meeting.title = toTranslationMap(title, 'title');
  if (theme !== undefined) meeting.theme = theme ? toTranslationMap(theme, 'theme') : null;
  if (description !== undefined) meeting.description = description ? toTranslationMap(description, 'description') : null;
  if (timeZone != null) meeting.timeZone = canonicalTimeZone(timeZone);
  if (networkId !== undefined) meeting.networkId = optionalId(networkId, 'networkId');
  if (venueCityId !== undefined) meeting.venueCityId = optionalId(venueCityId, 'venueCityId');
  if (organiserIds !== undefined) {
    organiserIds.forEach((id) => assertId(id, 'organiserIds'));
    if (organiserIds.length === 0) throw badInput('A meeting needs at least one organiser.', 'organiserIds');
    meeting.organiserIds = [...new Set(organiserIds)];
  }
  if (!meeting.title || Object.keys(meeting.title).length === 0) throw badInput('A meeting needs a title.', 'title');
  if (meeting.endsAt && !meeting.startsAt) throw badInput('A meeting with an end needs a start.', 'startsAt');
  assertDateOrder(meeting.startsAt, meeting.endsAt, 'startsAt', 'endsAt');
}

