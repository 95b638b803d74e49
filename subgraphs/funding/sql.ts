import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FundingActivity } from './entities/FundingActivity';

/** A piece of SQL with its `?` bindings. */
export interface SqlFragment {
  sql: string;
  bindings: unknown[];
}

/**
 * The ids of the live activities matching `where`, as a sub-query: the same FilterQuery that pages
 * the Relay list also feeds the aggregates, so the totals always cover exactly the listed activities.
 */
export function activityIdsSql(em: EntityManager, where: FilterQuery<FundingActivity>): SqlFragment {
  const qb = em.createQueryBuilder(FundingActivity, 'a').select('a.id').where({ $and: [{ deletedAt: null }, where] } as never);
  const { sql, bindings } = qb.getKnexQuery().toSQL();
  return { sql, bindings: [...bindings] };
}

export interface CurrencyTotalsRow {
  activity_id?: string;
  currency: string;
  budgeted: string;
  committed: string;
  disbursed: string;
  spent: string;
  pledged: string;
  received: string;
}

/**
 * Budget and transaction totals per currency (and per activity when `perActivity`), summed in
 * numeric by Postgres. An original budget is left out when a revised budget covers the same period.
 */
export async function currencyTotalsSql(em: EntityManager, ids: SqlFragment, perActivity: boolean): Promise<CurrencyTotalsRow[]> {
  const group = perActivity ? 'x.activity_id, ' : '';
  const sum = (kinds: string[]) => `coalesce(sum(x.amount) filter (where x.kind in (${kinds.map((k) => `'${k}'`).join(', ')})), 0)::text`;
  const sql = `with x as (
      select b.activity_id, b.currency, b.amount, 'BUDGET' as kind from budget b
      where b.deleted_at is null and b.activity_id in (${ids.sql})
        and not (b.type = 'ORIGINAL' and exists (
          select 1 from budget r where r.activity_id = b.activity_id and r.deleted_at is null and r.type = 'REVISED'
            and r.period_start = b.period_start and r.period_end = b.period_end and r.currency = b.currency))
      union all
      select t.activity_id, t.currency, t.amount, t.type as kind from activity_transaction t
      where t.deleted_at is null and t.activity_id in (${ids.sql})
    )
    select ${group}x.currency,
      ${sum(['BUDGET'])} as budgeted,
      ${sum(['OUTGOING_COMMITMENT'])} as committed,
      ${sum(['DISBURSEMENT'])} as disbursed,
      ${sum(['EXPENDITURE'])} as spent,
      ${sum(['OUTGOING_PLEDGE', 'INCOMING_PLEDGE'])} as pledged,
      ${sum(['INCOMING_FUNDS'])} as received
    from x group by ${group}x.currency order by ${group}x.currency`;
  return em.getConnection().execute(sql, [...ids.bindings, ...ids.bindings], 'all', em.getTransactionContext());
}

/** How many matching activities there are per value of a column (`unnest` for array columns). */
export async function countsBySql(
  em: EntityManager,
  ids: SqlFragment,
  column: 'status' | 'pillar' | 'themes' | 'recipient_countries',
): Promise<{ key: string; count: number }[]> {
  const scalar = column === 'status' || column === 'pillar';
  const source = scalar ? `a.${column} as key from funding_activity a` : `k.key from funding_activity a cross join unnest(a.${column}) as k(key)`;
  const sql = `select key, count(*)::int as count from (select ${source} where a.id in (${ids.sql})) s where key is not null group by key order by count(*) desc, key`;
  return em.getConnection().execute(sql, ids.bindings, 'all', em.getTransactionContext());
}

export async function countSql(em: EntityManager, ids: SqlFragment): Promise<number> {
  const rows = await em.getConnection().execute(`select count(*)::int as count from (${ids.sql}) s`, ids.bindings, 'all', em.getTransactionContext());
  return rows[0].count;
}

/**
 * Keeps each activity's budget total (in its default currency, revised budgets replacing originals)
 * for sorting by amount; computed by Postgres in numeric. A changed total is a change of the
 * activity: its updated_at and version move, so the change feed and optimistic locking see it.
 */
export async function refreshBudgetTotals(em: EntityManager, activityIds: string[] | null) {
  if (activityIds && activityIds.length === 0) return;
  const sql = `update funding_activity a set budget_total = s.total, updated_at = now(), version = a.version + 1
    from (
      select x.id, coalesce((
        select sum(b.amount) from budget b
        where b.activity_id = x.id and b.deleted_at is null and b.currency = x.default_currency
          and not (b.type = 'ORIGINAL' and exists (
            select 1 from budget r where r.activity_id = b.activity_id and r.deleted_at is null and r.type = 'REVISED'
              and r.period_start = b.period_start and r.period_end = b.period_end and r.currency = b.currency))
      ), 0) as total
      from funding_activity x${activityIds ? ' where x.id in (?)' : ''}
    ) s
    where a.id = s.id and a.budget_total is distinct from s.total`;
  await em.getConnection().execute(sql, activityIds ? [activityIds] : [], 'run', em.getTransactionContext());
}
