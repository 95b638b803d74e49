import type { FilterQuery } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FundingActivity } from './entities/FundingActivity';

/** A piece of SQL with its `?` bindings. */
export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

export interface CurrencyTotalsRow {
  activity_id?: string;
  currency: string;
  /** null: nothing of the kind recorded in the currency (unknown, not 0). */
  budgeted: string | null;
  committed: string | null;
  disbursed: string | null;
  spent: string | null;
  pledged: string | null;
  received: string | null;
}

const kindList = (kinds: string[]) => kinds.map((k) => `'${k}'`).join(', ');
/** The total of some kinds, or null when no budget or transaction of those kinds is recorded. */
const kindSum = (kinds: string[]) =>
  `case when sum(x.entries) filter (where x.kind in (${kindList(kinds)})) > 0 then (sum(x.amount) filter (where x.kind in (${kindList(kinds)})))::text end`;
const TOTALS = `x.currency, ${kindSum(['BUDGET'])} as budgeted, ${kindSum(['OUTGOING_COMMITMENT'])} as committed,
  ${kindSum(['DISBURSEMENT'])} as disbursed, ${kindSum(['EXPENDITURE'])} as spent,
  ${kindSum(['OUTGOING_PLEDGE', 'INCOMING_PLEDGE'])} as pledged, ${kindSum(['INCOMING_FUNDS'])} as received`;

/**
 * Budget and transaction totals per currency (and per activity when `perActivity`), summed in
 * numeric by Postgres. An original budget is left out when a revised budget covers the same period.
 * A total of a kind with no row is null (sum over nothing): unknown, never 0.
 */
export async function currencyTotalsSql(em: EntityManager, ids: SqlFragment, perActivity: boolean): Promise<CurrencyTotalsRow[]> {
  const group = perActivity ? 'x.activity_id, ' : '';
  const sql = `with x as (
      select b.activity_id, b.currency, b.amount, 1 as entries, 'BUDGET' as kind from budget b
      where b.deleted_at is null and b.activity_id in (${ids.sql})
        and not (b.type = 'ORIGINAL' and exists (
          select 1 from budget r where r.activity_id = b.activity_id and r.deleted_at is null and r.type = 'REVISED'
            and r.period_start = b.period_start and r.period_end = b.period_end and r.currency = b.currency))
      union all
      select t.activity_id, t.currency, t.amount, 1 as entries, t.type as kind from activity_transaction t
      where t.deleted_at is null and t.activity_id in (${ids.sql})
    )
    select ${group}${TOTALS}
    from x group by ${group}x.currency order by ${group}x.currency`;
  return em.getConnection().execute(sql, [...ids.bindings, ...ids.bindings], 'all', em.getTransactionContext());
}

/** The parts of the funding aggregates a request may ask for. */
export type AggregatePart = 'count' | 'totals' | 'status' | 'pillar' | 'themes' | 'recipient_countries';

/** The parts counted per dimension, by the prefix of that dimension in the rollups. */
const DIMENSION_OF: Partial<Record<AggregatePart, string>> = { pillar: 'pillar:', themes: 'theme:', recipient_countries: 'country:' };

/**
 * What the totals kept as rollups (migration FundingRollups) are asked: one dimension (`all:` or a
 * fund, pillar, theme, country or city), the statuses (null: any), the published flags the caller
 * sees in the rollups, and whether the caller's own drafts are added from their entries.
 */
export interface RollupScope {
  dim: string;
  statuses: string[] | null;
  published: boolean[];
  ownDrafts: boolean;
}

const countsJson = (rows: string) =>
  `(select coalesce(json_agg(json_build_object('key', s.key, 'count', s.count) order by s.count desc, s.key), '[]') from (${rows}) s)`;

/** The live activities matching `where`, as SQL with bindings. */
function matchingSql(em: EntityManager, where: FilterQuery<FundingActivity>) {
  const qb = em
    .createQueryBuilder(FundingActivity, 'a')
    .select(['a.id', 'a.status', 'a.pillar', 'a.themes', 'a.recipient_countries'])
    .where({ $and: [{ deletedAt: null }, where] });
  return qb.getKnexQuery().toSQL();
}

/**
 * The asked parts over the activities matching `where`: reads the matching activities once (a
 * materialized CTE), joins their budgets and transactions once, and aggregates each part from there.
 */
function scanSql(em: EntityManager, where: FilterQuery<FundingActivity>, wanted: AggregatePart[]): SqlFragment {
  const { sql: rowsSql, bindings } = matchingSql(em, where);
  const countsBy = (column: string) => {
    const source =
      column === 'status' || column === 'pillar' ? `m.${column} as key from m` : `k.key from m cross join unnest(m.${column}) as k(key)`;
    return countsJson(`select key, count(*)::int as count from (select ${source}) u where key is not null group by key`);
  };
  const columns: Record<AggregatePart, string> = {
    count: '(select count(*)::int from m)',
    totals: `(select coalesce(json_agg(t order by t.currency), '[]') from (select ${TOTALS} from x group by x.currency) t)`,
    status: countsBy('status'),
    pillar: countsBy('pillar'),
    themes: countsBy('themes'),
    recipient_countries: countsBy('recipient_countries'),
  };
  const sql = `with m as materialized (${rowsSql}),
    x as (
      select b.currency, b.amount, 1 as entries, 'BUDGET' as kind from budget b join m on m.id = b.activity_id
      where b.deleted_at is null
        and not (b.type = 'ORIGINAL' and exists (
          select 1 from budget r where r.activity_id = b.activity_id and r.deleted_at is null and r.type = 'REVISED'
            and r.period_start = b.period_start and r.period_end = b.period_end and r.currency = b.currency))
      union all
      select t.currency, t.amount, 1 as entries, t.type as kind from activity_transaction t join m on m.id = t.activity_id
      where t.deleted_at is null
    )
    select ${wanted.map((part) => `${columns[part]} as "${part}"`).join(', ')}`;
  return { sql, bindings: [...bindings] };
}

