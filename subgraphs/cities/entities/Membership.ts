import { Check, Entity, Enum, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { City } from './City';
import { MembershipRole } from './enums';
import { Network } from './Network';
import { Organisation } from './Organisation';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'A city or an organisation in a network, with its role and dates.' })
@Entity({ tableName: 'membership' })
@Check({ name: 'membership_one_member_check', expression: '("city_id" is null) <> ("organisation_id" is null)' })
@Check({ name: 'membership_dates_check', expression: '"left_on" is null or "joined_on" is null or "left_on" >= "joined_on"' })
export class Membership extends HubEntity {
  @ManyToOne(() => Network, { ref: true, index: true, deleteRule: 'cascade' })
  network: Ref<Network>;

  @ManyToOne(() => City, { ref: true, nullable: true, index: true, deleteRule: 'cascade' })
  city?: Ref<City> | null;

  @ManyToOne(() => Organisation, { ref: true, nullable: true, index: true, deleteRule: 'cascade' })
  organisation?: Ref<Organisation> | null;

  @Field(() => MembershipRole)
  @Enum({ items: () => MembershipRole, type: 'string' })
  role: Opt<MembershipRole> = MembershipRole.MEMBER;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  joinedOn?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  leftOn?: string | null;

  @Field(() => Boolean, { description: 'Whether the membership has not ended.' })
  get active(): Opt<boolean> {
    return !this.leftOn || new Date(this.leftOn).getTime() > Date.now();
  }
}
