import type { FilterQuery } from '@mikro-orm/core';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { isAdmin } from '../../../shared/identity';
import { assertId, exactlyOneParty, markDeleted, optionalId } from '../../../shared/lookup';
import { ConnectionType, paginate } from '../../../shared/pagination';
import { searchKey } from '../../../shared/search-key';
import { toTranslationMap } from '../../../shared/translated-text';
import { runWrite } from '../../../shared/write';
import { assertDateOrder, containsPattern } from '../../../shared/validation';
import { AgendaItem } from '../entities/AgendaItem';
import { Declaration } from '../entities/Declaration';
import { MeetingStatus } from '../entities/enums';
import { Meeting } from '../entities/Meeting';
import { Minutes } from '../entities/Minutes';
import { Outcome } from '../entities/Outcome';
import { Participant } from '../entities/Participant';
import { CityReference, NetworkReference, OrganisationReference } from '../entities/references';
import { CreateMeetingInput, MeetingArgs, ParticipantInput, UpdateMeetingInput } from '../inputs';
import { MEETING_STATES, meetingLifecycle, requireClosable, requirePublishable } from '../lifecycle';
import { agendaTree } from '../agenda';
import { loaders } from '../loaders';
import { canSee, permissions, visibleWhere } from '../permissions';
import { canonicalTimeZone, getMeetingPart, getVisibleMeeting } from './common';

export const MeetingConnection = ConnectionType('Meeting', Meeting);

@Resolver(() => Meeting)
export class MeetingResolver {
  @Query(() => Meeting, { description: 'One meeting by id. A draft is found only by its organisers and admins.' })
  meeting(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return getVisibleMeeting(ctx, ctx.em, id);
  }

  @Query(() => MeetingConnection, {
    description:
      'Meetings, latest start first, filtered by network, city, organiser, status, start range and text. Drafts only for their organisers and admins.',
  })
  async meetings(@Args() args: MeetingArgs, @Ctx() ctx: HubContext) {
    const where: FilterQuery<Meeting>[] = [visibleWhere.meeting(ctx.identity)];
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
    return NetworkReference.of(meeting.networkId);
  }

  @FieldResolver(() => CityReference, { nullable: true, description: 'The city where the meeting takes place.' })
  venueCity(@Root() meeting: Meeting) {
    return CityReference.of(meeting.venueCityId);
  }

  @FieldResolver(() => [OrganisationReference], { description: 'The organisations that convene and organise the meeting.' })
  organisers(@Root() meeting: Meeting) {
    return meeting.organiserIds.map((id) => OrganisationReference.of(id)!);
  }

  @FieldResolver(() => [AgendaItem], {
    description:
      'The agenda as a tree: the top-level items, each with its `children`. With flat: true, every item in agenda order. Internal items only for organisers and admins.',
  })
  async agenda(@Root() meeting: Meeting, @Ctx() ctx: HubContext, @Arg('flat', () => Boolean, { defaultValue: false }) flat: boolean) {
    const items = await loaders(ctx).agendaOfMeeting.load(meeting.id);
    const shown = agendaTree(items).filter((item) => canSee.agendaItem(ctx.identity, meeting, item, items));
    return flat ? shown : shown.filter((item) => !item.parent);
  }

  @FieldResolver(() => [Participant])
  participants(@Root() meeting: Meeting, @Ctx() ctx: HubContext) {
    return loaders(ctx).participantsOfMeeting.load(meeting.id);
  }

