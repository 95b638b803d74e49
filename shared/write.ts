import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { HubContext } from './context';
import type { HubEntity } from './entity';
import type { Identity } from './identity';
import { checkVersion, getLive, markDeleted } from './lookup';
import { authorise, requireSignedIn, type Rule } from './permissions';

/**
 * One write, declared: what it loads, the right it needs, the state it requires, the version it
 * expects, how it validates and what it changes. `runWrite` runs these steps in this order, in one
 * transaction, for every mutation of every subgraph (the model is Decidim's commands):
 *
 * 1. the caller must be signed in                      → UNAUTHENTICATED
 * 2. `load` the target (missing or not visible)        → NOT_FOUND
 * 3. `right` on the target, from the permission table  → FORBIDDEN
 * 4. `state`: lifecycle state or transition            → CONFLICT
 * 5. `version`: the version the caller expects         → CONFLICT
 * 6. `validate` the input (naming the field)           → BAD_USER_INPUT (a missing reference too)
 * 7. `change`, then flush, and commit
 *
 * A step that throws rolls the whole write back: nothing of a failed write is left behind.
 */
export interface Write<T, R> {
  /** The mutation's name: the event recorded with the change (history, change feed, webhooks). */
  name: string;
  load(em: EntityManager, ctx: HubContext): Promise<T>;
  right: Rule<T>;
  state?(target: T): void;
  version?: { of(target: T): HubEntity; expected: number | null | undefined };
  validate?(target: T, em: EntityManager): void | Promise<void>;
  change(target: T, em: EntityManager): R | Promise<R>;
}

/** What a write in progress is, for what records the change beside it (history, outbox). */
export interface WriteInfo {
  name: string;
  identity: Identity;
}

const inProgress = new WeakMap<EntityManager, WriteInfo>();

/** The write the given (transactional) EntityManager belongs to, if it is one of runWrite's. */
export const currentWrite = (em: EntityManager): WriteInfo | undefined => inProgress.get(em);

export async function runWrite<T, R>(ctx: HubContext, write: Write<T, R>): Promise<R> {
  requireSignedIn(ctx);
  const result = await ctx.em.transactional(async (em) => {
    inProgress.set(em, { name: write.name, identity: ctx.identity });
    const target = await write.load(em, ctx);
    await authorise(ctx, write.right, target);
    write.state?.(target);
    if (write.version) checkVersion(write.version.of(target), write.version.expected);
    await write.validate?.(target, em);
    const result = await write.change(target, em);
    await em.flush();
    return result;
  });
  // what the request read before the write is stale now: the answer, and a later mutation of the same request, read anew
  ctx.loaders.clear();
  return result;
}

/**
 * The write that removes a live record by id: load it (NOT_FOUND when it is missing or already
 * removed), check the right, and mark it deleted; its tombstone stays in the change feed.
 */
export function removeLive<T extends HubEntity>(ctx: HubContext, name: string, entity: EntityClass<T>, id: string, right: Rule<T>) {
  return runWrite(ctx, { name, load: (em) => getLive(em, entity, id), right, change: markDeleted });
}
