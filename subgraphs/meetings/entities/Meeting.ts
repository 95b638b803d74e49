import { BeforeCreate, BeforeUpdate, Check, Entity, Enum, Index, Property, type Opt } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex, trigramIndex } from '../../../shared/indexes';
import { searchKey } from '../../../shared/search-key';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { MeetingStatus } from './enums';
import { PublicRead } from '../../../shared/cache-control';

/** Every translation of the given texts as one searchKey (shared/search-key.ts), what the `search` filter reads. */
export const searchable = (...maps: (TranslationMap | null | undefined)[]) =>
  searchKey(maps.flatMap((map) => Object.values(map ?? {}).map((entry) => entry?.text ?? '')).join('\n'));

/** The local calendar date and time of an instant in an IANA time zone ("2019-11-06 09:30"). */
export function localDateTime(instant: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

@PublicRead()
@ObjectType({ description: 'A coordination meeting of a network or platform, from draft to closed.' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'meeting' })
@Index({
  name: 'meeting_sort_at_desc_id_index',
  expression: keysetIndex('meeting_sort_at_desc_id_index', 'meeting', ['"sort_at" desc', '"id"']),
})
@Index({ name: 'meeting_starts_at_index', expression: keysetIndex('meeting_starts_at_index', 'meeting', ['"starts_at"']) })
@Index({ name: 'meeting_search_text_trgm', expression: trigramIndex('meeting_search_text_trgm', 'meeting', 'search_text') })
@Check({ name: 'meeting_dates_check', expression: '"ends_at" is null or ("starts_at" is not null and "ends_at" >= "starts_at")' })
@Check({ name: 'meeting_organisers_check', expression: 'cardinality("organiser_ids") >= 1' })
@Index({
  name: 'meeting_organiser_ids_index',
  expression: 'create index "meeting_organiser_ids_index" on "meeting" using gin ("organiser_ids")',
})
@Index({ properties: ['sortAt', 'id'] })
export class Meeting extends HubEntity {
  @Field(() => ID, { nullable: true, description: 'The network or platform (a Network of the cities subgraph, by id).' })
  @Property({ type: 'uuid', nullable: true, index: true })
  networkId?: string | null;

  @Field(() => String, { nullable: true, description: 'The edition as the network writes it, e.g. "III.".' })
  @Property({ type: 'string', nullable: true })
  edition?: string | null;

  @Field(() => Int, { nullable: true, description: 'The edition as a number (III. → 3), for sorting.' })
  @Property({ type: 'integer', nullable: true })
  editionNumber?: number | null;

  @Translated()
  title: TranslationMap;

  @Translated({ nullable: true })
  theme?: TranslationMap | null;

  @Translated({ nullable: true })
  description?: TranslationMap | null;

  @Field(() => Date, { nullable: true, description: 'When the meeting starts (an instant; see timeZone and timeKnown).' })
  @Property({ type: 'datetime', length: 3, nullable: true })
  startsAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', length: 3, nullable: true })
  endsAt?: Date | null;

  @Field(() => String, { description: 'The IANA time zone of the venue, e.g. "Europe/Istanbul".' })
  @Property({ type: 'string' })
  timeZone: Opt<string> = 'UTC';

  @Field(() => Boolean, {
    description: 'False when the source gives only the date: startsAt is then local midnight and only startDate is meaningful.',
  })
  @Property({ type: 'boolean', default: true })
  timeKnown: Opt<boolean> = true;

  @Field(() => String, { nullable: true, description: 'The local start date in the meeting’s time zone (YYYY-MM-DD).' })
  get startDate(): string | null {
    return this.startsAt ? localDateTime(this.startsAt, this.timeZone).date : null;
  }

  @Field(() => String, { nullable: true, description: 'The local start time in the meeting’s time zone (HH:mm); null when not known.' })
  get startTime(): string | null {
    return this.startsAt && this.timeKnown ? localDateTime(this.startsAt, this.timeZone).time : null;
  }

  @Property({ type: 'uuid', nullable: true, index: true })
  venueCityId?: string | null;

  @Field(() => String, { nullable: true, description: 'The venue itself (building, hotel), when known.' })
  @Property({ type: 'string', nullable: true })
  venueName?: string | null;

  /** The organising organisations (Organisation ids of the cities subgraph). */
  @Property({ type: 'text[]' })
  organiserIds: Opt<string[]> = [];

  @Field(() => MeetingStatus)
  @Enum({ items: () => MeetingStatus, type: 'string', index: true })
  status: Opt<MeetingStatus> = MeetingStatus.DRAFT;

  @Field(() => Int, { description: 'Increases with every change to the agenda; each also increases the meeting’s version.' })
  @Property({ type: 'integer', default: 0 })
  agendaRevision: Opt<number> = 0;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', length: 3, nullable: true })
  publishedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', length: 3, nullable: true })
  closedAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', length: 3, nullable: true })
  cancelledAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'Where the facts come from.' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;

  /** The list order: the start, or for a meeting without a start yet, its creation. Never null, so keyset pages are stable. */
  @Property({ type: 'datetime', length: 3 })
  sortAt: Opt<Date> = new Date();

  /** Every translation of title, theme and description as a searchKey: what the `search` filter reads. */
  @Property({ type: 'text', default: '' })
  searchText: Opt<string> = '';

  @BeforeCreate()
  @BeforeUpdate()
  index() {
    this.sortAt = this.startsAt ?? this.createdAt;
    this.searchText = searchable(this.title, this.theme, this.description);
  }
}