  @FieldResolver(() => [Outcome], {
    description:
      'Every outcome, of the meeting and of its agenda items, oldest first, corrections included; with currentOnly: true, only entries no later one corrects.',
  })
  async outcomes(
    @Root() meeting: Meeting,
    @Ctx() ctx: HubContext,
    @Arg('currentOnly', () => Boolean, { defaultValue: false }) currentOnly: boolean,
  ) {
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
  createMeeting(@Arg('input') input: CreateMeetingInput, @Ctx() ctx: HubContext) {
    let fields: MeetingFields;
    return runWrite(ctx, {
      name: 'createMeeting',
      load: async () => ({}),
      right: permissions.createMeeting,
      validate: () => {
        // an organiser's own organisation is always one of the organisers
        const own = isAdmin(ctx.identity) ? [] : [ctx.identity.organisationId];
        const organiserIds = [...(input.organiserIds ?? []), ...own].filter((id): id is string => id != null);
        fields = meetingFields({ ...input, organiserIds }, {});
      },
      change: (_, em) => build(em, Meeting, { ...fields, title: fields.title ?? {} }),
    });
  }

  @Mutation(() => Meeting, { description: 'The meeting’s organisers change its details.' })
  updateMeeting(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateMeetingInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    let fields: MeetingFields;
    return runWrite(ctx, {
      name: 'updateMeeting',
      load: async (em) => ({ meeting: await getVisibleMeeting(ctx, em, id) }),
      right: permissions.updateMeeting,
      state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change it'),
      version: { of: ({ meeting }) => meeting, expected: expectedVersion },
      validate: ({ meeting }) => {
        const own = ctx.identity.organisationId;
        if (input.organiserIds && !isAdmin(ctx.identity) && (!own || !input.organiserIds.includes(own))) {
          throw badInput('You cannot remove your own organisation from the organisers.', 'organiserIds');
        }
        fields = meetingFields(input, meeting);
        const startsAt = 'startsAt' in fields ? fields.startsAt : meeting.startsAt;
        if (meeting.status !== MeetingStatus.DRAFT && !startsAt) throw badInput('A published meeting must keep its start.', 'startsAt');
      },
      change: ({ meeting }, em) => em.assign(meeting, fields),
    });
  }

  @Mutation(() => Meeting, { description: 'Publishes a draft: it needs a start and at least one agenda item.' })
  publishMeeting(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'publishMeeting',
      load: async (em) => {
        const meeting = await getVisibleMeeting(ctx, em, id);
        return { meeting, agendaItems: await em.count(AgendaItem, { meeting: meeting.id }) };
      },
      right: permissions.publishMeeting,
      state: ({ meeting, agendaItems }) => {
        meetingLifecycle.require(meeting, meetingLifecycle.transitions.publish.from, 'publish it');
        requirePublishable(meeting, agendaItems);
      },
      version: { of: ({ meeting }) => meeting, expected: expectedVersion },
      change: ({ meeting }) => {
        meetingLifecycle.apply(meeting, 'publish');
        meeting.publishedAt = new Date();
        return meeting;
      },
    });
  }

  @Mutation(() => Meeting, { description: 'Closes a meeting once it has outcomes or minutes; its outcomes then become append-only.' })
  closeMeeting(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'closeMeeting',
      load: async (em) => {
        const meeting = await getVisibleMeeting(ctx, em, id);
        const [outcomes, minutes] = await Promise.all([
          em.count(Outcome, { meeting: meeting.id }),
          em.count(Minutes, { meeting: meeting.id }),
        ]);
        return { meeting, outcomes, minutes };
      },
      right: permissions.closeMeeting,
      state: (target) => {
        meetingLifecycle.require(target.meeting, meetingLifecycle.transitions.close.from, 'close it');
        requireClosable(target);
      },
      version: { of: ({ meeting }) => meeting, expected: expectedVersion },
      change: ({ meeting }) => {
        meetingLifecycle.apply(meeting, 'close');
        meeting.closedAt = new Date();
        return meeting;
      },
    });
  }

  @Mutation(() => Meeting, { description: 'Cancels a draft or published meeting.' })
  cancelMeeting(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'cancelMeeting',
      load: async (em) => ({ meeting: await getVisibleMeeting(ctx, em, id) }),
      right: permissions.cancelMeeting,
      state: ({ meeting }) => meetingLifecycle.require(meeting, meetingLifecycle.transitions.cancel.from, 'cancel it'),
      version: { of: ({ meeting }) => meeting, expected: expectedVersion },
      change: ({ meeting }) => {
        meetingLifecycle.apply(meeting, 'cancel');
        meeting.cancelledAt = new Date();
        return meeting;
      },
    });
  }

  @Mutation(() => Meeting, {
    description: 'Deletes a draft (a tombstone stays in the change feed); a published meeting is cancelled instead.',
  })
  deleteMeeting(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'deleteMeeting',
      load: async (em) => ({ meeting: await getVisibleMeeting(ctx, em, id) }),
      right: permissions.deleteMeeting,
      state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.delete, 'delete it (cancel a published meeting instead)'),
      change: ({ meeting }) => markDeleted(meeting),
    });
  }

  @Mutation(() => Participant, { description: 'The organisers add a participating city or organisation.' })
  addParticipant(@Arg('meetingId', () => ID) meetingId: string, @Arg('input') input: ParticipantInput, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'addParticipant',
      load: async (em) => ({ meeting: await getVisibleMeeting(ctx, em, meetingId, 'meetingId') }),
      right: permissions.addParticipant,
      state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change its participants'),
      validate: async ({ meeting }, em) => {
        exactlyOneParty(input, 'A participant');
        const existing = await em.count(Participant, {
          meeting: meeting.id,
          ...(input.cityId ? { cityId: input.cityId } : { organisationId: input.organisationId }),
        });
        if (existing > 0) throw conflict('This city or organisation already takes part in the meeting.');
      },
      change: ({ meeting }, em) =>
        build(em, Participant, {
          meeting,
          cityId: input.cityId ?? null,
          organisationId: input.organisationId ?? null,
          stakeholderType: input.stakeholderType,
          role: input.role,
          note: input.note ? toTranslationMap(input.note, 'note') : null,
        }),
    });
  }

  @Mutation(() => Participant, { description: 'The organisers remove a participant recorded in error.' })
  removeParticipant(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext) {
    return runWrite(ctx, {
      name: 'removeParticipant',
      load: (em) => getMeetingPart(ctx, em, Participant, id),
      right: permissions.removeParticipant,
      state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change its participants'),
      change: ({ part }) => markDeleted(part),
    });
  }
}

