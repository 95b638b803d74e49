import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex, trigramIndex } from '../../../shared/indexes';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { City } from './City';
import { OrganisationKind } from './enums';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'A UN agency, NGO, donor, ministry, national agency, association of municipalities, business…' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'organisation' })
@Index({ name: 'organisation_name_id_index', expression: keysetIndex('organisation_name_id_index', 'organisation', ['"name"', '"id"']) })
@Index({
  name: 'organisation_country_code_name_id_index',
  expression: keysetIndex('organisation_country_code_name_id_index', 'organisation', ['"country_code"', '"name"', '"id"']),
})
@Index({ name: 'organisation_name_trgm', expression: trigramIndex('organisation_name_trgm', 'organisation', 'name') })
@Index({ name: 'organisation_slug_trgm', expression: trigramIndex('organisation_slug_trgm', 'organisation', 'slug') })
@Index({ name: 'organisation_acronym_trgm', expression: trigramIndex('organisation_acronym_trgm', 'organisation', 'acronym') })
export class Organisation extends HubEntity {
  @Field()
  @Property({ type: 'string', unique: true })
  slug: string;

  @Field({ description: 'The name the organisation uses, in its own language.' })
  @Property({ type: 'string' })
  name: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  acronym?: string | null;

  @Field(() => OrganisationKind)
  @Enum({ items: () => OrganisationKind, type: 'string', index: true })
  kind: OrganisationKind;

  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2; empty for international bodies.' })
  @Property({ type: 'string', length: 2, nullable: true, index: true })
  countryCode?: string | null;

  @ManyToOne(() => City, { ref: true, nullable: true, deleteRule: 'set null' })
  seatCity?: Ref<City> | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  website?: string | null;

  @Translated({ nullable: true })
  description?: TranslationMap | null;
}
