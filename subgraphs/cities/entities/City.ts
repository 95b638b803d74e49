import { Entity, Enum, Index, Property, type Opt } from '@mikro-orm/core';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex, trigramIndex } from '../../../shared/indexes';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { PublicRead } from '../../../shared/cache-control';
import { CountQualifier, QualifiedCount, qualifiedCount } from '../../../shared/qualified-count';

@PublicRead()
@ObjectType({ description: 'A municipality that takes part in the hub’s networks.' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'city' })
@Index({ name: 'city_name_id_index', expression: keysetIndex('city_name_id_index', 'city', ['"name"', '"id"']) })
@Index({
  name: 'city_country_code_name_id_index',
  expression: keysetIndex('city_country_code_name_id_index', 'city', ['"country_code"', '"name"', '"id"']),
})
@Index({ name: 'city_name_trgm', expression: trigramIndex('city_name_trgm', 'city', 'name') })
@Index({ name: 'city_slug_trgm', expression: trigramIndex('city_slug_trgm', 'city', 'slug') })
export class City extends HubEntity {
  @Field({ description: 'Stable, URL-friendly name, e.g. "trondheim".' })
  @Property({ type: 'string', unique: true })
  slug: string;

  @Field({ description: 'The name in the city’s own language, e.g. "Göteborg".' })
  @Property({ type: 'string' })
  name: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  @Property({ type: 'string', length: 2, index: true })
  countryCode: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  region?: string | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  population?: number | null;

  @Field(() => Int, { nullable: true, description: 'The year the population figure is for.' })
  @Property({ type: 'integer', nullable: true })
  populationYear?: number | null;

  @Field(() => [String], { description: 'ISO 639 codes of the languages the city administration works in.' })
  @Property({ type: 'text[]' })
  languages: Opt<string[]> = [];

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  mayor?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  website?: string | null;

  @Translated({ nullable: true, description: 'The city’s own presentation.' })
  profile?: TranslationMap | null;

  /** How many countries the residents come from (with the qualifier and source below); null when unknown. */
  @Property({ type: 'integer', nullable: true })
  residentCountries?: number | null;

  @Enum({ items: () => CountQualifier, type: 'string', nullable: true })
  residentCountriesQualifier?: CountQualifier | null;

  @Property({ type: 'text', nullable: true })
  residentCountriesSource?: string | null;

  @Field(() => QualifiedCount, {
    nullable: true,
    description: 'How many countries the residents come from, as the source gives it (Lillehammer: more than 80); null when unknown.',
  })
  get residentCountryCount(): QualifiedCount | null {
    return qualifiedCount(this.residentCountries, this.residentCountriesQualifier, this.residentCountriesSource);
  }
}
