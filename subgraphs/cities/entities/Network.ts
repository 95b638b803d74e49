import { Entity, Enum, Index, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex, trigramIndex } from '../../../shared/indexes';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { NetworkKind } from './enums';
import { Organisation } from './Organisation';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'A network or platform of cities, such as Solidarity Cities or the KS big-city network.' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'network' })
@Index({ name: 'network_name_id_index', expression: keysetIndex('network_name_id_index', 'network', ['"name"', '"id"']) })
@Index({ name: 'network_name_trgm', expression: trigramIndex('network_name_trgm', 'network', 'name') })
@Index({ name: 'network_slug_trgm', expression: trigramIndex('network_slug_trgm', 'network', 'slug') })
export class Network extends HubEntity {
  @Field()
  @Property({ type: 'string', unique: true })
  slug: string;

  @Field()
  @Property({ type: 'string' })
  name: string;

  @Field(() => NetworkKind)
  @Enum({ items: () => NetworkKind, type: 'string' })
  kind: NetworkKind;

  @Field(() => Int, { nullable: true })
  @Property({ type: 'integer', nullable: true })
  foundedYear?: number | null;

  @ManyToOne(() => Organisation, { ref: true, nullable: true, deleteRule: 'set null' })
  secretariat?: Ref<Organisation> | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  website?: string | null;

  @Translated({ nullable: true })
  description?: TranslationMap | null;
}
