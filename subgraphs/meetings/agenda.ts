import type { AgendaItem } from './entities/AgendaItem';

/*
 * An agenda as it is read: the order, the positions and the numbers all follow from the items'
 * ranks (sql.ts keeps those). Siblings sort by (rank, id); an item's position is its place among
 * its live siblings, from 1; its number is its own (`customNumber`) or its parent's number, a dot
 * and its position ("2.1").
 */

/** Where an item stands in its meeting's agenda. */
export interface Placement {
  position: number;
  number: string;
}

type Ranked = Pick<AgendaItem, 'id' | 'rank' | 'customNumber' | 'parent'>;

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

/** The positions and numbers of a whole agenda (the live items of one meeting). */
export function placements(items: readonly Ranked[]): Map<string, Placement> {
  const children = childrenByParent(items);
  const placed = new Map<string, Placement>();
  const walk = (parentId: string | null, parentNumber: string | null) =>
    children.get(parentId)?.forEach((item, index) => {
      const number = item.customNumber ?? derivedNumber(parentNumber, index + 1);
      placed.set(item.id, { position: index + 1, number });
      walk(item.id, number);
    });
  walk(null, null);
  return placed;
}

/** Placements by agenda: one agenda list (a loader's, per request) is placed once. */
const placed = new WeakMap<readonly Ranked[], Map<string, Placement>>();

/**
 * Where `item` stands in `agenda` (its meeting's live items). A removed item, which the live agenda
 * lacks, is placed where it stood among them.
 */
export function placementIn(agenda: readonly Ranked[], item: Ranked): Placement {
  let known = placed.get(agenda);
  if (!known) placed.set(agenda, (known = placements(agenda)));
  return (
    known.get(item.id) ?? placements([...agenda, item]).get(item.id) ?? { position: 1, number: item.customNumber ?? derivedNumber(null, 1) }
  );
}
