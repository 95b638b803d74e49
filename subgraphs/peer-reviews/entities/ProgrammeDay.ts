import { Index, Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { PeerReview } from './PeerReview';

@ObjectType({ description: 'One day of a peer review’s visit programme.' })
@Entity({ tableName: 'programme_day' })
@Index({
  name: 'programme_day_review_date_live_unique',
  expression: `create unique index "programme_day_review_date_live_unique" on "programme_day" ("peer_review_id", "date") where "deleted_at" is null`,
})
@ChangesParent<ProgrammeDay>('PeerReview', 'peerReview')
export class ProgrammeDay extends HubEntity {
  @ManyToOne(() => PeerReview, { ref: true, index: true, deleteRule: 'cascade' })
  peerReview: Ref<PeerReview>;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  date: string;

  @Translated({ nullable: true })
  title?: TranslationMap | null;
}
