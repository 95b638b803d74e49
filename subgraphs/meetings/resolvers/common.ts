import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../../shared/context';
import type { HubEntity } from '../../../shared/entity';
import { badInput, notFound } from '../../../shared/errors';
import { assertId, getLive } from '../../../shared/lookup';
import { Meeting } from '../entities/Meeting';
import { meetingLifecycle } from '../lifecycle';
import { canSee } from '../permissions';

/** An IANA time zone the runtime knows, in its canonical spelling. */
export function canonicalTimeZone(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone }).resolvedOptions().timeZone;
  } catch {
    throw badInput(`"${timeZone}" is not an IANA time zone such as "Europe/Istanbul".`, 'timeZone');
  }
}

/** A meeting the caller can see, else NOT_FOUND: for anyone but its organisers and admins, a draft does not exist. */
export async function getVisibleMeeting(ctx: HubContext, em: EntityManager, id: string, field = 'id'): Promise<Meeting> {
  const meeting = await getLive(em, Meeting, id, field);
  if (!canSee.meeting(ctx.identity, meeting)) throw notFound('Meeting', id);
  return meeting;
}

/** A meeting the input refers to (adoptedAtMeetingId…): missing or not visible is the caller's mistake, BAD_USER_INPUT naming the field. */
export async function getReferencedMeeting(ctx: HubContext, em: EntityManager, id: string, field: string): Promise<Meeting> {
  assertId(id, field);
  const meeting = await em.findOne(Meeting, { id });
  if (!meeting || !canSee.meeting(ctx.identity, meeting)) throw badInput(`"${field}": there is no Meeting with id ${id}.`, field);
  return meeting;
}

/** A part of a meeting (agenda item, participant, outcome) and its meeting: NOT_FOUND when either is missing or the meeting is not visible. */
export async function getMeetingPart<T extends HubEntity & { meeting: { id: string } }>(
  ctx: HubContext,
  em: EntityManager,
  entity: EntityClass<T>,
  id: string,
): Promise<{ meeting: Meeting; part: T }> {
  const part = await getLive(em, entity, id);
  const meeting = await em.findOne(Meeting, { id: part.meeting.id });
  if (!meeting || !canSee.meeting(ctx.identity, meeting)) throw notFound(entity.name, id);
  return { meeting, part };
}

/** One live record of the meeting, by id, that the input refers to, else BAD_USER_INPUT naming the field. */
export async function getPartOfMeeting<T extends HubEntity>(
  em: EntityManager,
  entity: EntityClass<T>,
  meeting: Meeting,
  id: string,
  field: string,
  what: string,
): Promise<T> {
  assertId(id, field);
  const where = { id, meeting: meeting.id } as FilterQuery<T>;
  const found = await em.findOne(entity, where);
  if (!found) throw badInput(`${field} must name ${what} of the same meeting.`, field);
  return found;
}

/**
 * The first outcome or minutes of a published meeting mark it HELD (the lifecycle's `hold`). Done as
 * one conditional update in the database, so that two organisers recording outcomes at the same
 * moment do not collide on the meeting's version (each outcome is a row of its own).
 */
export async function markHeld(em: EntityManager, meeting: Meeting) {
  if (!meetingLifecycle.allows(meeting.status, 'hold')) return;
  const { from, to } = meetingLifecycle.transitions.hold;
  await em.execute(
    `update "meeting" set "status" = ?, "version" = "version" + 1, "updated_at" = now() where "id" = ? and "status" in (${from.map(() => '?').join(', ')})`,
    [to, meeting.id, ...from],
    'run',
  );
}
