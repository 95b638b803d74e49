import { Check, Index, Entity, Enum, ManyToOne, Property, type Ref, type Opt } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { FollowUpStatus, HostResponse, RecommendationAudience, RecommendationPriority } from './enums';
import { PeerReview } from './PeerReview';
import { Illustrative } from '../../../shared/illustrative';

@ObjectType({ description: 'A recommendation of the reviewers, with the host’s response and its follow-up.' })
@Entity({ tableName: 'recommendation' })
@Index({
  name: 'recommendation_review_position_live_unique',
  expression: `create unique index "recommendation_review_position_live_unique" on "recommendation" ("peer_review_id", "position") where "deleted_at" is null`,
})
@Check({
  name: 'recommendation_addressed_to_check',
  expression: `cardinality("addressed_to") > 0 and "addressed_to" <@ array['POLITICIANS', 'OFFICIALS', 'UNIT']::text[]`,
})
@Check({ name: 'recommendation_unit_named_check', expression: `not ('UNIT' = any ("addressed_to")) or "addressed_unit" is not null` })
@Check({
  name: 'recommendation_response_reason_check',
  expression: `"response" is null or "response" = 'ACCEPTED' or "response_reason" is not null`,
})
@ChangesParent<Recommendation>('PeerReview', 'peerReview')
export class Recommendation extends HubEntity {
  @ManyToOne(() => PeerReview, { ref: true, index: true, deleteRule: 'cascade' })
  peerReview: Ref<PeerReview>;

  @Field(() => Int, { description: 'Order within the review, from 1.' })
  @Property({ type: 'integer' })
  position: number;

  @Translated()
  text: TranslationMap;

  @Field(() => [RecommendationAudience])
  @Property({ type: 'text[]' })
  addressedTo: Opt<RecommendationAudience[]> = [];

  @Field(() => String, { nullable: true, description: 'The unit the recommendation is addressed to, when addressedTo includes UNIT.' })
  @Property({ type: 'string', nullable: true })
  addressedUnit?: string | null;

  @Field(() => RecommendationPriority)
  @Enum({ items: () => RecommendationPriority, type: 'string' })
  priority: Opt<RecommendationPriority> = RecommendationPriority.MEDIUM;

  @Field(() => HostResponse, { nullable: true, description: 'The host’s response; null until the host has answered.' })
  @Enum({ items: () => HostResponse, type: 'string', nullable: true })
  response?: HostResponse | null;

  @Translated({ nullable: true, description: 'Why the host accepted only partly or rejected.' })
  responseReason?: TranslationMap | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', length: 3, nullable: true })
  respondedAt?: Date | null;

  @Field(() => FollowUpStatus)
  @Enum({ items: () => FollowUpStatus, type: 'string' })
  followUpStatus: Opt<FollowUpStatus> = FollowUpStatus.OPEN;

  @Illustrative()
  illustrative: Opt<boolean> = false;
}
