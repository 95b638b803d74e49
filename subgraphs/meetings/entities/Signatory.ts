import { Check, Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { Declaration } from './Declaration';
import { Party } from './Party';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'A city or an organisation that signed a declaration, with the signing date.' })
@Entity({ tableName: 'signatory' })
@Index({
  name: 'signatory_declaration_city_live_unique',
  expression:
    'create unique index "signatory_declaration_city_live_unique" on "signatory" ("declaration_id", "city_id") where "deleted_at" is null and "city_id" is not null',
})
@Index({
  name: 'signatory_declaration_organisation_live_unique',
  expression:
    'create unique index "signatory_declaration_organisation_live_unique" on "signatory" ("declaration_id", "organisation_id") where "deleted_at" is null and "organisation_id" is not null',
})
@Check({ name: 'signatory_one_party_check', expression: '("city_id" is null) <> ("organisation_id" is null)' })
@ChangesParent<Signatory>('Declaration', 'declaration')
export class Signatory extends Party {
  @ManyToOne(() => Declaration, { ref: true, index: true, deleteRule: 'cascade' })
  declaration: Ref<Declaration>;

  @Field(() => LocalDate, { nullable: true, description: 'When they signed; null when the source does not say.' })
  @Property({ type: 'date', nullable: true })
  signedOn?: string | null;

  @Translated({ nullable: true })
  note?: TranslationMap | null;
}
