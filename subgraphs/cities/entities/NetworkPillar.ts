import { Entity, ManyToOne, Property, type Ref } from '@mikro-orm/core';
import { Field, Int, ObjectType } from 'type-graphql';
import { HubEntity } from '../../../shared/entity';
import { Translated, type TranslationMap } from '../../../shared/translated-text';
import { Network } from './Network';
import { PublicRead } from '../../../shared/cache-control';

@PublicRead()
@ObjectType({ description: 'One of the pillars a network is structured around (Solidarity Cities has four).' })
@Entity({ tableName: 'network_pillar' })
export class NetworkPillar extends HubEntity {
  @ManyToOne(() => Network, { ref: true, deleteRule: 'cascade' })
  network: Ref<Network>;

  @Field({ description: 'Stable code, e.g. "FUNDING"; other subgraphs refer to a pillar by it.' })
  @Property({ type: 'string' })
  code: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  position: number;

  @Translated()
  title: TranslationMap;
}
