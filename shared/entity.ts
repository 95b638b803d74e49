import { randomUUID } from 'node:crypto';
import { Index, OptionalProps, PrimaryKey, Property, type EntityClass, type RequiredEntityData } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/** The properties of every HubEntity that have defaults. */
export type HubOptional = 'id' | 'createdAt' | 'updatedAt' | 'deletedAt' | 'version' | 'deleted';

/**
 * What every stored thing in the hub has: an id, created and updated timestamps, a soft-delete
 * timestamp (deleted rows stay as tombstones for the change feed) and a version for optimistic locking.
 */
@ObjectType()
@Index({ properties: ['updatedAt', 'id'] })
export abstract class HubEntity {
  /**
   * Properties `build()` may leave out because they have defaults. An entity's own fields with
   * defaults are typed `Opt<T>` (MikroORM), so that `build()` does not require them either.
   */
  [OptionalProps]?: HubOptional;

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => Date)
  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()' })
  createdAt: Date = new Date();

  @Field(() => Date, { description: 'When this record last changed (deletion included).' })
  @Property({ type: 'datetime', length: 3, defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  @Field(() => Date, { nullable: true, description: 'Set when the record was deleted; it is then a tombstone.' })
  @Property({ type: 'datetime', length: 3, nullable: true, index: true })
  deletedAt?: Date | null = null;

  @Field(() => Int, {
    description: 'Increases with every change; pass it back as expectedVersion to avoid overwriting someone else’s edit.',
  })
  @Property({ type: 'integer', version: true })
  version: number = 1;

  @Field(() => Boolean, { description: 'True for a tombstone: the record was deleted.' })
  get deleted(): boolean {
    return this.deletedAt != null;
  }
}

/** Creates a managed entity from the fields given (the rest keep their defaults), type-checked against the entity. */
export const build = <T extends object>(em: EntityManager, entity: EntityClass<T>, data: RequiredEntityData<T>): T =>
  em.create(entity, data);
