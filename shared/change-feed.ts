import 'reflect-metadata';
import type { EventSubscriber, FlushEventArgs } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

const PARENT = Symbol('hub:changeFeedParent');

interface ParentLink {
  /** The parent's entity name. */
  parent: string;
  property: string;
}

/**
 * Declares that a change of this record is a change of its parent in the change feed: a client
 * that syncs meetings with `changedSince` must see a meeting again when one of its outcomes changes.
 * Parents chain (a progress note changes its recommendation, which changes its peer review).
 */
export function ChangesParent<T>(parent: string, property: keyof T & string): ClassDecorator {
  return (target) => Reflect.defineMetadata(PARENT, { parent, property } satisfies ParentLink, target);
}

const linkOf = (entity: object): ParentLink | undefined => Reflect.getMetadata(PARENT, entity.constructor);

/** Moves a record's `updatedAt` in plain SQL: em.nativeUpdate and the query builder would bump its version. */
async function touch(em: EntityManager, entityName: string, id: string, now: Date) {
  const meta = em.getMetadata<{ updatedAt: Date }>(entityName);
  const schema = meta.schema ?? em.config.get('schema');
  const table = schema ? `"${schema}"."${meta.tableName}"` : `"${meta.tableName}"`;
  const column = meta.properties.updatedAt.fieldNames[0];
  await em.getConnection().execute(`update ${table} set "${column}" = ? where "id" = ?`, [now, id], 'run', em.getTransactionContext());
}

/**
 * At every flush, moves `updatedAt` of the parents of what changed, so that they show in their
 * lists' change feed. The version is left alone: adding an outcome is not an edit of the meeting's
 * own fields, and must not make a concurrent edit of them fail.
 */
export class ChangeFeedSubscriber implements EventSubscriber {
  async onFlush({ uow, em }: FlushEventArgs) {
    const now = new Date();
    const touched = new Set<string>();
    for (const changeSet of uow.getChangeSets()) {
      let entity: object | null | undefined = changeSet.entity;
      let link = linkOf(entity);
      while (entity && link) {
        const value = (entity as Record<string, unknown>)[link.property] as { id?: string } | string | null | undefined;
        const id = typeof value === 'string' ? value : value?.id;
        if (!id || touched.has(`${link.parent}:${id}`)) break;
        touched.add(`${link.parent}:${id}`);
        await touch(em as EntityManager, link.parent, id, now);
        const next = linkOf({ constructor: em.getMetadata(link.parent).class });
        entity = next
          ? (uow.getById<{ id: string }>(link.parent, id) ?? (await em.findOne(link.parent, { id }, { filters: false })))
          : null;
        link = next;
      }
    }
  }
}
