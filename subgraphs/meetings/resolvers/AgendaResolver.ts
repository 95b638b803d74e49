import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { noteDerivedChange } from '../../../shared/history';
import { badInput, conflict } from '../../../shared/errors';
import { assertId, markDeleted, optionalId } from '../../../shared/lookup';
import { toTranslationMap } from '../../../shared/translated-text';
import { runWrite } from '../../../shared/write';
import { AgendaItem, type SpeakerData } from '../entities/AgendaItem';
import type { Meeting } from '../entities/Meeting';
import { Outcome } from '../entities/Outcome';
import { CreateAgendaItemInput, SpeakerInput, UpdateAgendaItemInput } from '../inputs';
import { MEETING_STATES, meetingLifecycle, requireAgendaLeft } from '../lifecycle';
import { loaders } from '../loaders';
import { canSee, permissions } from '../permissions';
import { getMeetingPart, getVisibleMeeting } from './common';
import { byRank, type Placement } from '../agenda';
import { agendaPlacements, rankAt, siblingCount, withAncestors, withNested } from '../sql';

@Resolver(() => AgendaItem)
export class AgendaResolver {
  @FieldResolver(() => [AgendaItem], { description: 'The items nested in this one, in order.' })
  async children(@Root() item: AgendaItem, @Ctx() ctx: HubContext) {
    const [items, meeting] = await Promise.all([
      loaders(ctx).agendaOfMeeting.load(item.meeting.id),
      loaders(ctx).meeting.load(item.meeting.id),
    ]);
    return items.filter((i) => i.parent?.id === item.id && !!meeting && canSee.agendaItem(ctx.identity, meeting, i, items)).sort(byRank);
  }

  @FieldResolver(() => String, { description: 'The number shown on the agenda, e.g. "2.1" (derived from the positions unless given).' })
  async number(@Root() item: AgendaItem, @Ctx() ctx: HubContext) {
    return (await placementOf(ctx, item)).number;
  }

  @FieldResolver(() => Int, { description: 'Order among its siblings, from 1.' })
  async position(@Root() item: AgendaItem, @Ctx() ctx: HubContext) {
    return (await placementOf(ctx, item)).position;
  }

  @FieldResolver(() => AgendaItem, { nullable: true, description: 'The item this one is part of.' })
  parent(@Root() item: AgendaItem, @Ctx() ctx: HubContext) {
    return item.parent ? loaders(ctx).agendaItem.load(item.parent.id) : null;
  }

  @FieldResolver(() => [Outcome], { description: 'The outcomes recorded for this item.' })
  async outcomes(@Root() item: AgendaItem, @Ctx() ctx: HubContext) {
    const outcomes = await loaders(ctx).outcomesOfMeeting.load(item.meeting.id);
    return outcomes.filter((o) => o.agendaItem?.id === item.id);
  }

  @Mutation(() => AgendaItem, {
    description:
      'Adds an item to the agenda. expectedVersion is the meeting’s version: a stale one (someone changed the meeting or its agenda since) gets CONFLICT.',
  })
  addAgendaItem(
    @Arg('meetingId', () => ID) meetingId: string,
    @Arg('input') input: CreateAgendaItemInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    const fields = itemFields(input);
    let parent: AgendaItem | null = null;
    return runWrite(ctx, {
      name: 'addAgendaItem',
      load: async (em) => ({ meeting: await getVisibleMeeting(ctx, em, meetingId, 'meetingId') }),
      right: permissions.addAgendaItem,
      state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change its agenda'),
      version: { of: ({ meeting }) => meeting, expected: expectedVersion },
      validate: async ({ meeting }, em) => {
        if (input.parentId != null) parent = await parentIn(em, meeting, input.parentId);
      },
      change: async ({ meeting }, em) => {
        // first: the meeting's row lock orders the agenda changes of one meeting
        await touchAgenda(em, meeting, expectedVersion);
        const parentId = parent?.id ?? null;
        const count = await siblingCount(em, meeting.id, parentId);
        const position = Math.min(input.position ?? count + 1, count + 1);
        const item = build(em, AgendaItem, {
          ...fields,
          meeting,
          parent: parent ? ref(parent) : null,
          rank: await rankAt(em, { meetingId: meeting.id, parentId, position }),
          kind: input.kind,
          title: fields.title ?? {},
        });
        noteDerivedChange(item, { field: 'position', previous: null, current: position });
        return item;
      },
    });
  }

  @Mutation(() => AgendaItem, {
    description:
      'Changes or moves an agenda item. expectedVersion is the item’s version: the later of two edits based on the same version gets CONFLICT.',
  })
  updateAgendaItem(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: UpdateAgendaItemInput,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    const fields = itemFields(input);
    let parent: AgendaItem | null | undefined;
    return runWrite(ctx, {
      name: 'updateAgendaItem',
      load: (em) => getMeetingPart(ctx, em, AgendaItem, id),
      right: permissions.updateAgendaItem,
      state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change its agenda'),
      version: { of: ({ part }) => part, expected: expectedVersion },
      validate: async ({ meeting, part }, em) => {
        if (input.parentId === null) parent = null;
        if (input.parentId != null) {
          parent = await parentIn(em, meeting, input.parentId);
          if ((await withAncestors(em, parent.id)).includes(part.id)) {
            throw badInput('An agenda item cannot be nested in itself or in one of its own items.', 'parentId');
          }
        }
      },
      change: async ({ meeting, part: item }, em) => {
        await touchAgenda(em, meeting);
        em.assign(item, fields);
        const from = item.parent?.id ?? null;
        const to = parent === undefined ? from : (parent?.id ?? null);
        if (input.position == null && to === from) return item;
        // a new parent without a position: the item keeps its place number, clamped to the places there are
        const others = (await siblingCount(em, meeting.id, to)) - (to === from ? 1 : 0);
        const previous = (await agendaPlacements(em, [item.id])).get(item.id)!.position;
        const position = Math.min(input.position ?? previous, others + 1);
        const place = { meetingId: meeting.id, parentId: to, position, exceptId: item.id, current: to === from ? item.rank : undefined };
        // the item's history shows the position it moved from and to, not its rank
        noteDerivedChange(item, { field: 'position', previous, current: position });
        return em.assign(item, { rank: await rankAt(em, place), ...(to !== from && { parent: parent ? ref(parent) : null }) });
      },
    });
  }

