import { ref } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { HubContext } from '../../../shared/context';
import { build } from '../../../shared/entity';
import { badInput, conflict } from '../../../shared/errors';
import { markDeleted, optionalId } from '../../../shared/lookup';
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

@Resolver(() => AgendaItem)
export class AgendaResolver {
  @FieldResolver(() => [AgendaItem], { description: 'The items nested in this one, in order.' })
  async children(@Root() item: AgendaItem, @Ctx() ctx: HubContext) {
    const [items, meeting] = await Promise.all([
      loaders(ctx).agendaOfMeeting.load(item.meeting.id),
      loaders(ctx).meeting.load(item.meeting.id),
    ]);
    return items
      .filter((i) => i.parent?.id === item.id && !!meeting && canSee.agendaItem(ctx.identity, meeting, i, items))
      .sort((a, b) => a.position - b.position);
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
    let fields: ItemFields;
    return runWrite(ctx, {
      name: 'addAgendaItem',
      load: async (em) => {
        const meeting = await getVisibleMeeting(ctx, em, meetingId, 'meetingId');
        return { meeting, agenda: await em.find(AgendaItem, { meeting: meeting.id }) };
      },
      right: permissions.addAgendaItem,
      state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change its agenda'),
      version: { of: ({ meeting }) => meeting, expected: expectedVersion },
      validate: ({ agenda }) => {
        fields = itemFields(input, agenda);
      },
      change: async ({ meeting, agenda }, em) => {
        const item = build(em, AgendaItem, {
          ...fields,
          meeting,
          number: '',
          position: agenda.length + 1,
          kind: input.kind,
          title: fields.title ?? {},
        });
        arrange([...agenda, item], item, input.position);
        await touchAgenda(em, meeting, expectedVersion);
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
    let fields: ItemFields;
    return runWrite(ctx, {
      name: 'updateAgendaItem',
      load: async (em) => {
        const { meeting, part } = await getMeetingPart(ctx, em, AgendaItem, id);
        return { meeting, item: part, agenda: await em.find(AgendaItem, { meeting: meeting.id }) };
      },
      right: permissions.updateAgendaItem,
      state: ({ meeting }) => meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change its agenda'),
      version: { of: ({ item }) => item, expected: expectedVersion },
      validate: ({ item, agenda }) => {
        fields = itemFields(input, agenda, item.id);
      },
      change: async ({ meeting, item, agenda }, em) => {
        em.assign(item, fields);
        arrange(agenda, input.position !== undefined || input.parentId !== undefined ? item : undefined, input.position);
        await touchAgenda(em, meeting);
        return item;
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
        const agenda = await em.find(AgendaItem, { meeting: meeting.id });
        const removed = withNested(part, agenda);
        return { meeting, item: part, removed, remaining: agenda.filter((i) => !removed.includes(i)) };
      },
      right: permissions.removeAgendaItem,
      state: ({ meeting, remaining }) => {
        meetingLifecycle.require(meeting, MEETING_STATES.edit, 'change its agenda');
        requireAgendaLeft(meeting, remaining.length);
      },
      version: { of: ({ item }) => item, expected: expectedVersion },
      change: async ({ meeting, item, removed, remaining }, em) => {
        removed.forEach(markDeleted);
        arrange(remaining);
        await touchAgenda(em, meeting);
        return item;
      },
    });
  }
}

/** The item and every item nested in it, at any depth. */
function withNested(item: AgendaItem, agenda: AgendaItem[]): AgendaItem[] {
  const children = agenda.filter((i) => i.parent?.id === item.id);
  return [item, ...children.flatMap((child) => withNested(child, agenda))];
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

/** What an input sets on an agenda item, converted and checked (BAD_USER_INPUT naming the field). */
type ItemFields = Partial<
  Pick<
    AgendaItem,
    'kind' | 'title' | 'description' | 'startsAt' | 'durationMinutes' | 'speakerData' | 'isPublic' | 'customNumber' | 'parent'
  >
>;

/** `itemId`: the item being changed (none for a new one), which must not end up nested in itself. */
function itemFields(input: CreateAgendaItemInput | UpdateAgendaItemInput, agenda: AgendaItem[], itemId?: string): ItemFields {
  const fields: ItemFields = {};
  if (input.kind != null) fields.kind = input.kind;
  if (input.title != null) fields.title = toTranslationMap(input.title, 'title');
  if (input.description !== undefined) fields.description = input.description ? toTranslationMap(input.description, 'description') : null;
  if (input.startsAt !== undefined) fields.startsAt = input.startsAt;
  if (input.durationMinutes !== undefined) fields.durationMinutes = input.durationMinutes;
  if (input.speakers != null) fields.speakerData = speakers(input.speakers);
  if (input.public != null) fields.isPublic = input.public;
  if (input.number !== undefined) fields.customNumber = input.number;
  if (input.parentId === null) fields.parent = null;
  if (input.parentId != null) {
    const parentId = input.parentId;
    const parent = agenda.find((i) => i.id === parentId);
    if (!parent) throw badInput(`"parentId": there is no agenda item with id ${parentId} in this meeting.`, 'parentId');
    const byId = new Map(agenda.map((i) => [i.id, i]));
    for (let p: AgendaItem | undefined = parent; p; p = p.parent ? byId.get(p.parent.id) : undefined) {
      if (p.id === itemId) throw badInput('An agenda item cannot be nested in itself or in one of its own items.', 'parentId');
    }
    fields.parent = ref(parent);
  }
  return fields;
}

/**
 * Renumbers the agenda: siblings get positions 1..n (the moved item at the position asked for,
 * the others keeping their order) and every item without a number of its own gets "2.1"-style numbers.
 */
function arrange(items: AgendaItem[], moved?: AgendaItem, position?: number) {
  // children grouped by parent once: renumbering is O(n log n), not a scan of the agenda per item
  const byParent = new Map<string | null, AgendaItem[]>();
  for (const item of items) {
    if (item.deletedAt || item === moved) continue;
    const key = item.parent?.id ?? null;
    const siblings = byParent.get(key);
    if (siblings) siblings.push(item);
    else byParent.set(key, [item]);
  }
  const childrenOf = (parentId: string | null) => {
    const siblings = (byParent.get(parentId) ?? []).sort(
      (a, b) => a.position - b.position || a.createdAt.getTime() - b.createdAt.getTime(),
    );
    if (moved && (moved.parent?.id ?? null) === parentId) {
      const at = position != null ? Math.min(position - 1, siblings.length) : Math.min(moved.position - 1, siblings.length);
      siblings.splice(Math.max(at, 0), 0, moved);
    }
    return siblings;
  };
  const walk = (parentId: string | null, prefix: string) => {
    childrenOf(parentId).forEach((item, index) => {
      item.position = index + 1;
      item.number = item.customNumber ?? `${prefix}${index + 1}`;
      walk(item.id, `${item.number.replace(/\.$/, '')}.`);
    });
  };
  walk(null, '');
}
