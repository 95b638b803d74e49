import { Check, Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { Meeting } from './Meeting';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'The minutes or closing report of a meeting.' })
@Entity({ tableName: 'minutes' })
@Index({
  name: 'minutes_meeting_live_unique',
  expression: 'create unique index "minutes_meeting_live_unique" on "minutes" ("meeting_id") where "deleted_at" is null',
})
@Check({ name: 'minutes_attendee_count_check', expression: '"attendee_count" is null or "attendee_count" >= 0' })
@ChangesParent<Minutes>('Meeting', 'meeting')
export class Minutes extends HubEntity {
  @ManyToOne(() => Meeting, { ref: true, index: true, deleteRule: 'cascade' })
  meeting: Ref<Meeting>;

  @Translated()
  text: TranslationMap;

  @Field(() => Int, { nullable: true, description: 'How many people attended; null when not known.' })
  @Property({ type: 'integer', nullable: true })
  attendeeCount?: number | null;
}
