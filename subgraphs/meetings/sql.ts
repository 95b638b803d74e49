import type { EntityManager } from '@mikro-orm/postgresql';

/*
 * The order and the numbers of a meeting's agenda, kept by set-based SQL: adding, moving or
 * removing an item does not load the agenda, and the other items' places and numbers are set in
 * one statement, so that adding an item costs the same at 10 items as at 1,000, and a move costs
 * little more than the rows it renumbers (`npm run bench -- --scale`).
 *
 * Siblings (the items of one parent, or the top level) have the positions 1..n; an item's number
 * is its own (`custom_number`) or its parent's number, a dot and its position ("2.1"): the
 * rule is `derivedNumber` here and the recursive step of `reorderAgenda` in SQL.
 */

/** How many live items the parent (null: the top level) has. */
export async function siblingCount(em: EntityManager, meetingId: string, parentId: string | null): Promise<number> {
  const [row] = await em.execute<{ count: string }[]>(
    `select count(*) as count from "agenda_item" where "meeting_id" = ? and "parent_id" is not distinct from ? and "deleted_at" is null`,
    [meetingId, parentId],
  );
  return Number(row.count);
}

/** The number of an item at `position` under a parent numbered `parentNumber` (null: top level). */
export const derivedNumber = (parentNumber: string | null, position: number) =>
  parentNumber === null ? String(position) : `${parentNumber.replace(/\.$/, '')}.${position}`;

/**
 * Sets the places and derived numbers of the meeting's whole agenda in one statement, writing only
 * the rows that change: every level is ranked 1..n by the positions the rows hold (an item that
 * was just put at position p shares it with the item that was there: `moved` says whether it goes
 * before that one, as when it is inserted or moved up, or after it, as when it is moved down).
 */
export async function reorderAgenda(em: EntityManager, meetingId: string, moved?: { id: string; before: boolean }) {
  await em.execute(
    `with recursive ranked as (
       select "id", "parent_id", "custom_number",
         row_number() over (partition by "parent_id" order by "position", case when "id" = ? then ? else 0 end, "created_at", "id") as position
       from "agenda_item" where "meeting_id" = ? and "deleted_at" is null
     ), tree as (
       select "id", position, coalesce("custom_number", position::text) as number from ranked where "parent_id" is null
       union all
       select c."id", c.position, coalesce(c."custom_number", regexp_replace(t.number, '\\.$', '') || '.' || c.position)
       from ranked c join tree t on c."parent_id" = t."id"
     )
     update "agenda_item" a set "position" = tree.position, "number" = tree.number from tree
     where a."id" = tree."id" and (a."position" <> tree.position or a."number" is distinct from tree.number)`,
    [moved?.id ?? null, moved?.before ? -1 : 1, meetingId],
    'run',
  );
}

/** The ids of the item and of every item nested in it, at any depth. */
export async function withNested(em: EntityManager, itemId: string): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `with recursive nested as (
       select "id" from "agenda_item" where "id" = ?
       union all
       select c."id" from "agenda_item" c join nested n on c."parent_id" = n."id" where c."deleted_at" is null
     )
     select "id" from nested`,
    [itemId],
  );
  return rows.map((r) => r.id);
}

/** The ids of the item and of the items it is nested in, up to the top level. */
export async function withAncestors(em: EntityManager, itemId: string): Promise<string[]> {
  const rows = await em.execute<{ id: string }[]>(
    `with recursive up as (
       select "id", "parent_id" from "agenda_item" where "id" = ?
       union all
       select p."id", p."parent_id" from "agenda_item" p join up on p."id" = up."parent_id"
     )
     select "id" from up`,
    [itemId],
  );
  return rows.map((r) => r.id);
}
