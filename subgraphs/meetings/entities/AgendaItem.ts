import { Check, Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { Translated, TranslatedText, translated, type TranslationMap } from '../../../shared/translated-text';
import { AgendaItemKind } from './enums';
import { Meeting } from './Meeting';
import { OrganisationReference } from './references';
import { PublicRead } from '../../../shared/cache-control';

/** How a speaker is stored inside an agenda item. */
export interface SpeakerData {
  name: string;
  role?: TranslationMap | null;
  organisationId?: string | null;
}

@PublicRead()
@ObjectType({ description: 'A person who speaks at an agenda item, with their role and organisation.' })
export class Speaker {
  @Field()
  name: string;

  role?: TranslationMap | null;

  organisationId?: string | null;

  @Field(() => TranslatedText, { name: 'role', nullable: true, description: 'e.g. "UNHCR Türkiye Deputy Representative".' })
  get roleText() {
    return translated(this.role);
  }

  @Field(() => OrganisationReference, { name: 'organisation', nullable: true })
  get organisation() {
    return OrganisationReference.of(this.organisationId);
  }

  static from(data: SpeakerData): Speaker {
    return Object.assign(new Speaker(), { name: data.name, role: data.role ?? null, organisationId: data.organisationId ?? null });
  }
}

@PublicRead()
@ObjectType({ description: 'An item of a meeting’s agenda; items nest (a panel block with its panels).' })
@Entity({ tableName: 'agenda_item' })
@Index({ properties: ['meeting', 'parent', 'rank'] })
@Check({ name: 'agenda_item_duration_check', expression: '"duration_minutes" is null or "duration_minutes" >= 0' })
@ChangesParent<AgendaItem>('Meeting', 'meeting')
export class AgendaItem extends HubEntity {
  @ManyToOne(() => Meeting, { ref: true, index: true, deleteRule: 'cascade' })
  meeting: Ref<Meeting>;

  @ManyToOne(() => AgendaItem, { ref: true, nullable: true, index: true, deleteRule: 'cascade' })
  parent?: Ref<AgendaItem> | null;

  /**
   * The order among its siblings: an item sorts by (rank, id), and a new or moved item takes a rank
   * between its neighbours', so that no other row changes (subgraphs/meetings/sql.ts). Its
   * `position` (1..n) and its `number` ("2.1") are derived from the ranks when read.
   */
  @Property({ type: 'double' })
  rank: number;

  /** A number the organisers gave the item themselves; null: derived from the positions. */
  @Property({ type: 'string', nullable: true })
  customNumber?: string | null;

  @Field(() => AgendaItemKind)
  @Enum({ items: () => AgendaItemKind, type: 'string' })
  kind: AgendaItemKind;

  @Translated()
  title: TranslationMap;

  @Translated({ nullable: true })
  description?: TranslationMap | null;

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', length: 3, nullable: true })
  startsAt?: Date | null;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  durationMinutes?: number | null;

  @Property({ type: 'json' })
  speakerData: Opt<SpeakerData[]> = [];

  @Field(() => [Speaker])
  get speakers(): Opt<Speaker[]> {
    return (this.speakerData ?? []).map(Speaker.from);
  }

  @Field(() => Boolean, { name: 'public', description: 'False for an internal item: only the organisers and admins see it.' })
  @Property({ type: 'boolean', default: true })
  isPublic: Opt<boolean> = true;
}
