import { Check, Entity, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { ChangesParent } from '../../../shared/change-feed';
import { HubEntity } from '../../../shared/entity';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { Declaration } from './Declaration';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({
  description: 'One version of a declaration’s title and text; a later version supersedes an earlier one, and both stay readable.',
})
@Entity({ tableName: 'declaration_version' })
@Index({
  name: 'declaration_version_number_live_unique',
  expression:
    'create unique index "declaration_version_number_live_unique" on "declaration_version" ("declaration_id", "number") where "deleted_at" is null',
})
@Check({ name: 'declaration_version_number_check', expression: '"number" >= 1' })
@ChangesParent<DeclarationVersion>('Declaration', 'declaration')
export class DeclarationVersion extends HubEntity {
  @ManyToOne(() => Declaration, { ref: true, index: true, deleteRule: 'cascade' })
  declaration: Ref<Declaration>;

  @Field(() => Int, { description: '1 for the first version.' })
  @Property({ type: 'integer' })
  number: number;

  @Translated()
  title: TranslationMap;

  @Translated()
  text: TranslationMap;

  @Field(() => LocalDate, { nullable: true, description: 'When this version was adopted.' })
  @Property({ type: 'date', nullable: true })
  adoptedOn?: string | null;

  @Translated({ nullable: true, description: 'What changed from the previous version.' })
  changeNote?: TranslationMap | null;
}
