import { ref } from '@mikro-orm/core';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { requireFields } from '../../../shared/validation';
import type { HubContext } from '../../../shared/context';
import { requireSignedIn } from '../../../shared/permissions';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { assertId, checkVersion, getLive, optionalId } from '../../../shared/lookup';
import { toTranslationMap } from '../../../shared/translated-text';
import { AgendaItem } from '../entities/AgendaItem';
import { MeetingStatus } from '../entities/enums';
import { Meeting } from '../entities/Meeting';
import { Minutes } from '../entities/Minutes';
import { Outcome } from '../entities/Outcome';
import { MinutesInput, OutcomeInput } from '../inputs';
import { loaders } from '../loaders';
import { can } from '../permissions';
import { assertOpen, assertStarted, isShown, markHeld, getEditableMeeting } from './common';

@Resolver(() => Outcome)
export class OutcomeResolver {
  @FieldResolver(() => Meeting, { nullable: true })
  async meeting(@Root() outcome: Outcome, @Ctx() ctx: HubContext) {
    const meeting = await loaders(ctx).meeting.load(outcome.meeting.id);
    return meeting && can.seeMeeting(ctx.identity, meeting) ? meeting : null;
  }

  @FieldResolver(() => AgendaItem, {
    nullable: true,
    description: 'The agenda item it came out of; null for the meeting as a whole (or an internal item the caller may not see).',
  })
  async agendaItem(@Root() outcome: Outcome, @Ctx() ctx: HubContext) {
    if (!outcome.agendaItem) return null;
    const [items, meeting] = await Promise.all([loaders(ctx).agendaOfMeeting.load(outcome.meeting.id), loaders(ctx).meeting.load(outcome.meeting.id)]);
    const item = items.find((i) => i.id === outcome.agendaItem!.id) ?? null;
    if (!item || !meeting) return null;
    return can.seeInternals(ctx.identity, meeting) || isShown(item, items) ? item : null;
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
  async recordOutcome(@Arg('meetingId', () => ID) meetingId: string, @Arg('input') input: OutcomeInput, @Ctx() ctx: HubContext) {
    return ctx.em.transactional(async (em) => {
      const meeting = await getEditableMeeting(ctx, em, meetingId, null, 'meetingId');
      assertStarted(meeting, 'outcomes');
      let outcome: Outcome;
      if (input.correctsId != null) {
        assertId(input.correctsId, 'correctsId');
        const corrected = await em.findOne(Outcome, { id: input.correctsId, meeting: meeting.id });
        if (!corrected) throw badInput('correctsId must name an outcome of the same meeting.', 'correctsId');
        const later = await em.findOne(Outcome, { corrects: corrected.id });
        if (later) throw conflict(`Outcome ${corrected.id} was already corrected by ${later.id}: correct the latest entry instead.`);
        // a correction starts as a copy of the entry it corrects; the input says what changes
        outcome = build(em, Outcome, {
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
        });
      } else {
        requireFields(input, ['kind', 'text']);
        outcome = build(em, Outcome, { meeting, kind: input.kind, text: {} });
      }
      await applyOutcome(em, meeting, outcome, input);
      await markHeld(em, meeting);
      await em.flush();
      return outcome;
    });
  }

  @Mutation(() => Outcome, {
    description: 'Changes an outcome (follow-up status, owner, funding activities…) while the meeting is open; a closed meeting’s outcomes take corrections only.',
  })
  async updateOutcome(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: OutcomeInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    requireSignedIn(ctx);
    return ctx.em.transactional(async (em) => {
      const outcome = await getLive(em, Outcome, id);
      const meeting = await getEditableMeeting(ctx, em, outcome.meeting.id);
      if (meeting.status === MeetingStatus.CLOSED) {
        throw conflict('The meeting is closed and its outcomes are append-only: record a correction (recordOutcome with correctsId) instead.');
      }
      assertOpen(meeting, 'change its outcomes');
      checkVersion(outcome, expectedVersion);
      if (input.correctsId !== undefined) throw badInput('correctsId is set when the correction is recorded, not later.', 'correctsId');
      await applyOutcome(em, meeting, outcome, input);
      await em.flush();
      return outcome;
    });
  }

  @Mutation(() => Minutes, {
    description: 'The organisers record or replace the minutes (closing report) of a meeting that has started; expectedVersion is the version of the minutes being replaced.',
  })
  async recordMinutes(
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('input') input: MinutesInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return ctx.em.transactional(async (em) => {
      const meeting = await getEditableMeeting(ctx, em, meetingId, null, 'meetingId');
      assertOpen(meeting, 'change its minutes');
      assertStarted(meeting, 'minutes');
      const existing = await em.findOne(Minutes, { meeting: meeting.id });
      if (existing) checkVersion(existing, expectedVersion);
      const minutes = existing ?? build(em, Minutes, { meeting });
      minutes.text = toTranslationMap(input.text, 'text');
      if (Object.keys(minutes.text).length === 0) throw badInput('The minutes need a text.', 'text');
      if (input.attendeeCount !== undefined) minutes.attendeeCount = input.attendeeCount;
      await markHeld(em, meeting);
      await em.flush();
      return minutes;
    });
  }
}

async function applyOutcome(em: HubContext['em'], meeting: Meeting, outcome: Outcome, input: OutcomeInput) {
  if (input.kind != null) outcome.kind = input.kind;
  if (input.text != null) outcome.text = toTranslationMap(input.text, 'text');
  if (Object.keys(outcome.text ?? {}).length === 0) throw badInput('An outcome needs a text.', 'text');
  if (input.addressedTo !== undefined) outcome.addressedTo = input.addressedTo ? toTranslationMap(input.addressedTo, 'addressedTo') : null;
  if (input.ownerCityId !== undefined) outcome.ownerCityId = optionalId(input.ownerCityId, 'ownerCityId');
  if (input.ownerOrganisationId !== undefined) outcome.ownerOrganisationId = optionalId(input.ownerOrganisationId, 'ownerOrganisationId');
  if (input.dueDate !== undefined) outcome.dueDate = input.dueDate;
  if (input.followUpStatus != null) outcome.followUpStatus = input.followUpStatus;
  if (input.fundingActivityIds != null) {
    input.fundingActivityIds.forEach((id) => assertId(id, 'fundingActivityIds'));
    outcome.fundingActivityIds = [...new Set(input.fundingActivityIds)];
  }
  if (input.agendaItemId !== undefined) {
    if (input.agendaItemId === null) {
      outcome.agendaItem = null;
    } else {
      assertId(input.agendaItemId, 'agendaItemId');
      const item = await em.findOne(AgendaItem, { id: input.agendaItemId, meeting: meeting.id });
      if (!item) throw badInput('agendaItemId must name an item of the same meeting’s agenda.', 'agendaItemId');
      outcome.agendaItem = ref(item);
    }
  }
}
