import type { EntityManager } from '@mikro-orm/postgresql';
import { derivedNumber, numberedAgenda, type Placement } from './agenda';

/*
 * The order of a meeting's agenda, kept by set-based SQL. Siblings (the items of one parent, or the
 * top level) sort by a rank of their own; adding or moving an item gives it a rank between its new
 * neighbours' and changes no other row, and removing one changes none either, so an agenda change
 * costs the same at 10 items as at 1,000 (`npm run bench -- --scale`). The positions 1..n and the
 * numbers ("2.1") follow from the ranks when the agenda is read (agenda.ts).
 */

/** The live items of a parent (null: the top level) in a meeting, but the item `exceptId`. */
const SIBLINGS = `"meeting_id" = ? and "parent_id" is not distinct from ? and "deleted_at" is null and "id" is distinct from ?`;

/** How many live items the parent (null: the top level) has. */
export async function siblingCount(em: EntityManager, meetingId: string, parentId: string | null): Promise<number> {
  const [row] = await em.execute<{ count: string }[]>(`select count(*) as count from "agenda_item" where ${SIBLINGS}`, [
    meetingId,
    parentId,
    null,
  ]);
  return Number(row.count);
}

/**
 * The rank that puts an item at `position` (from 1) among the parent's other live items: between
 * the ranks of the items that will be before and after it; `current`, the item's own, where it
 * already lies between them. When two ranks are too close to split (after some fifty inserts at
 * one place), the siblings are ranked 1..n again first.
 */
export async function rankAt(
  em: EntityManager,
  place: { meetingId: string; parentId: string | null; position: number; exceptId?: string; current?: number },
  ranked = false,
): Promise<number> {
  const siblings = [place.meetingId, place.parentId, place.exceptId ?? null];
  const skip = Math.max(place.position - 2, 0);
  const rows = await em.execute<{ rank: number }[]>(
    `select "rank" from "agenda_item" where ${SIBLINGS} order by "rank", "id" offset ? limit 2`,
    [...siblings, skip],
  );
  const [before, after] = place.position >= 2 ? [rows[0]?.rank, rows[1]?.rank] : [undefined, rows[0]?.rank];
  const { current } = place;
  if (current !== undefined && (before === undefined || before < current) && (after === undefined || current < after)) return current;
  if (before === undefined) return after === undefined ? 1 : after - 1;
  if (after === undefined) return before + 1;
  const between = (before + after) / 2;
  if (before < between && between < after) return between;
  if (ranked) throw new Error(`Agenda ranks ${before} and ${after} cannot be split after ranking them anew.`);
  await em.execute(
    `update "agenda_item" a set "rank" = o.n
     from (select "id", row_number() over (order by "rank", "id") as n from "agenda_item" where ${SIBLINGS}) o
     where a."id" = o."id"`,
    siblings,
    'run',
  );
  return rankAt(em, place, true);
}

/** Up to this many items are placed one by one; more, by ranking their whole agendas. */
const PLACED_ONE_BY_ONE = 20;

/**
 * The positions and numbers of the items `ids` (batched by a loader), derived from the ranks in
 * SQL, without loading the agendas' rows. A few items (a write's answer) are placed one by one:
 * each item and the items it is nested in count their live siblings before them, which costs the
 * same at 10 items as at 1,000. Many (a whole agenda read) are placed by ranking their meetings'
 * agendas at once. A removed item is placed where it stood among the live ones.
 */
export async function agendaPlacements(em: EntityManager, ids: readonly string[]): Promise<Map<string, Placement>> {
  const placed = ids.length <= PLACED_ONE_BY_ONE ? new Map<string, Placement>() : await placeAgendas(em, ids);
  const rest = ids.filter((id) => !placed.has(id));
  return rest.length === 0 ? placed : new Map([...placed, ...(await placeEach(em, rest))]);
}

/** Each item's place, from its own and its ancestors' places among their live siblings. */
async function placeEach(em: EntityManager, ids: readonly string[]): Promise<Map<string, Placement>> {
  const rows = await em.execute<{ item_id: string; custom_number: string | null; position: string }[]>(
    `with recursive up as (
       select x."id" as item_id, x."id", x."parent_id", x."meeting_id", x."rank", x."custom_number", 0 as depth
       from "agenda_item" x where x."id" in (?)
       union all
       select up.item_id, p."id", p."parent_id", p."meeting_id", p."rank", p."custom_number", up.depth + 1
       from "agenda_item" p join up on p."id" = up."parent_id"
     )
     select item_id, custom_number, 1 + (
       select count(*) from "agenda_item" s
       where s."meeting_id" = up."meeting_id" and s."deleted_at" is null
         and (s."parent_id" = up."parent_id" or (up."parent_id" is null and s."parent_id" is null))
         and s."rank" <= up."rank" and (s."rank", s."id") < (up."rank", up."id")
     ) as position
     from up order by item_id, depth desc`,
    [ids],
  );
  // the top-level ancestor first: each level's number follows its parent's
  const placed = new Map<string, Placement>();
  for (const row of rows) {
    const parent = placed.get(row.item_id);
    const position = Number(row.position);
    placed.set(row.item_id, { position, number: row.custom_number ?? derivedNumber(parent?.number ?? null, position) });
  }
  return placed;
}

/** The places of the live items of the meetings `ids` belong to: their agendas ranked in one statement. */
async function placeAgendas(em: EntityManager, ids: readonly string[]): Promise<Map<string, Placement>> {
  const rows = await em.execute<{ id: string; parent_id: string | null; custom_number: string | null; position: string }[]>(
    `select "id", "parent_id", "custom_number", row_number() over (partition by "meeting_id", "parent_id" order by "rank", "id") as position
     from "agenda_item"
     where "meeting_id" in (select "meeting_id" from "agenda_item" where "id" in (?)) and "deleted_at" is null`,
    [ids],
  );
  return numberedAgenda(
    rows.map((row) => ({ id: row.id, parentId: row.parent_id, customNumber: row.custom_number, position: Number(row.position) })),
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
