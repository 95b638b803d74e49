import { defineEnum, type EnumValue } from '../../../shared/enums';

/** The statuses of a peer review; its moves are the table in lifecycle.ts. */
export const PeerReviewStatus = defineEnum('PeerReviewStatus', ['PLANNED', 'VISIT', 'REPORTED', 'FOLLOW_UP', 'CLOSED'], {
  description: 'PLANNED → VISIT → REPORTED → FOLLOW_UP → CLOSED; the public sees a review from REPORTED on.',
});
export type PeerReviewStatus = EnumValue<typeof PeerReviewStatus>;

export const ReviewerRole = defineEnum('ReviewerRole', ['LEAD_REVIEWER', 'REVIEWER', 'OBSERVER']);
export type ReviewerRole = EnumValue<typeof ReviewerRole>;

export const RecommendationAudience = defineEnum('RecommendationAudience', ['POLITICIANS', 'OFFICIALS', 'UNIT'], {
  description: 'Whom a recommendation is addressed to; UNIT means the unit named in addressedUnit.',
});
export type RecommendationAudience = EnumValue<typeof RecommendationAudience>;

export const RecommendationPriority = defineEnum('RecommendationPriority', ['HIGH', 'MEDIUM', 'LOW']);
export type RecommendationPriority = EnumValue<typeof RecommendationPriority>;

export const HostResponse = defineEnum('HostResponse', ['ACCEPTED', 'PARTLY_ACCEPTED', 'REJECTED'], {
  description: 'The host city’s answer to a recommendation.',
});
export type HostResponse = EnumValue<typeof HostResponse>;

export { FollowUpStatus } from '../../../shared/follow-up';
