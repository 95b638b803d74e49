import { Property } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { CityReference, OrganisationReference } from './references';

/**
 * A city or an organisation, known by key (exactly one of the two; each table checks it): what
 * participants, signatories and recipients have in common.
 */
@ObjectType()
export abstract class Party extends HubEntity {
  @Property({ type: 'uuid', nullable: true, index: true })
  cityId?: string | null;

  @Property({ type: 'uuid', nullable: true, index: true })
  organisationId?: string | null;

  @Field(() => CityReference, { name: 'city', nullable: true })
  get city() {
    return CityReference.of(this.cityId);
  }

  @Field(() => OrganisationReference, { name: 'organisation', nullable: true })
  get organisation() {
    return OrganisationReference.of(this.organisationId);
  }
}
