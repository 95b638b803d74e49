import { Check, Entity, Enum, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { Declaration } from './Declaration';
import { RecipientRole } from './enums';
import { cityRef, CityReference, organisationRef, OrganisationReference } from './references';

@ObjectType({ description: 'Who a declaration or letter is addressed to, or copied to (a ministry, a city…).' })
@Entity({ tableName: 'recipient' })
@Check({ name: 'recipient_one_party_check', expression: '("city_id" is null) <> ("organisation_id" is null)' })
export class Recipient extends HubEntity {
  @ManyToOne(() => Declaration, { ref: true, index: true, deleteRule: 'cascade' })
  declaration: Ref<Declaration>;

  @Property({ type: 'uuid', nullable: true, index: true })
  cityId?: string | null;

  @Property({ type: 'uuid', nullable: true, index: true })
  organisationId?: string | null;

  @Field(() => CityReference, { name: 'city', nullable: true })
  get city() {
    return cityRef(this.cityId);
  }

  @Field(() => OrganisationReference, { name: 'organisation', nullable: true })
  get organisation() {
    return organisationRef(this.organisationId);
  }

  @Field(() => RecipientRole)
  @Enum({ items: () => RecipientRole, type: 'string', default: RecipientRole.ADDRESSEE })
  role: RecipientRole = RecipientRole.ADDRESSEE;
}
