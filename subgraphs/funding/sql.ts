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

/**
 * Budget and transaction totals per currency (and per activity when `perActivity`), summed in
 * numeric by Postgres. An original budget is left out when a revised budget covers the same period.
 * A total of a kind with no row is null (sum over nothing): unknown, never 0.
 */
export async function currencyTotalsSql(em: EntityManager, ids: SqlFragment, perActivity: boolean): Promise<CurrencyTotalsRow[]> {
  const group = perActivity ? 'x.activity_id, ' : '';
  const sum = (kinds: string[]) => `(sum(x.amount) filter (where x.kind in (${kinds.map((k) => `'${k}'`).join(', ')})))::text`;
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

/** The parts of the funding aggregates a request may ask for. */
export type AggregatePart = 'count' | 'totals' | 'status' | 'pillar' | 'themes' | 'recipient_countries';

/**
 * All the aggregates a request asks for over the activities matching `where`, in ONE statement
 * that reads the matching activities once (a materialized CTE), joins their budgets and
 * transactions once, and aggregates each asked part from there. The parts are collected with a
 * DataLoader: sibling fields (`activityCount`, `totals`, `byStatus`, …) resolve in the same tick,
 * so their loads batch into that one statement; parts nobody asked for are not computed.
 */
export function aggregatesLoader(em: EntityManager, where: FilterQuery<FundingActivity>): DataLoader<AggregatePart, unknown> {
  return new DataLoader<AggregatePart, unknown>(
    async (parts) => {
      const live: FilterQuery<FundingActivity> = { $and: [{ deletedAt: null }, where] };
      const qb = em
        .createQueryBuilder(FundingActivity, 'a')
        .select(['a.id', 'a.status', 'a.pillar', 'a.themes', 'a.recipient_countries'])
        .where(live);
      const { sql: rowsSql, bindings } = qb.getKnexQuery().toSQL();
      const wanted = new Set(parts);
      const sum = (kinds: string[]) => `(sum(x.amount) filter (where x.kind in (${kinds.map((k) => `'${k}'`).join(', ')})))::text`;
      const countsBy = (column: string) => {
        const source =
          column === 'status' || column === 'pillar'
            ? `m.${column} as key from m`
            : `k.key from m cross join unnest(m.${column}) as k(key)`;
        return `(select coalesce(json_agg(json_build_object('key', s.key, 'count', s.count) order by s.count desc, s.key), '[]')
          from (select key, count(*)::int as count from (select ${source}) u where key is not null group by key) s)`;
      };
      const columns: Record<AggregatePart, string> = {
        count: '(select count(*)::int from m)',
        totals: `(select coalesce(json_agg(t order by t.currency), '[]') from (
            select x.currency, ${sum(['BUDGET'])} as budgeted, ${sum(['OUTGOING_COMMITMENT'])} as committed,
              ${sum(['DISBURSEMENT'])} as disbursed, ${sum(['EXPENDITURE'])} as spent,
              ${sum(['OUTGOING_PLEDGE', 'INCOMING_PLEDGE'])} as pledged, ${sum(['INCOMING_FUNDS'])} as received
            from x group by x.currency) t)`,
        status: countsBy('status'),
        pillar: countsBy('pillar'),
        themes: countsBy('themes'),
        recipient_countries: countsBy('recipient_countries'),
      };
      const sql = `with m as materialized (${rowsSql}),
        x as (
          select b.currency, b.amount, 'BUDGET' as kind from budget b join m on m.id = b.activity_id
          where b.deleted_at is null
            and not (b.type = 'ORIGINAL' and exists (
              select 1 from budget r where r.activity_id = b.activity_id and r.deleted_at is null and r.type = 'REVISED'
                and r.period_start = b.period_start and r.period_end = b.period_end and r.currency = b.currency))
          union all
          select t.currency, t.amount, t.type as kind from activity_transaction t join m on m.id = t.activity_id
          where t.deleted_at is null
        )
        select ${[...wanted].map((part) => `${columns[part]} as "${part}"`).join(', ')}`;
      const [row] = await em.getConnection().execute(sql, [...bindings], 'all', em.getTransactionContext());
      return parts.map((part) => row[part]);
    },
    { cache: true },
  );
}
