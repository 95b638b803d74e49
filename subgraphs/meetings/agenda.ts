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

/** The items of every parent (null: the top level), in the order given. */
function childrenOf<T>(items: readonly T[], parentOf: (item: T) => string | null): Map<string | null, T[]> {
  const children = new Map<string | null, T[]>();
  for (const item of items) {
    const siblings = children.get(parentOf(item));
    if (siblings) siblings.push(item);
    else children.set(parentOf(item), [item]);
  }
  return children;
}

/** Depth-first: each item followed by its children, in agenda order. */
export function agendaTree<T extends Ranked>(items: readonly T[]): T[] {
  const children = childrenOf([...items].sort(byRank), parentOf);
  const walk = (parentId: string | null): T[] => (children.get(parentId) ?? []).flatMap((item) => [item, ...walk(item.id)]);
  return walk(null);
}

/** An item's place among its siblings and its own number, as SQL ranks them (sql.ts). */
export interface PlacedRow {
  id: string;
  parentId: string | null;
  customNumber: string | null;
  position: number;
}

/** The placements of whole agendas: each item numbered after its parent, from the top level down. */
export function numberedAgenda(rows: readonly PlacedRow[]): Map<string, Placement> {
  const children = childrenOf(rows, (row) => row.parentId);
  const placed = new Map<string, Placement>();
  const walk = (parentId: string | null, parentNumber: string | null) =>
    children.get(parentId)?.forEach((row) => {
      const number = row.customNumber ?? derivedNumber(parentNumber, row.position);
      placed.set(row.id, { position: row.position, number });
      walk(row.id, number);
    });
  walk(null, null);
  return placed;
}
