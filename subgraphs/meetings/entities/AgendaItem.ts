import { Check, Entity, Enum, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { Translated, TranslatedText, translated, type TranslationMap } from '../../../shared/translated-text';
import { AgendaItemKind } from './enums';
import { Meeting } from './Meeting';
import { organisationRef, OrganisationReference } from './references';
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
    return organisationRef(this.organisationId);
  }

  static from(data: SpeakerData): Speaker {
    return Object.assign(new Speaker(), { name: data.name, role: data.role ?? null, organisationId: data.organisationId ?? null });
  }
}

@PublicRead()
@ObjectType({ description: 'An item of a meeting’s agenda; items nest (a panel block with its panels).' })
@Entity({ tableName: 'agenda_item' })
@Check({ name: 'agenda_item_position_check', expression: '"position" >= 1' })
@Check({ name: 'agenda_item_duration_check', expression: '"duration_minutes" is null or "duration_minutes" >= 0' })
@ChangesParent<AgendaItem>('Meeting', 'meeting')
export class AgendaItem extends HubEntity {
  @ManyToOne(() => Meeting, { ref: true, index: true, deleteRule: 'cascade' })
  meeting: Ref<Meeting>;

  @ManyToOne(() => AgendaItem, { ref: true, nullable: true, index: true, deleteRule: 'cascade' })
  parent?: Ref<AgendaItem> | null;

  @Field({ description: 'The number shown on the agenda, e.g. "2.1" (derived from the positions unless given).' })
  @Property({ type: 'string' })
  number: string;

  /** A number the organisers gave the item themselves; null: derived from the positions. */
  @Property({ type: 'string', nullable: true })
  customNumber?: string | null;

  @Field(() => Int, { description: 'Order among its siblings, from 1.' })
  @Property({ type: 'integer' })
  position: number;

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
