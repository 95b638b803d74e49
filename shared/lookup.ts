import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Arg, Ctx, ID, Query, Resolver, type ClassType } from 'type-graphql';
import { validate as isUuid } from 'uuid';
import type { HubContext } from './context';
import { badInput, conflict, notFound } from './errors';
import type { HubEntity } from './entity';

export { isUuid };

export function assertId(id: string, field = 'id') {
  if (!isUuid(id)) throw badInput(`"${id}" is not a valid id.`, field);
}

/** A live (not deleted) record by id, or NOT_FOUND. */
export async function getLive<T extends HubEntity>(em: EntityManager, entity: EntityClass<T>, id: string, field = 'id'): Promise<T> {
  assertId(id, field);
  const found = await em.findOne(entity, { id } as FilterQuery<T>);
  if (!found) throw notFound(entity.name, id);
  return found;
}

/** One record by id or by slug: exactly one of the two must be given. */
export async function getByIdOrSlug<T extends HubEntity & { slug: string }>(
  em: EntityManager,
  entity: EntityClass<T>,
  key: { id?: string | null; slug?: string | null },
): Promise<T> {
  if ((key.id == null) === (key.slug == null)) throw badInput('Pass either "id" or "slug".', 'id');
  if (key.id != null) return getLive(em, entity, key.id);
  const found = await em.findOne(entity, { slug: key.slug } as FilterQuery<T>);
  if (!found) throw notFound(entity.name, key.slug!);
  return found;
}

/**
 * The base of the resolver of an entity with a slug: the query `name` that reads one record by id
 * or by slug (`city(id:)`, `city(slug:)`). The entity's resolver extends it and adds the rest.
 */
export function IdOrSlugQuery<T extends HubEntity & { slug: string }>(entity: ClassType<T>, name: string, description: string) {
  @Resolver()
  abstract class IdOrSlugQueryResolver {
    @Query(() => entity, { name, description })
    oneByIdOrSlug(
      @Ctx() ctx: HubContext,
      @Arg('id', () => ID, { nullable: true }) id?: string,
      @Arg('slug', () => String, { nullable: true }) slug?: string,
    ) {
      return getByIdOrSlug(ctx.em, entity, { id, slug });
    }
  }
  return IdOrSlugQueryResolver;
}

/** Optimistic locking: a write based on an old version is refused with CONFLICT. */
export function checkVersion(record: HubEntity, expectedVersion: number | null | undefined) {
  if (expectedVersion != null && record.version !== expectedVersion) {
    throw conflict(
      `${record.constructor.name} ${record.id} is at version ${record.version}, not ${expectedVersion}: someone changed it since you read it. Reload and try again.`,
    );
  }
}

/** Soft delete: the row stays as a tombstone for the change feed. Returns the record (a delete's `change`). */
export function markDeleted<T extends HubEntity>(record: T): T {
  record.deletedAt = new Date();
  return record;
}

/** A key of another subgraph's entity: stored as a plain uuid, so it must at least be one. */
export function optionalId(id: string | null | undefined, field: string): string | null | undefined {
  if (id != null) assertId(id, field);
  return id;
}

/** A city or an organisation (a member, participant, signatory…): exactly one of the two ids. */
export function exactlyOneParty(input: { cityId?: string | null; organisationId?: string | null }, what: string) {
  if ((input.cityId == null) === (input.organisationId == null)) {
    throw badInput(`${what} is either a city or an organisation: give exactly one of cityId and organisationId.`, 'cityId');
  }
  optionalId(input.cityId, 'cityId');
  optionalId(input.organisationId, 'organisationId');
}

/** A live record another field of the input points to: a wrong id is the caller's mistake (BAD_USER_INPUT naming the field). */
export async function getReferenced<T extends HubEntity>(em: EntityManager, entity: EntityClass<T>, id: string, field: string): Promise<T> {
  assertId(id, field);
  const found = await em.findOne(entity, { id } as FilterQuery<T>);
  if (!found) throw badInput(`"${field}": there is no ${entity.name} with id ${id}.`, field);
  return found;
}
