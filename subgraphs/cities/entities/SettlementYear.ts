import { Entity, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex } from '../../../shared/indexes';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { City } from './City';
import { Organisation } from './Organisation';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'A share of the year’s settlements: a group or an origin.' })
export class SettlementGroup {
  @Field({ description: 'The group or origin, e.g. "Ukraine" or "Resettlement (UNHCR quota)".' })
  group: string;

  @Field(() => Int, { nullable: true })
  count?: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of those settled, 0 to 1.' })
  share?: number | null;

  @Field({ description: 'The source gives the figure as approximate ("about 75%").' })
  approximate: boolean;
}

/**
 * The settlement ledger: for one city and year, what the national agency requested, what the city
 * decided, what extra capacity it offered and how many were settled. A null figure means "not
 * known or not decided yet", which is not the same as 0.
 */
@PublicRead()
@ObjectType({ description: 'One city’s settlement year. A null figure means not known or not decided yet, never 0.' })
@Entity({ tableName: 'settlement_year' })
@Index({
  name: 'settlement_year_year_desc_id_index',
  expression: keysetIndex('settlement_year_year_desc_id_index', 'settlement_year', ['"year" desc', '"id"']),
})
@Index({
  name: 'settlement_year_city_year_live_unique',
  expression:
    'create unique index "settlement_year_city_year_live_unique" on "settlement_year" ("city_id", "year") where "deleted_at" is null',
})
export class SettlementYear extends HubEntity {
  @ManyToOne(() => City, { ref: true, index: true, deleteRule: 'cascade' })
  city: Ref<City>;

  @Field(() => Int)
  @Property({ type: 'integer' })
  year: number;

  @Field(() => Int, { nullable: true, description: 'How many refugees the national agency asked the city to settle.' })
  @Property({ type: 'integer', nullable: true })
  requested?: number | null;

  @ManyToOne(() => Organisation, { ref: true, nullable: true, deleteRule: 'set null' })
  requestedBy?: Ref<Organisation> | null;

  @Field(() => Int, { nullable: true, description: 'How many the city decided to settle; null while there is no decision.' })
  @Property({ type: 'integer', nullable: true })
  decided?: number | null;

  @Field(() => Int, { nullable: true, description: 'Places the city offers beyond the request.' })
  @Property({ type: 'integer', nullable: true })
  extraCapacity?: number | null;

  @Field(() => Int, { nullable: true, description: 'Settled so far (as of settledAsOf).' })
  @Property({ type: 'integer', nullable: true })
  settled?: number | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  settledAsOf?: string | null;

  @Field(() => Boolean, { description: 'The source gives the settled figure as approximate ("about 600").' })
  @Property({ type: 'boolean', default: false })
  settledApproximate: Opt<boolean> = false;

  @Field(() => [SettlementGroup])
  @Property({ type: 'json' })
  breakdown: Opt<SettlementGroup[]> = [];

  @Field(() => String, { nullable: true, description: 'Where the figures come from.' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;

  @Translated({ nullable: true })
  notes?: TranslationMap | null;

  @Field(() => Boolean, { description: 'Whether the city has decided a number for this year.' })
  get hasDecision(): Opt<boolean> {
    return this.decided != null;
  }
}
