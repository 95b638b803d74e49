import { conflict } from './errors';

/** A record that moves through a lifecycle: its state is its `status`. */
export interface HasStatus<S extends string> {
  id: string;
  status: S;
}

/** One named move: from which states it may start, and where it leads. */
export interface Transition<S extends string> {
  from: readonly S[];
  to: S;
}

/**
 * A small state machine shared by every subgraph: meetings, declarations, funding activities and peer
 * reviews each declare their table of transitions once (in their `lifecycle.ts`), and every write
 * that moves a record or needs it in a state asks the table. Anything the table does not allow is
 * CONFLICT, with the same wording everywhere.
 */
export class Lifecycle<S extends string, E extends string> {
  constructor(
    /** The record type, as errors name it ("Meeting"). */
    readonly type: string,
    readonly transitions: Readonly<Record<E, Transition<S>>>,
  ) {}

  /** Whether `event` may happen to a record in `state`. */
  allows(state: S, event: E): boolean {
    return this.transitions[event].from.includes(state);
  }

  /** The events that may happen in `state`, in the table's order. */
  eventsFrom(state: S): E[] {
    return (Object.keys(this.transitions) as E[]).filter((event) => this.allows(state, event));
  }

  /** Moves the record by `event`, or refuses with CONFLICT. Returns the state it left. */
  apply(record: HasStatus<S>, event: E): S {
    const { from, to } = this.transitions[event];
    const previous = record.status;
    if (!from.includes(previous)) {
      throw conflict(`${this.type} ${record.id} is ${previous}: it cannot ${humanise(event)} (only from ${from.join(' or ')}).`);
    }
    record.status = to;
    return previous;
  }

  /** The record must be in one of `states` for `action` ("change the agenda"), or CONFLICT. */
  require(record: HasStatus<S>, states: readonly S[], action: string): void {
    if (!states.includes(record.status)) {
      throw conflict(`You can ${action} only while the ${humanise(this.type)} is ${states.join(' or ')}; it is ${record.status}.`);
    }
  }
}

/** "publishMeeting" → "publish meeting", "PeerReview" → "peer review". */
const humanise = (name: string) => name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
