import DataLoader from 'dataloader';
import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The request's DataLoaders. Every relation and every federation reference is read through one of
 * these, so a page of N parents costs one query per relation, not N.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  constructor(private readonly em: EntityManager) {}

  /** A loader of its own kind, made once per request. */
  custom<K, V>(key: string, batch: (em: EntityManager, keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    const existing = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (existing) return existing;
    const loader = new DataLoader<K, V>((keys) => batch(this.em, keys));
    this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    return loader;
  }

  /** Forgets what the loaders have read (after a write). */
  clear() {
    for (const loader of this.loaders.values()) loader.clearAll();
  }

  /** Loads entities by id, tombstones included (a reference to a deleted row shows it as deleted). */
  byId<T extends { id: string }>(entity: EntityClass<T>): DataLoader<string, T | null> {
    return this.custom<string, T | null>(`byId:${entity.name}`, async (em, ids) => {
      const rows = await em.find(entity, { id: { $in: [...ids] } } as unknown as FilterQuery<T>, { filters: { live: false } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  /** Loads the live children of many parents at once, grouped by the foreign key `column`. */
  manyBy<T extends object>(
    entity: EntityClass<T>,
    column: keyof T & string,
    options: { orderBy?: Record<string, 'asc' | 'desc'>; where?: FilterQuery<T>; key?: string } = {},
  ): DataLoader<string, T[]> {
    const key = `manyBy:${entity.name}:${column}:${options.key ?? ''}`;
    return this.custom<string, T[]>(key, async (em, parentIds) => {
      const where = { ...(options.where as object), [column]: { $in: [...parentIds] } } as FilterQuery<T>;
      const rows = await em.find(entity, where, { orderBy: { ...(options.orderBy ?? {}), id: 'asc' } as QueryOrderMap<T> });
      const groups = new Map<string, T[]>(parentIds.map((id) => [id, []]));
      for (const row of rows) {
        const value = (row as Record<string, unknown>)[column];
        const parentId = typeof value === 'object' && value !== null ? (value as { id: string }).id : (value as string);
        groups.get(parentId)?.push(row);
      }
      return parentIds.map((id) => groups.get(id) ?? []);
    });
  }
}
