import { conflict } from '../../shared/errors';
import { LIFECYCLE, PeerReviewStatus } from './entities/enums';
import type { PeerReview } from './entities/PeerReview';

/** The one legal next status, or null once CLOSED. */
export function nextStatus(status: PeerReviewStatus): PeerReviewStatus | null {
  const index = LIFECYCLE.indexOf(status);
  return LIFECYCLE[index + 1] ?? null;
}

/** A move must go exactly one step forward; anything else is CONFLICT. */
export function assertMove(review: PeerReview, to: PeerReviewStatus) {
  const next = nextStatus(review.status);
  if (to !== next) {
    throw conflict(
      next
        ? `Peer review ${review.id} is ${review.status}: it can only move forward to ${next}, not to ${to}.`
        : `Peer review ${review.id} is CLOSED: its status can no longer change.`,
    );
  }
}

/** Some writes are allowed only in some statuses; in any other the write is CONFLICT. */
export function requireStatus(review: PeerReview, allowed: PeerReviewStatus[], action: string) {
  if (!allowed.includes(review.status)) {
    throw conflict(`You can ${action} only while the peer review is ${allowed.join(' or ')}; it is ${review.status}.`);
  }
}

export const PLANNING_STATUSES = [PeerReviewStatus.PLANNED, PeerReviewStatus.VISIT];
export const REVIEWER_STATUSES = [PeerReviewStatus.VISIT];
export const HOST_STATUSES = [PeerReviewStatus.REPORTED, PeerReviewStatus.FOLLOW_UP];
