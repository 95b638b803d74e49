import { ref } from '@mikro-orm/core';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { assertId, checkVersion, optionalId } from '../../../shared/lookup';
import { toTranslationMap } from '../../../shared/translated-text';
import { requireFields } from '../../../shared/validation';
import { runWrite } from '../../../shared/write';
import { AgendaItem } from '../entities/AgendaItem';
import { Meeting } from '../entities/Meeting';
import { Minutes } from '../entities/Minutes';
import { Outcome } from '../entities/Outcome';
import { OutcomeKind } from '../entities/enums';
import { MinutesInput, RecordOutcomeInput, UpdateOutcomeInput } from '../inputs';
import { MEETING_STATES, meetingLifecycle, requireStarted } from '../lifecycle';
import { loaders } from '../loaders';
import { canSee, permissions } from '../permissions';
import { getMeetingPart, getPartOfMeeting, getVisibleMeeting, markHeld } from './common';

@Resolver(() => Outcome)
export class OutcomeResolver {
  @FieldResolver(() => Meeting, { nullable: true })
  async meeting(@Root() outcome: Outcome, @Ctx() ctx: HubContext) {
    const meeting = await loaders(ctx).meeting.load(outcome.meeting.id);
    return meeting && canSee.meeting(ctx.identity, meeting) ? meeting : null;
  }

  @FieldResolver(() => AgendaItem, {
    nullable: true,
    description: 'The agenda item it came out of; null for the meeting as a whole (or an internal item the caller may not see).',
  })
  async agendaItem(@Root() outcome: Outcome, @Ctx() ctx: HubContext) {
    if (!outcome.agendaItem) return null;
    const [items, meeting] = await Promise.all([
      loaders(ctx).agendaOfMeeting.load(outcome.meeting.id),
      loaders(ctx).meeting.load(outcome.meeting.id),
    ]);
    const item = items.find((i) => i.id === outcome.agendaItem!.id) ?? null;
    if (!item || !meeting) return null;
    return canSee.agendaItem(ctx.identity, meeting, item, items) ? item : null;
  }

  @FieldResolver(() => Outcome, { nullable: true, description: 'The outcome this entry corrects.' })
  corrects(@Root() outcome: Outcome, @Ctx() ctx: HubContext) {
    return outcome.corrects ? loaders(ctx).outcome.load(outcome.corrects.id) : null;
  }

