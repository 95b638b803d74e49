import {
  BeforeCreate,
  BeforeUpdate,
  Check,
  Collection,
  Entity,
  Enum,
  Index,
  ManyToOne,
  OneToMany,
  type Opt,
  Property,
  type Ref,
} from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex, trigramIndex } from '../../../shared/indexes';
import { LocalDate } from '../../../shared/scalars';
import { searchKey } from '../../../shared/search-key';
import { Translated, translations, type TranslationMap } from '../../../shared/translated-text';
import { ActivityStatus, ActivityTheme, SolidarityCitiesPillar } from './enums';
import { Fund } from './Fund';
import { Participation } from './Participation';
import { PublicRead } from '../../../shared/cache-control';
import { Illustrative } from '../../../shared/illustrative';

/** What the text filter searches: the identifier, titles and descriptions in every language, as one searchKey. */
export function activitySearchText(activity: { identifier: string; title: TranslationMap; description?: TranslationMap | null }): string {
  const texts = [
    activity.identifier,
    ...translations(activity.title).map((t) => t.text),
    ...translations(activity.description).map((t) => t.text),
  ];
  return searchKey(texts.join('\n'));
}

@PublicRead()
@ObjectType({ description: 'Who to contact about an activity: a role and an organisation, never a personal phone or e-mail.' })
export class ContactInfo {
  @Field(() => String, { nullable: true, description: 'The name of the person in charge, as published by the activity.' })
  personName?: string | null;

  @Field(() => String, { nullable: true, description: 'e.g. "Project manager".' })
  jobTitle?: string | null;

  @Field(() => String, { nullable: true })
  organisationName?: string | null;

  @Field(() => String, { nullable: true, description: 'A public web page about the activity.' })
  website?: string | null;
}

/**
 * A funding activity (what users call a project), in the spirit of the IATI activity standard.
 * Cities and organisations of the cities subgraph are stored by key (uuid), never by foreign key.
 */
@PublicRead()
@ObjectType({
  description:
    'A funding activity (a project), after the IATI activity standard. Drafts are visible only to their participating organisations and admins.',
})
@Directive('@key(fields: "id")')
@Entity({ tableName: 'funding_activity' })
@Index({
  name: 'funding_activity_start_date_desc_id_index',
  expression: keysetIndex('funding_activity_start_date_desc_id_index', 'funding_activity', ['"start_date" desc', '"id"']),
})
@Index({
  name: 'funding_activity_budget_total_desc_id_index',
  expression: keysetIndex('funding_activity_budget_total_desc_id_index', 'funding_activity', ['"budget_total" desc', '"id"']),
})
@Index({
  name: 'funding_activity_search_text_trgm',
  expression: trigramIndex('funding_activity_search_text_trgm', 'funding_activity', 'search_text'),
})
@Index({
  name: 'funding_activity_identifier_live_unique',
  expression:
    'create unique index "funding_activity_identifier_live_unique" on "funding_activity" ("identifier") where "deleted_at" is null',
})
@Index({ properties: ['startDate', 'id'] })
@Index({ properties: ['budgetTotal', 'id'] })
@Index({
  name: 'funding_activity_themes_gin',
  expression: 'create index "funding_activity_themes_gin" on "funding_activity" using gin ("themes")',
})
@Index({
  name: 'funding_activity_recipient_countries_gin',
  expression: 'create index "funding_activity_recipient_countries_gin" on "funding_activity" using gin ("recipient_countries")',
})
@Index({
  name: 'funding_activity_participating_city_ids_gin',
  expression: 'create index "funding_activity_participating_city_ids_gin" on "funding_activity" using gin ("participating_city_ids")',
})
@Index({
  name: 'funding_activity_recipient_city_ids_gin',
  expression: 'create index "funding_activity_recipient_city_ids_gin" on "funding_activity" using gin ("recipient_city_ids")',
})
@Check({ name: 'funding_activity_planned_dates_check', expression: '"planned_end" is null or "planned_end" >= "planned_start"' })
@Check({
  name: 'funding_activity_actual_dates_check',
  expression: '"actual_end" is null or "actual_start" is null or "actual_end" >= "actual_start"',
})
@Check({ name: 'funding_activity_not_own_parent_check', expression: '"parent_id" is null or "parent_id" <> "id"' })
@Check({ name: 'funding_activity_budget_total_check', expression: '"budget_total" >= 0' })
export class FundingActivity extends HubEntity {
  @Field({
    description: 'Globally unique activity identifier, IATI style: the reporting organisation’s reference, a hyphen and its own code.',
  })
  @Property({ type: 'string' })
  identifier: string;

