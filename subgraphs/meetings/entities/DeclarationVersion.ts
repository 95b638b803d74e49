import { Check, Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { TranslatedText, translated, type TranslationMap } from '../../../shared/translated-text';
import { Declaration } from './Declaration';

@ObjectType({ description: 'One version of a declaration’s title and text; a later version supersedes an earlier one, and both stay readable.' })
@Entity({ tableName: 'declaration_version' })
@Index({
  name: 'declaration_version_number_live_unique',
  expression: 'create unique index "declaration_version_number_live_unique" on "declaration_version" ("declaration_id", "number") where "deleted_at" is null',
})
@Check({ name: 'declaration_version_number_check', expression: '"number" >= 1' })
export class DeclarationVersion extends HubEntity {
  @ManyToOne(() => Declaration, { ref: true, index: true, deleteRule: 'cascade' })
  declaration: Ref<Declaration>;

  @Field(() => Int, { description: '1 for the first version.' })
  @Property({ type: 'integer' })
  number: number;

  @Property({ type: 'json' })
  title: TranslationMap;

  @Field(() => TranslatedText, { name: 'title' })
  get titleText() {
    return translated(this.title)!;
  }

  @Property({ type: 'json' })
  text: TranslationMap;

  @Field(() => TranslatedText, { name: 'text' })
  get textText() {
    return translated(this.text)!;
  }

  @Field(() => LocalDate, { nullable: true, description: 'When this version was adopted.' })
  @Property({ type: 'date', nullable: true })
  adoptedOn?: string | null;

  @Property({ type: 'json', nullable: true })
  changeNote?: TranslationMap | null;

  @Field(() => TranslatedText, { name: 'changeNote', nullable: true, description: 'What changed from the previous version.' })
  get changeNoteText() {
    return translated(this.changeNote);
  }
}
