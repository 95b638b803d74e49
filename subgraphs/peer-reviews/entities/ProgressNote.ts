import { Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { FollowUpStatus } from './enums';
import { Recommendation } from './Recommendation';

@ObjectType({ description: 'A dated note on the follow-up of a recommendation, by the host city.' })
@Entity({ tableName: 'progress_note' })
@ChangesParent<ProgressNote>('Recommendation', 'recommendation')
export class ProgressNote extends HubEntity {
  @ManyToOne(() => Recommendation, { ref: true, index: true, deleteRule: 'cascade' })
  recommendation: Ref<Recommendation>;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  date: string;

  @Translated()
  text: TranslationMap;

  @Field(() => FollowUpStatus, { description: 'The follow-up status this note recorded.' })
  @Enum({ items: () => FollowUpStatus, type: 'string' })
  status: FollowUpStatus;
}
