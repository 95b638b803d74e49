import { conflict } from '../../shared/errors';
import { Lifecycle } from '../../shared/lifecycle';
import { PeerReviewStatus } from './entities/enums';

const { PLANNED, VISIT, REPORTED, FOLLOW_UP, CLOSED } = PeerReviewStatus;

/** The moves of a peer review's lifecycle, named by what happens. */
export type PeerReviewEvent = 'startVisit' | 'report' | 'startFollowUp' | 'close';

/** PLANNED → VISIT → REPORTED → FOLLOW_UP → CLOSED: a review only ever moves one step forward. */
export const peerReviewLifecycle = new Lifecycle<PeerReviewStatus, PeerReviewEvent>('PeerReview', {
  startVisit: { from: [PLANNED], to: VISIT },
  report: { from: [VISIT], to: REPORTED },
  startFollowUp: { from: [REPORTED], to: FOLLOW_UP },
  close: { from: [FOLLOW_UP], to: CLOSED },
});

const states = (...list: PeerReviewStatus[]): readonly PeerReviewStatus[] => list;

/** The statuses in which each kind of write may happen (any other is CONFLICT). */
export const phases = {
  /** The secretariat changes the plan until the review is closed. */
  planning: states(PLANNED, VISIT, REPORTED, FOLLOW_UP),
  /** The secretariat assigns, changes and withdraws reviewers before and during the visit. */
  staffing: states(PLANNED, VISIT),
  /** The assigned reviewers write the programme, the recommendations and the report during the visit. */
  visit: states(VISIT),
  /** The host responds to the recommendations and records their follow-up once they are reported. */
  response: states(REPORTED, FOLLOW_UP),
  /** The public sees a review from REPORTED on. */
  published: states(REPORTED, FOLLOW_UP, CLOSED),
};

/** Whether everyone (anonymous callers too) sees a review in `status`. */
export const isPublished = (status: PeerReviewStatus) => phases.published.includes(status);

/** The event that moves a review into `status`, or null for PLANNED (which no move leads to). */
export function eventTo(status: PeerReviewStatus): PeerReviewEvent | null {
  const events = Object.keys(peerReviewLifecycle.transitions) as PeerReviewEvent[];
  return events.find((event) => peerReviewLifecycle.transitions[event].to === status) ?? null;
}

/** The status a review in `status` can move to next; null once CLOSED. */
export function nextStatus(status: PeerReviewStatus): PeerReviewStatus | null {
  const [event] = peerReviewLifecycle.eventsFrom(status);
  return event ? peerReviewLifecycle.transitions[event].to : null;
}

/**
 * The move into `status` for a review, or CONFLICT: a status no move leads to (PLANNED), or a move
 * that may not start from where the review is (a step back, a step skipped, anything once CLOSED).
 */
export function moveInto(review: { id: string; status: PeerReviewStatus }, status: PeerReviewStatus): PeerReviewEvent {
  const event = eventTo(status);
  if (!event) throw conflict(`Peer review ${review.id} is ${review.status}: no move leads back to ${status}.`);
  if (!peerReviewLifecycle.allows(review.status, event)) {
    const next = nextStatus(review.status);
    throw conflict(
      next
        ? `Peer review ${review.id} is ${review.status}: it can only move forward to ${next}, not to ${status}.`
        : `Peer review ${review.id} is ${review.status}: its status can no longer change.`,
    );
  }
  return event;
}

/** What a review holds that decides whether it may enter the next status. */
export interface ReviewContents {
  reviewers: number;
  recommendations: number;
  unanswered: number;
}

/** Why a review may not enter `status` yet (CONFLICT), or nothing when it may. */
export function requireReadyFor(status: PeerReviewStatus, contents: ReviewContents): void {
  if (status === VISIT && contents.reviewers === 0) {
    throw conflict('A peer review needs at least one assigned reviewer before the visit.');
  }
  if (status === REPORTED && contents.recommendations === 0) {
    throw conflict('A peer review needs at least one recommendation before it is reported.');
  }
  if (status === FOLLOW_UP && contents.unanswered > 0) {
    throw conflict('The host must respond to every recommendation before the follow-up phase.');
  }
}
