import { HubError } from '../../shared/errors';
import { Lifecycle, type HasStatus } from '../../shared/lifecycle';

/** A table shaped like the meetings' one: a few states, moves with one and with several sources. */
enum State {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  HELD = 'HELD',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}
type Event = 'publish' | 'hold' | 'close' | 'cancelMeeting' | 'reopen';

const lifecycle = new Lifecycle<State, Event>('CoordinationMeeting', {
  publish: { from: [State.DRAFT], to: State.PUBLISHED },
  hold: { from: [State.PUBLISHED], to: State.HELD },
  close: { from: [State.HELD], to: State.CLOSED },
  cancelMeeting: { from: [State.DRAFT, State.PUBLISHED], to: State.CANCELLED },
  reopen: { from: [State.CLOSED, State.CANCELLED], to: State.DRAFT },
});

const record = (status: State): HasStatus<State> => ({ id: 'm-1', status });

/** The thrown error, for its code and message. */
function caught(fn: () => unknown): HubError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a HubError, nothing was thrown');
}

describe('Lifecycle', () => {
  it('keeps the record type and the table it was given', () => {
    expect(lifecycle.type).toBe('CoordinationMeeting');
    expect(Object.keys(lifecycle.transitions)).toEqual(['publish', 'hold', 'close', 'cancelMeeting', 'reopen']);
  });

  describe('allows', () => {
    it.each([
      [State.DRAFT, 'publish', true],
      [State.PUBLISHED, 'publish', false],
      [State.PUBLISHED, 'hold', true],
      [State.DRAFT, 'hold', false],
      [State.DRAFT, 'cancelMeeting', true],
      [State.PUBLISHED, 'cancelMeeting', true],
      [State.HELD, 'cancelMeeting', false],
      [State.CLOSED, 'reopen', true],
      [State.CANCELLED, 'reopen', true],
      [State.HELD, 'reopen', false],
    ] as const)('%s, %s → %s', (state, event, allowed) => {
      expect(lifecycle.allows(state, event)).toBe(allowed);
    });
  });

  describe('eventsFrom', () => {
    it('lists the events a state allows, in the order of the table', () => {
      expect(lifecycle.eventsFrom(State.DRAFT)).toEqual(['publish', 'cancelMeeting']);
      expect(lifecycle.eventsFrom(State.PUBLISHED)).toEqual(['hold', 'cancelMeeting']);
      expect(lifecycle.eventsFrom(State.HELD)).toEqual(['close']);
      expect(lifecycle.eventsFrom(State.CLOSED)).toEqual(['reopen']);
    });

    it('is empty for a state no move leaves', () => {
      const oneWay = new Lifecycle<State, 'publish'>('Thing', { publish: { from: [State.DRAFT], to: State.PUBLISHED } });
      expect(oneWay.eventsFrom(State.PUBLISHED)).toEqual([]);
    });
  });

  describe('apply', () => {
    it('moves the record to the target state and returns the state it left', () => {
      const meeting = record(State.DRAFT);
      expect(lifecycle.apply(meeting, 'publish')).toBe(State.DRAFT);
      expect(meeting.status).toBe(State.PUBLISHED);
      expect(lifecycle.apply(meeting, 'hold')).toBe(State.PUBLISHED);
      expect(meeting.status).toBe(State.HELD);
    });

    it('moves from any of several source states', () => {
      for (const from of [State.DRAFT, State.PUBLISHED]) {
        const meeting = record(from);
        expect(lifecycle.apply(meeting, 'cancelMeeting')).toBe(from);
        expect(meeting.status).toBe(State.CANCELLED);
      }
    });

    it('refuses a move the table does not allow with CONFLICT, and leaves the record as it was', () => {
      const meeting = record(State.HELD);
      const error = caught(() => lifecycle.apply(meeting, 'publish'));
      expect(error.extensions.code).toBe('CONFLICT');
      expect(meeting.status).toBe(State.HELD);
    });

    it('says what the record is, which state it is in, the move (in words) and where the move may start', () => {
      expect(caught(() => lifecycle.apply(record(State.HELD), 'publish')).message).toBe(
        'CoordinationMeeting m-1 is HELD: it cannot publish (only from DRAFT).',
      );
      expect(caught(() => lifecycle.apply(record(State.CLOSED), 'cancelMeeting')).message).toBe(
        'CoordinationMeeting m-1 is CLOSED: it cannot cancel meeting (only from DRAFT or PUBLISHED).',
      );
    });

    it('refuses the same move twice', () => {
      const meeting = record(State.DRAFT);
      lifecycle.apply(meeting, 'publish');
      expect(caught(() => lifecycle.apply(meeting, 'publish')).extensions.code).toBe('CONFLICT');
    });
  });

  describe('require', () => {
    it('passes a record in one of the states', () => {
      expect(() => lifecycle.require(record(State.DRAFT), [State.DRAFT, State.PUBLISHED], 'change the agenda')).not.toThrow();
      expect(() => lifecycle.require(record(State.PUBLISHED), [State.DRAFT, State.PUBLISHED], 'change the agenda')).not.toThrow();
    });

    it('does not change the record', () => {
      const meeting = record(State.PUBLISHED);
      lifecycle.require(meeting, [State.PUBLISHED], 'record outcomes');
      expect(meeting.status).toBe(State.PUBLISHED);
    });

    it('refuses a record in any other state with CONFLICT, naming the action, the states and the record type in words', () => {
      const error = caught(() => lifecycle.require(record(State.CLOSED), [State.DRAFT, State.PUBLISHED], 'change the agenda'));
      expect(error.extensions.code).toBe('CONFLICT');
      expect(error.message).toBe('You can change the agenda only while the coordination meeting is DRAFT or PUBLISHED; it is CLOSED.');
    });

    it('refuses when no state is allowed at all', () => {
      expect(caught(() => lifecycle.require(record(State.DRAFT), [], 'do anything')).extensions.code).toBe('CONFLICT');
    });
  });

  it('words one-word names as they are, in lower case', () => {
    const review = new Lifecycle<State, 'publish'>('Review', { publish: { from: [State.DRAFT], to: State.PUBLISHED } });
    expect(caught(() => review.require(record(State.HELD), [State.DRAFT], 'edit it')).message).toBe(
      'You can edit it only while the review is DRAFT; it is HELD.',
    );
  });
});