  @Mutation(() => AgendaItem, { description: 'Removes an agenda item and the items nested in it (tombstones stay in the change feed).' })
  removeAgendaItem(
    @Arg('id', () => ID) id: string,
    @Ctx() ctx: HubContext,
    @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
  ) {
    return runWrite(ctx, {
      name: 'removeAgendaItem',
      load: async (em) => {
        const { meeting, part } = await getMeetingPart(ctx, em, AgendaItem, id);
        const removed = await em.find(AgendaItem, { id: { $in: await withNested(em, part.id) } });
        // the top-level items left: none means no item is left at all
        const remaining = (await siblingCount(em, meeting.id, null)) - (part.parent ? 0 : 1);
        return { meeting, item: part, removed, remaining };
      },
      right: permissions.removeAgendaItem,
      state: ({ meeting, remaining }) => {
        meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change its agenda');
        requireAgendaLeft(meeting, remaining);
      },
      version: { of: ({ item }) => item, expected: expectedVersion },
      change: async ({ meeting, item, removed }, em) => {
        await touchAgenda(em, meeting);
        removed.forEach(markDeleted);
        return item;
      },
    });
  }
}

/** Where an item stands in its meeting's agenda (batched: one statement for the items of a request). */
async function placementOf(ctx: HubContext, item: AgendaItem): Promise<Placement> {
  const placement = await loaders(ctx).placementOfAgendaItem.load(item.id);
  if (!placement) throw new Error(`Agenda item ${item.id} has no place in its meeting's agenda.`);
  return placement;
}

/** The agenda item `parentId` names, which must belong to the meeting (else BAD_USER_INPUT naming the field). */
async function parentIn(em: EntityManager, meeting: Meeting, parentId: string): Promise<AgendaItem> {
  assertId(parentId, 'parentId');
  const parent = await em.findOne(AgendaItem, { id: parentId, meeting: meeting.id });
  if (!parent) throw badInput(`"parentId": there is no agenda item with id ${parentId} in this meeting.`, 'parentId');
  return parent;
}

/**
 * Records an agenda change on the meeting: its agendaRevision and version go up by one, atomically
 * in the database, so that concurrent edits of different items both succeed (their rows have
 * versions of their own) while a write based on a stale meeting version (expectedVersion) gets
 * CONFLICT even when the two writes race.
 */
async function touchAgenda(em: EntityManager, meeting: Meeting, expectedVersion?: number | null) {
  const stale = expectedVersion != null;
  const result = await em.execute<{ affectedRows: number }>(
    `update "meeting" set "agenda_revision" = "agenda_revision" + 1, "version" = "version" + 1, "updated_at" = now() where "id" = ?${stale ? ' and "version" = ?' : ''}`,
    stale ? [meeting.id, expectedVersion] : [meeting.id],
    'run',
  );
  if (result.affectedRows === 0) {
    throw conflict(
      `Meeting ${meeting.id} is no longer at version ${expectedVersion}: someone changed it or its agenda since you read it. Reload and try again.`,
    );
  }
}

function speakers(inputs: SpeakerInput[]): SpeakerData[] {
  return inputs.map((s, index) => ({
    name: s.name,
    role: s.role ? toTranslationMap(s.role, `speakers[${index}].role`) : null,
    organisationId: optionalId(s.organisationId, `speakers[${index}].organisationId`) ?? null,
  }));
}

/** What an input sets on an agenda item besides its place. */
type ItemFields = Partial<
  Pick<AgendaItem, 'kind' | 'title' | 'description' | 'startsAt' | 'durationMinutes' | 'speakerData' | 'isPublic' | 'customNumber'>
>;

/** What an input sets on an agenda item besides its place, converted and checked (BAD_USER_INPUT naming the field). */
function itemFields(input: CreateAgendaItemInput | UpdateAgendaItemInput): ItemFields {
  const fields: ItemFields = {};
  if (input.kind != null) fields.kind = input.kind;
  if (input.title != null) fields.title = toTranslationMap(input.title, 'title');
  if (input.description !== undefined) fields.description = input.description ? toTranslationMap(input.description, 'description') : null;
  if (input.startsAt !== undefined) fields.startsAt = input.startsAt;
  if (input.durationMinutes !== undefined) fields.durationMinutes = input.durationMinutes;
  if (input.speakers != null) fields.speakerData = speakers(input.speakers);
  if (input.public != null) fields.isPublic = input.public;
  if (input.number !== undefined) fields.customNumber = input.number;
  return fields;
}
