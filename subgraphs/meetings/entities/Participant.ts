import { Check, Entity, Enum, Index, ManyToOne, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { ParticipantRole, StakeholderType } from './enums';
import { Meeting } from './Meeting';
import { Party } from './Party';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'A city or an organisation taking part in a meeting, with its stakeholder type.' })
@Entity({ tableName: 'participant' })
@Index({
  name: 'participant_meeting_city_live_unique',
  expression:
    'create unique index "participant_meeting_city_live_unique" on "participant" ("meeting_id", "city_id") where "deleted_at" is null and "city_id" is not null',
})
@Index({
  name: 'participant_meeting_organisation_live_unique',
  expression:
    'create unique index "participant_meeting_organisation_live_unique" on "participant" ("meeting_id", "organisation_id") where "deleted_at" is null and "organisation_id" is not null',
})
@Check({ name: 'participant_one_party_check', expression: '("city_id" is null) <> ("organisation_id" is null)' })
@ChangesParent<Participant>('Meeting', 'meeting')
export class Participant extends Party {
  @ManyToOne(() => Meeting, { ref: true, index: true, deleteRule: 'cascade' })
  meeting: Ref<Meeting>;

  @Field(() => StakeholderType)
  @Enum({ items: () => StakeholderType, type: 'string' })
  stakeholderType: StakeholderType;

  @Field(() => ParticipantRole)
  @Enum({ items: () => ParticipantRole, type: 'string', default: ParticipantRole.PARTICIPANT })
  role: Opt<ParticipantRole> = ParticipantRole.PARTICIPANT;

  @Translated({ nullable: true })
  note?: TranslationMap | null;
}
