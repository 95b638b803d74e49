import { ArgsType, Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import { Cursor, DriverException, type EntityClass, type FilterQuery, type QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from './errors';
import { PublicRead } from './cache-control';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@PublicRead()
@ObjectType()
@Directive('@shareable')
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field()
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page forward: at most this many items (default ${DEFAULT_PAGE_SIZE}, max ${MAX_PAGE_SIZE}).`,
  })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Page backward: at most this many items before \`before\` (max ${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Only what changed at or after this time, oldest change first, deletions included as tombstones (`deleted: true`).',
  })
  changedSince?: Date | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @PublicRead()
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @PublicRead()
  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (Relay cursor connection).` })
  class Connection {
    @Field(() => [EdgeType])
    edges: Edge<T>[];

    @Field(() => [node], { description: 'The nodes of `edges`, for clients that do not need cursors.' })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    count: () => Promise<number>;

    @Field(() => Int, { description: 'How many items match the filters, over all pages.' })
    totalCount(): Promise<number> {
      return this.count();
    }
  }
  return Connection;
}

export interface ConnectionValue<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  count: () => Promise<number>;
}

/** Our cursors name the ordering they belong to, so a cursor from another list is refused. */
function encodeCursor(ordering: string, inner: string) {
  return Buffer.from(JSON.stringify([ordering, inner])).toString('base64url');
}

function decodeCursor(ordering: string, cursor: string, width: number, arg: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const valid =
    Array.isArray(parsed) &&
    parsed.length === 2 &&
    parsed[0] === ordering &&
    typeof parsed[1] === 'string' &&
    (() => {
      try {
        const values = Cursor.decode(parsed[1] as string);
        return (
          Array.isArray(values) &&
          values.length === width &&
          values.every((v) => v === null || v instanceof Date || ['string', 'number', 'boolean'].includes(typeof v))
        );
      } catch {
        return false;
      }
    })();
  if (!valid) throw badInput(`Malformed cursor in "${arg}": use a cursor this list returned.`, arg);
  return (parsed as [string, string])[1];
}

export interface Ordering {
  /** Names the ordering inside cursors. */
  name: string;
  orderBy: Record<string, 'asc' | 'desc'>;
}

function checkPageSize(value: number | null | undefined, arg: string) {
  if (value == null) return;
  if (!Number.isInteger(value) || value < 0) throw badInput(`"${arg}" must be a whole number of 0 or more.`, arg);
  if (value > MAX_PAGE_SIZE) throw badInput(`"${arg}" may be at most ${MAX_PAGE_SIZE}.`, arg);
}

/**
 * Keyset pagination (Relay `first`/`after`, `last`/`before`) over any hub entity. The ordering always
 * ends on the id, so pages are stable; a cursor holds the row's sort values, not its position, so a
 * cursor whose row was deleted since still works. With `changedSince` the list becomes a change feed.
 */
export async function paginate<T extends { id: string; updatedAt: Date }>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  args: PageArgs,
  ordering: Ordering,
): Promise<ConnectionValue<T>> {
  checkPageSize(args.first, 'first');
  checkPageSize(args.last, 'last');
  if (args.first != null && args.last != null) throw badInput('Pass either "first" or "last", not both.', 'first');
  if (args.after && args.last != null) throw badInput('"after" pages forward: use it with "first".', 'after');
  if (args.before && args.first != null) throw badInput('"before" pages backward: use it with "last".', 'before');

  const feed = args.changedSince != null;
  const order: Ordering = feed ? { name: 'changes', orderBy: { updatedAt: 'asc' } } : ordering;
  const orderBy = { ...order.orderBy, id: 'asc' as const };
  const width = Object.keys(orderBy).length;
  const filters = feed ? { live: false } : undefined;
  const fullWhere = (feed ? { $and: [where, { updatedAt: { $gte: args.changedSince } }] } : where) as FilterQuery<T>;
  const backward = args.last != null || (args.before != null && args.first == null);
  const size = backward ? (args.last ?? DEFAULT_PAGE_SIZE) : (args.first ?? DEFAULT_PAGE_SIZE);
  const after = args.after ? decodeCursor(order.name, args.after, width, 'after') : undefined;
  const before = args.before ? decodeCursor(order.name, args.before, width, 'before') : undefined;

  const count = () => em.count(entity, fullWhere, { filters });
  if (size === 0) {
    return { edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, count };
  }
  let page: Cursor<T, never, '*', never, false>;
  try {
    page = (await em.findByCursor(entity, fullWhere, {
      ...(backward ? { last: size, before } : { first: size, after }),
      orderBy: orderBy as QueryOrderMap<T>,
      includeCount: false,
      filters,
    })) as unknown as Cursor<T, never, '*', never, false>;
  } catch (error) {
    // a cursor is strictly parsed above; values that still do not fit the columns are the caller's
    if ((after || before) && (error instanceof DriverException || error instanceof TypeError || error instanceof RangeError)) {
      throw badInput('Malformed cursor: its values do not fit this list.', after ? 'after' : 'before');
    }
    throw error;
  }
  const nodes = [...page.items] as T[];
  const edges = nodes.map((node) => ({ node, cursor: encodeCursor(order.name, page.from(node as Parameters<typeof page.from>[0])) }));
  return {
    edges,
    nodes,
    pageInfo: {
      hasNextPage: page.hasNextPage,
      hasPreviousPage: page.hasPrevPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    count,
  };
}
