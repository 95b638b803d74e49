import { Check, Entity, Enum, Index, Property, type Opt } from '@mikro-orm/core';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex } from '../../../shared/indexes';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { PeerReviewStatus } from './enums';

/**
 * A peer review: colleagues from other cities visit a host city to review one of its policies, and
 * leave recommendations the host answers and follows up. Cross-subgraph links (host city, funding
 * activity, fund, network, contact organisation) are plain ids, resolved by key through the gateway.
 */
@ObjectType({ description: 'A peer review: reviewers from other cities visit a host city and leave tracked recommendations.' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'peer_review' })
@Index({
  name: 'peer_review_visit_start_desc_id_index',
  expression: keysetIndex('peer_review_visit_start_desc_id_index', 'peer_review', ['"visit_start" desc', '"id"']),
})
@Index({
  name: 'peer_review_contact_organisation_id_index',
  expression: keysetIndex('peer_review_contact_organisation_id_index', 'peer_review', ['"contact_organisation_id"']),
})
@Index({ name: 'peer_review_fund_id_index', expression: keysetIndex('peer_review_fund_id_index', 'peer_review', ['"fund_id"']) })
@Check({ name: 'peer_review_visit_dates_check', expression: `"visit_end" >= "visit_start"` })
export class PeerReview extends HubEntity {
  @Property({ type: 'uuid', index: true })
  hostCityId: string;

  @Property({ type: 'uuid', nullable: true, index: true })
  fundingActivityId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  fundId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The network the review runs in (a Network id of the cities subgraph).' })
  @Property({ type: 'uuid', nullable: true })
  networkId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  contactOrganisationId?: string | null;

  @Translated({ description: 'What the review is about.' })
  topic: TranslationMap;

  /** Served by PeerReviewResolver.challengeQuestions, as TranslatedText. */
  @Property({ type: 'json' })
  challengeQuestions: Opt<TranslationMap[]> = [];

  @Field(() => LocalDate, { description: 'First day of the visit.' })
  @Property({ type: 'date', index: true })
  visitStart: string;

  @Field(() => LocalDate, { description: 'Last day of the visit.' })
  @Property({ type: 'date' })
  visitEnd: string;

  @Field(() => PeerReviewStatus)
  @Enum({ items: () => PeerReviewStatus, type: 'string', index: true })
  status: Opt<PeerReviewStatus> = PeerReviewStatus.PLANNED;

  @Field(() => Date, { description: 'When the review last moved along its lifecycle.' })
  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  statusChangedAt: Opt<Date> = new Date();

  @Translated({ nullable: true, description: 'The reviewers’ report (summary).' })
  report?: TranslationMap | null;

  @Field(() => String, { nullable: true, description: 'Where the facts of this record come from.' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;
}