/**
 * The asked parts from the rollups: the sums kept per dimension, status and published flag, plus,
 * for a caller who takes part in drafts, the rollup entries of those drafts (a few rows of theirs).
 */
function rollupSql(em: EntityManager, where: FilterQuery<FundingActivity>, scope: RollupScope, wanted: AggregatePart[]): SqlFragment {
  const prefixes = wanted.map((part) => DIMENSION_OF[part]).filter((prefix): prefix is string => prefix != null);
  const dimIn = (column: string) => `(${column} = ? ${prefixes.map(() => `or ${column} like ?`).join(' ')})`;
  const dimBindings = [scope.dim, ...prefixes.map((prefix) => `${prefix}%`)];
  const statusIn = scope.statuses ? `and r.status in (?)` : '';
  // knex spreads an array binding into a list: `in (?)` takes one, and an empty list is no row
  const publishedIn = scope.published.length > 0 ? 'r.published in (?)' : 'false';
  const statusBindings = scope.statuses ? [scope.statuses] : [];
  const drafts = scope.ownDrafts ? matchingSql(em, { $and: [where, { published: false }] }) : null;
  const perDimension = (part: AggregatePart) => {
    const prefix = DIMENSION_OF[part]!;
    return countsJson(`select substr(x.dim, ${prefix.length + 1}) collate "default" as key, sum(x.entries)::int as count from x
      where x.dim like '${prefix}%' and x.kind = 'ACTIVITY' group by x.dim having sum(x.entries) > 0`);
  };
  const columns: Record<AggregatePart, string> = {
    count: `(select coalesce(sum(x.entries), 0)::int from x where x.dim = ? and x.kind = 'ACTIVITY')`,
    totals: `(select coalesce(json_agg(t order by t.currency), '[]') from (select ${TOTALS} from x
      where x.dim = ? and x.kind <> 'ACTIVITY' group by x.currency having sum(x.entries) > 0) t)`,
    status: countsJson(`select x.status as key, sum(x.entries)::int as count from x
      where x.dim = ? and x.kind = 'ACTIVITY' group by x.status having sum(x.entries) > 0`),
    pillar: perDimension('pillar'),
    themes: perDimension('themes'),
    recipient_countries: perDimension('recipient_countries'),
  };
  const sql = `with ${drafts ? `m as materialized (${drafts.sql}), ` : ''}x as (
      select r.dim, r.status, r.currency, r.kind, r.amount, r.entries from funding_rollup r
      where ${dimIn('r.dim')} and ${publishedIn} ${statusIn}
      ${
        drafts
          ? `union all
      select d.dim, e.status, e.currency, e.kind, e.amount, e.entries from funding_rollup_entry e
        join m on m.id = e.activity_id cross join unnest(e.dims) d(dim) where ${dimIn('d.dim')}`
          : ''
      }
    )
    select ${wanted.map((part) => `${columns[part]} as "${part}"`).join(', ')}`;
  const partBindings = wanted.flatMap((part) => (part === 'count' || part === 'totals' || part === 'status' ? [scope.dim] : []));
  return {
    sql,
    bindings: [
      ...(drafts ? drafts.bindings : []),
      ...dimBindings,
      ...(scope.published.length > 0 ? [scope.published] : []),
      ...statusBindings,
      ...(drafts ? dimBindings : []),
      ...partBindings,
    ],
  };
}

/**
 * All the aggregates a request asks for over the activities matching `where`, in ONE statement. The
 * parts are collected with a DataLoader: sibling fields (`activityCount`, `totals`, `byStatus`, …)
 * resolve in the same tick, so their loads batch into that one statement; parts nobody asked for are
 * not computed. The rollups answer when `scope` allows (no filter, or one dimension; a count per
 * pillar, theme or country only without one); otherwise the statement sums the matching activities.
 */
export function aggregatesLoader(
  em: EntityManager,
  where: FilterQuery<FundingActivity>,
  scope: RollupScope | null,
): DataLoader<AggregatePart, unknown> {
  return new DataLoader<AggregatePart, unknown>(
    async (parts) => {
      const wanted = [...new Set(parts)];
      const fromRollups = scope != null && (scope.dim === 'all:' || wanted.every((part) => DIMENSION_OF[part] == null));
      const { sql, bindings } = fromRollups ? rollupSql(em, where, scope, wanted) : scanSql(em, where, wanted);
      const [row] = await em.getConnection().execute(sql, bindings, 'all', em.getTransactionContext());
      return parts.map((part) => row[part]);
    },
    { cache: true },
  );
}
