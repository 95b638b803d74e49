import { conflict } from '../../shared/errors';
import { Lifecycle } from '../../shared/lifecycle';
import { MeetingStatus } from './entities/enums';
import type { Meeting } from './entities/Meeting';

const { DRAFT, PUBLISHED, HELD, CLOSED, CANCELLED } = MeetingStatus;

export type MeetingEvent = 'publish' | 'hold' | 'close' | 'cancel';

/**
 * A meeting's lifecycle: DRAFT → PUBLISHED → HELD (its first outcome or minutes) → CLOSED; a draft or
 * published meeting can be CANCELLED. Any other move is CONFLICT.
 */
export const meetingLifecycle = new Lifecycle<MeetingStatus, MeetingEvent>('Meeting', {
  publish: { from: [DRAFT], to: PUBLISHED },
  hold: { from: [PUBLISHED], to: HELD },
  close: { from: [PUBLISHED, HELD], to: CLOSED },
  cancel: { from: [DRAFT, PUBLISHED], to: CANCELLED },
});

/** The states in which each write that does not move the meeting may happen (any other: CONFLICT). */
export const MEETING_STATES = {
  /** Details, participants, agenda and outcomes change while the meeting is open; closed and cancelled meetings are read-only. */
  edit: [DRAFT, PUBLISHED, HELD],
  /** Only a draft is deleted; a published meeting is cancelled instead. */
  delete: [DRAFT],
  /** Outcomes of a published meeting, also after closing (as corrections or additions: append-only). */
  recordOutcome: [PUBLISHED, HELD, CLOSED],
  /** Minutes of a published meeting, until it is closed. */
  recordMinutes: [PUBLISHED, HELD],
} as const satisfies Record<string, readonly MeetingStatus[]>;

/** Outcomes and minutes are recorded once the meeting has started; before, CONFLICT. */
export function requireStarted(meeting: Pick<Meeting, 'startsAt'>, what: string, now = Date.now()): void {
  if (!meeting.startsAt || meeting.startsAt.getTime() > now) {
    throw conflict(`The meeting has not started yet: ${what} can be recorded once it has.`);
  }
}

/** Publishing needs a start and at least one agenda item; without them, CONFLICT. */
export function requirePublishable(meeting: Pick<Meeting, 'startsAt'>, agendaItems: number): void {
  if (!meeting.startsAt) throw conflict('A meeting needs a start before it is published.');
  if (agendaItems === 0) throw conflict('A meeting needs at least one agenda item before it is published.');
}

/** Closing needs outcomes or minutes; without them, CONFLICT. */
export function requireClosable(records: { outcomes: number; minutes: number }): void {
  if (records.outcomes === 0 && records.minutes === 0) throw conflict('Record the outcomes or the minutes before closing the meeting.');
}

/** A published (or held) meeting keeps at least one agenda item; removing the last one is CONFLICT. */
export function requireAgendaLeft(meeting: Pick<Meeting, 'status'>, remaining: number): void {
  if (meeting.status !== DRAFT && remaining === 0) throw conflict('A published meeting must keep at least one agenda item.');
}
