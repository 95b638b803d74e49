import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { ParticipationRole } from './enums';
import type { FundingActivity } from './FundingActivity';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType('ParticipatingOrganisation', { description: 'An organisation taking part in a funding activity, with its IATI role.' })
@Entity({ tableName: 'participation' })
@Index({
  name: 'participation_activity_organisation_role_live_unique',
  expression:
    'create unique index "participation_activity_organisation_role_live_unique" on "participation" ("activity_id", "organisation_id", "role") where "deleted_at" is null',
})
@ChangesParent<Participation>('FundingActivity', 'activity')
export class Participation extends HubEntity {
  @ManyToOne('FundingActivity', { ref: true, index: true, deleteRule: 'cascade' })
  activity: Ref<FundingActivity>;

  /** The Organisation of the cities subgraph (by key, no foreign key). */
  @Property({ type: 'uuid', index: true })
  organisationId: string;

  @Field(() => ParticipationRole)
  @Enum({ items: () => ParticipationRole, type: 'string' })
  role: ParticipationRole;
}
