import { Check, Index, Entity, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { ProgrammeDay } from './ProgrammeDay';
import { Illustrative } from '../../../shared/illustrative';

@ObjectType({ description: 'A session of the visit programme: whom the reviewers meet, on which topic.' })
@Entity({ tableName: 'programme_session' })
@Index({
  name: 'programme_session_day_position_live_unique',
  expression: `create unique index "programme_session_day_position_live_unique" on "programme_session" ("day_id", "position") where "deleted_at" is null`,
})
@Check({
  name: 'programme_session_times_check',
  expression: `("start_time" is null or "start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$') and ("end_time" is null or "end_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$') and ("start_time" is null or "end_time" is null or "end_time" >= "start_time")`,
})
@ChangesParent<ProgrammeSession>('ProgrammeDay', 'day')
export class ProgrammeSession extends HubEntity {
  @ManyToOne(() => ProgrammeDay, { ref: true, index: true, deleteRule: 'cascade' })
  day: Ref<ProgrammeDay>;

  @Field(() => Int, { description: 'Order within the day, from 1.' })
  @Property({ type: 'integer' })
  position: number;

  @Field(() => String, { nullable: true, description: 'Local start time, HH:MM.' })
  @Property({ type: 'string', length: 5, nullable: true })
  startTime?: string | null;

  @Field(() => String, { nullable: true, description: 'Local end time, HH:MM.' })
  @Property({ type: 'string', length: 5, nullable: true })
  endTime?: string | null;

  @Field({ description: 'Whom the reviewers meet, in words (e.g. "officials working on permanent housing").' })
  @Property({ type: 'string' })
  meetingWith: string;

  @Property({ type: 'uuid', nullable: true })
  organisationId?: string | null;

  @Translated()
  topic: TranslationMap;

  @Illustrative()
  illustrative: Opt<boolean> = false;
}
