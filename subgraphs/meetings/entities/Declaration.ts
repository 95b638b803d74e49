import { BeforeCreate, BeforeUpdate, Entity, Enum, Index, ManyToOne, Property, type Opt, type Ref } from '@mikro-orm/core';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex } from '../../../shared/indexes';
import { LocalDate } from '../../../shared/scalars';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { DeclarationKind } from './enums';
import { Meeting } from './Meeting';
import { PublicRead } from '../../../shared/cache-control';
import { CountQualifier, QualifiedCount, qualifiedCount } from '../../../shared/qualified-count';

/**
 * A declaration, position letter or pledge. Title and text here are those of the current version;
 * every version, earlier ones included, stays readable under `versions`.
 */
@PublicRead()
@ObjectType({
  description: 'A declaration, position letter or pledge of a network, with its versions, signatories, recipients and commitments.',
})
@Directive('@key(fields: "id")')
@Entity({ tableName: 'declaration' })
@Index({
  name: 'declaration_sort_at_desc_id_index',
  expression: keysetIndex('declaration_sort_at_desc_id_index', 'declaration', ['"sort_at" desc', '"id"']),
})
@Index({ properties: ['sortAt', 'id'] })
export class Declaration extends HubEntity {
  @Field(() => DeclarationKind)
  @Enum({ items: () => DeclarationKind, type: 'string', index: true })
  kind: DeclarationKind;

  @Field(() => ID, {
    nullable: true,
    description: 'The network or platform that adopted or sent it (a Network of the cities subgraph, by id).',
  })
  @Property({ type: 'uuid', nullable: true, index: true })
  networkId?: string | null;

  @Translated({ description: 'The title of the current version.' })
  title: TranslationMap;

  @Translated({ description: 'The text of the current version.' })
  text: TranslationMap;

  @Field(() => LocalDate, { nullable: true })
  @Property({ type: 'date', nullable: true })
  adoptedOn?: string | null;

  @Field(() => Int, { nullable: true, description: 'The year of adoption; set alone when the source gives only the year.' })
  @Property({ type: 'integer', nullable: true })
  adoptedYear?: number | null;

  @ManyToOne(() => Meeting, { ref: true, nullable: true, index: true, deleteRule: 'set null' })
  adoptedAt?: Ref<Meeting> | null;

  @Field(() => Int, { description: 'The number of the current version.' })
  @Property({ type: 'integer', default: 1 })
  currentVersion: Opt<number> = 1;

  @Field(() => String, { nullable: true, description: 'Where the facts come from.' })
  @Property({ type: 'text', nullable: true })
  source?: string | null;

  /** How many signed it, when the source gives a number rather than names (with the qualifier below). */
  @Property({ type: 'integer', nullable: true })
  signatoryCountValue?: number | null;

  @Enum({ items: () => CountQualifier, type: 'string', nullable: true })
  signatoryCountQualifier?: CountQualifier | null;

  @Field(() => QualifiedCount, {
    nullable: true,
    description:
      'How many signed, as the source gives it when it does not name them all (the 2018 platform declaration: the Union of Municipalities of Turkey and more than 20 municipalities); null when the source gives no number.',
  })
  get signatoryCount(): QualifiedCount | null {
    return qualifiedCount(this.signatoryCountValue, this.signatoryCountQualifier, this.signatoryCountValue == null ? null : this.source);
  }

  /** The list order: adoption date, else year, else creation. */
  @Property({ type: 'datetime', length: 3 })
  sortAt: Opt<Date> = new Date();

  @BeforeCreate()
  @BeforeUpdate()
  index() {
    this.sortAt = this.adoptedOn
      ? new Date(`${this.adoptedOn}T00:00:00Z`)
      : this.adoptedYear
        ? new Date(Date.UTC(this.adoptedYear, 0, 1))
        : this.createdAt;
  }
}