/** What a create or update input sets on a meeting, converted and checked (BAD_USER_INPUT naming the field). */
type MeetingFields = Partial<
  Pick<
    Meeting,
    | 'networkId'
    | 'edition'
    | 'editionNumber'
    | 'title'
    | 'theme'
    | 'description'
    | 'startsAt'
    | 'endsAt'
    | 'timeZone'
    | 'timeKnown'
    | 'venueCityId'
    | 'venueName'
    | 'source'
    | 'organiserIds'
  >
>;

function meetingFields(
  input: CreateMeetingInput | UpdateMeetingInput,
  current: Partial<Pick<Meeting, 'title' | 'startsAt' | 'endsAt'>>,
): MeetingFields {
  const fields: MeetingFields = {};
  if (input.networkId !== undefined) fields.networkId = optionalId(input.networkId, 'networkId');
  if (input.edition !== undefined) fields.edition = input.edition;
  if (input.editionNumber !== undefined) fields.editionNumber = input.editionNumber;
  if (input.title != null) fields.title = toTranslationMap(input.title, 'title');
  if (input.theme !== undefined) fields.theme = input.theme ? toTranslationMap(input.theme, 'theme') : null;
  if (input.description !== undefined) fields.description = input.description ? toTranslationMap(input.description, 'description') : null;
  if (input.startsAt !== undefined) fields.startsAt = input.startsAt;
  if (input.endsAt !== undefined) fields.endsAt = input.endsAt;
  if (input.timeZone != null) fields.timeZone = canonicalTimeZone(input.timeZone);
  if (input.timeKnown != null) fields.timeKnown = input.timeKnown;
  if (input.venueCityId !== undefined) fields.venueCityId = optionalId(input.venueCityId, 'venueCityId');
  if (input.venueName !== undefined) fields.venueName = input.venueName;
  if (input.source !== undefined) fields.source = input.source;
  if (input.organiserIds !== undefined) {
    input.organiserIds.forEach((id) => assertId(id, 'organiserIds'));
    if (input.organiserIds.length === 0) throw badInput('A meeting needs at least one organiser.', 'organiserIds');
    fields.organiserIds = [...new Set(input.organiserIds)];
  }
  const title = fields.title ?? current.title;
  if (!title || Object.keys(title).length === 0) throw badInput('A meeting needs a title.', 'title');
  const startsAt = 'startsAt' in fields ? fields.startsAt : current.startsAt;
  const endsAt = 'endsAt' in fields ? fields.endsAt : current.endsAt;
  if (endsAt && !startsAt) throw badInput('A meeting with an end needs a start.', 'startsAt');
  assertDateOrder(startsAt, endsAt, 'startsAt', 'endsAt');
  return fields;
}
