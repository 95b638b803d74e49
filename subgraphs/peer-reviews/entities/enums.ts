import { registerEnumType } from 'type-graphql';

/** The statuses of a peer review; its moves are the table in lifecycle.ts. */
export enum PeerReviewStatus {
  PLANNED = 'PLANNED',
  VISIT = 'VISIT',
  REPORTED = 'REPORTED',
  FOLLOW_UP = 'FOLLOW_UP',
  CLOSED = 'CLOSED',
}
registerEnumType(PeerReviewStatus, {
  name: 'PeerReviewStatus',
  description: 'PLANNED → VISIT → REPORTED → FOLLOW_UP → CLOSED; the public sees a review from REPORTED on.',
});

export enum ReviewerRole {
  LEAD_REVIEWER = 'LEAD_REVIEWER',
  REVIEWER = 'REVIEWER',
  OBSERVER = 'OBSERVER',
}
registerEnumType(ReviewerRole, { name: 'ReviewerRole' });

export enum RecommendationAudience {
  POLITICIANS = 'POLITICIANS',
  OFFICIALS = 'OFFICIALS',
  UNIT = 'UNIT',
}
registerEnumType(RecommendationAudience, {
  name: 'RecommendationAudience',
  description: 'Whom a recommendation is addressed to; UNIT means the unit named in addressedUnit.',
});

export enum RecommendationPriority {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}
registerEnumType(RecommendationPriority, { name: 'RecommendationPriority' });

export enum HostResponse {
  ACCEPTED = 'ACCEPTED',
  PARTLY_ACCEPTED = 'PARTLY_ACCEPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(HostResponse, { name: 'HostResponse', description: 'The host city’s answer to a recommendation.' });

export { FollowUpStatus } from '../../../shared/follow-up';
