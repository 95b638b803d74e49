import { Index, Check, Entity, Enum, ManyToOne, Property, type Ref, type Opt } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { ReviewerRole } from './enums';
import { PeerReview } from './PeerReview';
import { Illustrative } from '../../../shared/illustrative';

/**
 * A person assigned to a peer review. `subject` binds the reviewer to the `sub` of their bearer token:
 * a caller with the reviewer role whose subject matches writes the programme and the recommendations.
 */
@ObjectType({ description: 'A reviewer of a peer review: a person from another city or organisation.' })
@Entity({ tableName: 'reviewer' })
@Check({ name: 'reviewer_one_home_check', expression: `"home_city_id" is null or "home_organisation_id" is null` })
@Check({ name: 'reviewer_country_code_check', expression: `"country_code" ~ '^[A-Z]{2}$'` })
@Index({
  name: 'reviewer_review_subject_live_unique',
  expression: `create unique index "reviewer_review_subject_live_unique" on "reviewer" ("peer_review_id", "subject") where "deleted_at" is null and "subject" is not null`,
})
@ChangesParent<Reviewer>('PeerReview', 'peerReview')
export class Reviewer extends HubEntity {
  @ManyToOne(() => PeerReview, { ref: true, index: true, deleteRule: 'cascade' })
  peerReview: Ref<PeerReview>;

  @Field()
  @Property({ type: 'string' })
  name: string;

  /** The token subject (`sub`) of this person; shown only to admins and the person. */
  @Property({ type: 'string', nullable: true, index: true })
  subject?: string | null;

  @Field(() => ReviewerRole)
  @Enum({ items: () => ReviewerRole, type: 'string' })
  role: Opt<ReviewerRole> = ReviewerRole.REVIEWER;

  @Property({ type: 'uuid', nullable: true, index: true })
  homeCityId?: string | null;

  @Property({ type: 'uuid', nullable: true, index: true })
  homeOrganisationId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the reviewer comes from, in words, when the city or organisation is not in the hub.',
  })
  @Property({ type: 'string', nullable: true })
  homePlace?: string | null;

  @Field({ description: 'ISO 3166-1 alpha-2 country code of the reviewer’s home (GB for England).' })
  @Property({ type: 'string', length: 2 })
  countryCode: string;

  @Illustrative('not a real person')
  illustrative: Opt<boolean> = false;
}