  @Translated()
  title: TranslationMap;

  @Translated({ nullable: true })
  description?: TranslationMap | null;

  @Field(() => ActivityStatus)
  @Enum({ items: () => ActivityStatus, type: 'string', index: true })
  status: Opt<ActivityStatus> = ActivityStatus.PIPELINE;

  @Field(() => LocalDate)
  @Property({ type: 'date' })
  plannedStart: string;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  plannedEnd?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  actualStart?: string | null;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  actualEnd?: string | null;

  /** Actual start, else planned start: what date filters and sorting use. */
  @Field(() => LocalDate, { description: 'The actual start, else the planned start (what date filters and sorting use).' })
  @Property({ type: 'date' })
  startDate: Opt<string>;

  /** Actual end, else planned end; null while open-ended. */
  @Field(() => LocalDate, { nullable: true, description: 'The actual end, else the planned end.' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @ManyToOne(() => Fund, { ref: true, nullable: true, index: true, deleteRule: 'set null' })
  fund?: Ref<Fund> | null;

  @Field(() => SolidarityCitiesPillar, { nullable: true, description: 'The Solidarity Cities pillar the activity serves.' })
  @Enum({ items: () => SolidarityCitiesPillar, type: 'string', nullable: true, index: true })
  pillar?: SolidarityCitiesPillar | null;

  @Field(() => [ActivityTheme], { description: 'What the activity is about.' })
  @Property({ type: 'text[]' })
  themes: Opt<ActivityTheme[]> = [];

  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 codes of the recipient countries.' })
  @Property({ type: 'text[]' })
  recipientCountries: Opt<string[]> = [];

  /** Ids of the participating cities (City of the cities subgraph). */
  @Property({ type: 'text[]' })
  participatingCityIds: Opt<string[]> = [];

  /** Ids of the recipient cities (City of the cities subgraph). */
  @Property({ type: 'text[]' })
  recipientCityIds: Opt<string[]> = [];

  @Field({ description: 'ISO 4217 currency of the activity’s totals and of sorting by budget.' })
  @Property({ type: 'string', length: 3 })
  defaultCurrency: string;

  /** Sum of the live budgets in the default currency, kept by the database for sorting by amount. */
  @Property({ type: 'decimal', precision: 24, scale: 4, default: 0, runtimeType: 'string' })
  budgetTotal: Opt<string> = '0';

  @ManyToOne(() => FundingActivity, { ref: true, nullable: true, index: true, deleteRule: 'set null' })
  parent?: Ref<FundingActivity> | null;

  @Field(() => Boolean, { description: 'False while the activity is a draft: only its participating organisations and admins see it.' })
  @Property({ type: 'boolean', default: false })
  published: Opt<boolean> = false;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', length: 3, nullable: true })
  publishedAt?: Date | null;

  @Illustrative()
  illustrative: Opt<boolean> = false;

  @Field(() => String, { nullable: true, description: 'Where the data comes from, or why it is illustrative.' })
  @Property({ type: 'text', nullable: true })
  dataNote?: string | null;

  @Field(() => ContactInfo, { nullable: true })
  @Property({ type: 'json', nullable: true })
  contact?: ContactInfo | null;

  /** Identifier, titles and descriptions in every language as a searchKey: what the text filter searches. */
  @Property({ type: 'text', default: '' })
  searchText: Opt<string> = '';

  @OneToMany(() => Participation, (p) => p.activity)
  participations = new Collection<Participation>(this);

  /**
   * The derived columns (effective dates, search text), computed from the fields whenever the
   * activity is inserted or updated: part of every write's flush, never refreshed by hand.
   */
  @BeforeCreate()
  @BeforeUpdate()
  deriveColumns() {
    this.startDate = this.actualStart ?? this.plannedStart;
    this.endDate = this.actualEnd ?? this.plannedEnd ?? null;
    this.searchText = activitySearchText(this);
  }
}
