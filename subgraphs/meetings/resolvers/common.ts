import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from '../../../shared/context';
import { badInput, conflict, notFound } from '../../../shared/errors';
import { checkVersion, getLive } from '../../../shared/lookup';
import { requireSignedIn } from '../../../shared/permissions';
import type { AgendaItem } from '../entities/AgendaItem';
import { MeetingStatus } from '../entities/enums';
import { Meeting } from '../entities/Meeting';
import { can } from '../permissions';




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
  if (!can.seeMeeting(ctx.identity, meeting)) throw notFound('Meeting', id);
  return meeting;
}

/** The meeting to change: signed in, visible, one of its organisers, and at the version the caller read. */
export async function getEditableMeeting(ctx: HubContext, em: EntityManager, id: string, expectedVersion?: number | null, field = 'id') {
  requireSignedIn(ctx);
  const meeting = await getVisibleMeeting(ctx, em, id, field);
  can.editMeeting(ctx, meeting);
  checkVersion(meeting, expectedVersion);
  return meeting;
}

const FINISHED = [MeetingStatus.CLOSED, MeetingStatus.CANCELLED];

/** Closed and cancelled meetings are read-only (closed outcomes take corrections only). */
export function assertOpen(meeting: Meeting, action: string) {
  if (FINISHED.includes(meeting.status)) {
    throw conflict(`The meeting is ${meeting.status.toLowerCase()}: you can no longer ${action}.`);
  }
}

/** Outcomes and minutes need a meeting that was published and has started. */
export function assertStarted(meeting: Meeting, what: string) {
  if (meeting.status === MeetingStatus.DRAFT || meeting.status === MeetingStatus.CANCELLED) {
    throw conflict(`A ${meeting.status.toLowerCase()} meeting cannot have ${what}.`);
  }
  if (!meeting.startsAt || meeting.startsAt.getTime() > Date.now()) {
    throw badInput(`The meeting has not started yet: ${what} can be recorded once it has.`, 'meetingId');
  }
}

/** An item is shown to the public when it and every item it is part of are public. */
export function isShown(item: AgendaItem, all: AgendaItem[]): boolean {
  if (!item.isPublic) return false;
  const parent = item.parent ? all.find((i) => i.id === item.parent!.id) : null;
  return parent ? isShown(parent, all) : true;
}

/**
 * The first outcome or minutes of a published meeting mark it HELD. Done as one conditional update
 * in the database, so that two organisers recording outcomes at the same moment do not collide on
 * the meeting's version (each outcome is a row of its own).
 */
export async function markHeld(em: EntityManager, meeting: Meeting) {
  if (meeting.status !== MeetingStatus.PUBLISHED) return;
  await em.execute(
    `update "meeting" set "status" = 'HELD', "version" = "version" + 1, "updated_at" = now() where "id" = ? and "status" = 'PUBLISHED'`,
    [meeting.id],
    'run',
  );
}
