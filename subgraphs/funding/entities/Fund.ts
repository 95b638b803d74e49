import { Entity, Index, Property } from '@mikro-orm/core';
import { Directive, Field, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { keysetIndex } from '../../../shared/indexes';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'A fund that finances activities, such as the EU Asylum, Migration and Integration Fund (AMIF).' })
@Directive('@key(fields: "id")')
@Entity({ tableName: 'fund' })
@Index({ name: 'fund_name_id_index', expression: keysetIndex('fund_name_id_index', 'fund', ['"name"', '"id"']) })
export class Fund extends HubEntity {
  @Field({ description: 'Stable, URL-friendly name, e.g. "amif".' })
  @Property({ type: 'string', unique: true })
  slug: string;

  @Field()
  @Property({ type: 'string' })
  name: string;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  acronym?: string | null;

  /** The managing organisation, an Organisation of the cities subgraph (by key, no foreign key). */
  @Property({ type: 'uuid', nullable: true, index: true })
  managingOrganisationId?: string | null;

  @Field(() => String, { nullable: true })
  @Property({ type: 'string', nullable: true })
  website?: string | null;

  @Translated({ nullable: true })
  description?: TranslationMap | null;
}