  @FieldResolver(() => [Outcome], { description: 'Later entries that correct this one.' })
  async correctedBy(@Root() outcome: Outcome, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).outcomesOfMeeting.load(outcome.meeting.id);
    return all.filter((o) => o.corrects?.id === outcome.id);
  }

  @FieldResolver(() => Boolean, { description: 'False once a later entry corrects it.' })
  async current(@Root() outcome: Outcome, @Ctx() ctx: HubContext) {
    const all = await loaders(ctx).outcomesOfMeeting.load(outcome.meeting.id);
    return !all.some((o) => o.corrects?.id === outcome.id);
  }

  @Mutation(() => Outcome, {
    description:
      'The organisers record an outcome of a meeting that has started. After the meeting is closed outcomes are append-only: record a correction with correctsId (it starts as a copy of the corrected entry; give only what changes, e.g. a new follow-up status or funding activity).',
  })
  recordOutcome(@Arg('meetingId', () => ID) meetingId: string, @Arg('input') input: RecordOutcomeInput, @Ctx() ctx: HubContext) {
    let corrected: Outcome | null = null;
    let fields: OutcomeFields;
    return runWrite(ctx, {
      name: 'recordOutcome',
      load: async (em) => ({ meeting: await getVisibleMeeting(ctx, em, meetingId, 'meetingId') }),
      right: permissions.recordOutcome,
      state: ({ meeting }) => {
        meetingLifecycle.require(meeting, MEETING_STATES.recordOutcome, 'record outcomes');
        requireStarted(meeting, 'outcomes');
      },
      validate: async ({ meeting }, em) => {
        if (input.correctsId == null) {
          requireFields(input, ['kind', 'text']);
        } else {
          corrected = await getPartOfMeeting(em, Outcome, meeting, input.correctsId, 'correctsId', 'an outcome');
          const later = await em.findOne(Outcome, { corrects: corrected.id });
          if (later) throw conflict(`Outcome ${corrected.id} was already corrected by ${later.id}: correct the latest entry instead.`);
        }
        fields = await outcomeFields(em, meeting, input, corrected ?? {});
      },
      change: async ({ meeting }, em) => {
        // a correction starts as a copy of the entry it corrects; the input says what changes
        const outcome = corrected
          ? build(em, Outcome, {
              meeting,
              corrects: corrected,
              agendaItem: corrected.agendaItem ?? null,
              kind: corrected.kind,
              text: structuredClone(corrected.text),
              addressedTo: corrected.addressedTo ? structuredClone(corrected.addressedTo) : null,
              ownerCityId: corrected.ownerCityId ?? null,
              ownerOrganisationId: corrected.ownerOrganisationId ?? null,
              dueDate: corrected.dueDate ?? null,
              followUpStatus: corrected.followUpStatus,
              fundingActivityIds: [...corrected.fundingActivityIds],
            })
          : build(em, Outcome, { meeting, kind: input.kind ?? OutcomeKind.DECISION, text: {} });
        em.assign(outcome, fields);
        await markHeld(em, meeting);
        return outcome;
      },
    });
  }

  @Mutation(() => Outcome, {
    description:
      'Changes an outcome (follow-up status, owner, funding activities…) while the meeting is open; a closed meeting’s outcomes take corrections only.',
  })
  updateOutcome(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateOutcomeInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    let fields: OutcomeFields;
    return runWrite(ctx, {
      name: 'updateOutcome',
      load: (em) => getMeetingPart(ctx, em, Outcome, id),
      right: permissions.updateOutcome,
      state: ({ meeting }) =>
        meetingLifecycle.require(
          meeting,
          MEETING_STATES.edit,
          'change its outcomes (a closed meeting’s outcomes are append-only: record a correction with recordOutcome and correctsId)',
        ),
      version: { of: ({ part }) => part, expected: expectedVersion },
      validate: async ({ meeting, part }, em) => {
        fields = await outcomeFields(em, meeting, input, part);
      },
      change: ({ part }, em) => em.assign(part, fields),
    });
  }

  @Mutation(() => Minutes, {
    description:
      'The organisers record or replace the minutes (closing report) of a meeting that has started; expectedVersion is the version of the minutes being replaced.',
  })
  recordMinutes(
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('input') input: MinutesInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'recordMinutes',
      load: async (em) => {
        const meeting = await getVisibleMeeting(ctx, em, meetingId, 'meetingId');
        return { meeting, existing: await em.findOne(Minutes, { meeting: meeting.id }) };
      },
      right: permissions.recordMinutes,
      state: ({ meeting }) => {
        meetingLifecycle.require(meeting, MEETING_STATES.recordMinutes, 'record its minutes');
        requireStarted(meeting, 'minutes');
      },
      validate: ({ existing }) => {
        if (existing) checkVersion(existing, expectedVersion);
        if (Object.keys(toTranslationMap(input.text, 'text')).length === 0) throw badInput('The minutes need a text.', 'text');
      },
      change: async ({ meeting, existing }, em) => {
        const fields: Pick<Minutes, 'text'> & Partial<Pick<Minutes, 'attendeeCount'>> = { text: toTranslationMap(input.text, 'text') };
        if (input.attendeeCount !== undefined) fields.attendeeCount = input.attendeeCount;
        const minutes = existing ? em.assign(existing, fields) : build(em, Minutes, { meeting, ...fields });
        await markHeld(em, meeting);
        return minutes;
      },
    });
  }
}

/** What an input sets on an outcome, converted and checked (BAD_USER_INPUT naming the field); `current` is what it starts from. */
type OutcomeFields = Partial<
  Pick<
    Outcome,
    | 'kind'
    | 'text'
    | 'addressedTo'
    | 'ownerCityId'
    | 'ownerOrganisationId'
    | 'dueDate'
    | 'followUpStatus'
    | 'fundingActivityIds'
    | 'agendaItem'
  >
>;

async function outcomeFields(
  em: HubContext['em'],
  meeting: Meeting,
  input: RecordOutcomeInput | UpdateOutcomeInput,
  current: Partial<Pick<Outcome, 'text'>>,
): Promise<OutcomeFields> {
  const fields: OutcomeFields = {};
  if (input.kind != null) fields.kind = input.kind;
  if (input.text != null) fields.text = toTranslationMap(input.text, 'text');
  if (Object.keys(fields.text ?? current.text ?? {}).length === 0) throw badInput('An outcome needs a text.', 'text');
  if (input.addressedTo !== undefined) fields.addressedTo = input.addressedTo ? toTranslationMap(input.addressedTo, 'addressedTo') : null;
  if (input.ownerCityId !== undefined) fields.ownerCityId = optionalId(input.ownerCityId, 'ownerCityId');
  if (input.ownerOrganisationId !== undefined) fields.ownerOrganisationId = optionalId(input.ownerOrganisationId, 'ownerOrganisationId');
  if (input.dueDate !== undefined) fields.dueDate = input.dueDate;
  if (input.followUpStatus != null) fields.followUpStatus = input.followUpStatus;
  if (input.fundingActivityIds != null) {
    input.fundingActivityIds.forEach((id) => assertId(id, 'fundingActivityIds'));
    fields.fundingActivityIds = [...new Set(input.fundingActivityIds)];
  }
  if (input.agendaItemId === null) fields.agendaItem = null;
  if (input.agendaItemId != null)
    fields.agendaItem = ref(await getPartOfMeeting(em, AgendaItem, meeting, input.agendaItemId, 'agendaItemId', 'an agenda item'));
  return fields;
}
