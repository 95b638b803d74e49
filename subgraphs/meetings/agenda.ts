import type { AgendaItem } from './entities/AgendaItem';

/*
 * An agenda as it is read: the order, the positions and the numbers all follow from the items'
 * ranks (sql.ts keeps those, and places items in SQL: agendaPlacements). Siblings sort by
 * (rank, id); an item's position is its place among its live siblings, from 1; its number is its
 * own (`customNumber`) or its parent's number, a dot and its position ("2.1").
 */

/** Where an item stands in its meeting's agenda. */
export interface Placement {
  position: number;
  number: string;
}

type Ranked = Pick<AgendaItem, 'id' | 'rank' | 'parent'>;

const parentOf = (item: Ranked) => item.parent?.id ?? null;

/** Agenda order among siblings. */
export const byRank = (a: Ranked, b: Ranked) => a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The number of an item at `position` under a parent numbered `parentNumber` (null: top level). */
export const derivedNumber = (parentNumber: string | null, position: number) =>
  parentNumber === null ? String(position) : `${parentNumber.replace(/\.$/, '')}.${position}`;

/** The children of every parent (null: the top level), each list in agenda order. */
function childrenByParent<T extends Ranked>(items: readonly T[]): Map<string | null, T[]> {
  const children = new Map<string | null, T[]>();
  for (const item of items) {
    const siblings = children.get(parentOf(item));
    if (siblings) siblings.push(item);
    else children.set(parentOf(item), [item]);
  }
  for (const siblings of children.values()) siblings.sort(byRank);
  return children;
}

/** Depth-first: each item followed by its children, in agenda order. */
export function agendaTree<T extends Ranked>(items: readonly T[]): T[] {
  const children = childrenByParent(items);
  const walk = (parentId: string | null): T[] => (children.get(parentId) ?? []).flatMap((item) => [item, ...walk(item.id)]);
  return walk(null);
}
