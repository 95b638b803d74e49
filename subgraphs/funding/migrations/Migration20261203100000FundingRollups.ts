import { Migration } from '@mikro-orm/migrations';

/**
 * Funding totals kept as rollups by the database, in the same transaction as the write, so that the
 * network-wide totals and counts read a few hundred rows instead of every activity, budget and
 * transaction (a million activities took 3 s to sum).
 *
 * - `funding_rollup_entry`: what each live activity adds: one `ACTIVITY` row (entries 1) and, per
 *   currency, its budget (an original budget left out where a revised one covers the same period)
 *   and its transactions by type, with the status, published flag and dimensions it was counted under.
 * - `funding_rollup`: the sums of the entries per dimension (`all:`, `fund:<id>`, `pillar:<P>`,
 *   `theme:<T>`, `country:<C>`, `city:<id>`), status, published flag, currency and kind.
 *
 * Statement triggers on activities, budgets and transactions recompute the entries of the activities
 * a statement touched and queue the difference in a temporary table of the session; one deferred
 * trigger adds the queue to the rollup at commit, in key order, so that concurrent writers lock
 * rollup rows last and in the same order (no deadlock). Rows that do not change are not rewritten.
 * The tables have no entities: the ORM never writes them (`*_rollup*` is skipped by the schema
 * generator, see shared/database.ts). The aggregates read them in subgraphs/funding/sql.ts.
 */
export class Migration20261203100000FundingRollups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "funding_rollup_entry" (
      "activity_id" uuid not null, "currency" text not null, "kind" text not null,
      "status" text not null, "published" boolean not null, "dims" text[] not null,
      "amount" numeric not null, "entries" int not null,
      constraint "funding_rollup_entry_pkey" primary key ("activity_id", "currency", "kind"));`);
    this.addSql(`create table "funding_rollup" (
      "dim" text collate "C" not null, "status" text not null, "published" boolean not null, "currency" text not null, "kind" text not null,
      "amount" numeric not null, "entries" bigint not null,
      constraint "funding_rollup_pkey" primary key ("dim", "status", "published", "currency", "kind"));`);

    // the queue is per session and per transaction (temporary, emptied at commit): nothing of it
    // stays behind in the data files, also where no autovacuum runs (the embedded database)
    this.addSql(`create function funding_rollup_refresh(ids uuid[]) returns void language plpgsql as $$
begin
  if cardinality(ids) = 0 then
    return;
  end if;
  if to_regclass('pg_temp.funding_rollup_pending') is null then
    create temp table funding_rollup_pending (
      dim text collate "C" not null, status text not null, published boolean not null, currency text not null, kind text not null,
      amount numeric not null, entries bigint not null) on commit delete rows;
    create temp table funding_rollup_fresh (like funding_rollup_entry) on commit delete rows;
    create temp table funding_rollup_queue (queued boolean not null default true) on commit delete rows;
    create constraint trigger funding_rollup_apply after insert on pg_temp.funding_rollup_queue
      deferrable initially deferred for each row execute function funding_rollup_apply();
  end if;

  -- writers of the same activity take turns here: each then reads what the one before committed
  perform 1 from funding_activity where id = any(ids) order by id for update;

  -- what the activities add now
  delete from pg_temp.funding_rollup_fresh;
  insert into pg_temp.funding_rollup_fresh (activity_id, currency, kind, status, published, dims, amount, entries)
  select a.id, x.currency, x.kind, a.status, a.published,
    array_remove(array['all:', 'fund:' || a.fund_id::text, 'pillar:' || a.pillar], null)
      || array(select distinct 'theme:' || t from unnest(a.themes) t)
      || array(select distinct 'country:' || c from unnest(a.recipient_countries) c)
      || array(select distinct 'city:' || c from unnest(a.participating_city_ids || a.recipient_city_ids) c),
    x.amount, x.entries
  from funding_activity a
  cross join lateral (
    select '' as currency, 'ACTIVITY' as kind, 0::numeric as amount, 1 as entries
    union all
    select b.currency, 'BUDGET', sum(b.amount), count(*)::int from budget b
    where b.activity_id = a.id and b.deleted_at is null
      and not (b.type = 'ORIGINAL' and exists (
        select 1 from budget r where r.activity_id = b.activity_id and r.deleted_at is null and r.type = 'REVISED'
          and r.period_start = b.period_start and r.period_end = b.period_end and r.currency = b.currency))
    group by b.currency
    union all
    select t.currency, t.type, sum(t.amount), count(*)::int from activity_transaction t
    where t.activity_id = a.id and t.deleted_at is null
    group by t.currency, t.type
  ) x
  where a.id = any(ids) and a.deleted_at is null;

  -- queued: minus what they added before, plus what they add now (apply drops what nets out)
  insert into pg_temp.funding_rollup_pending (dim, status, published, currency, kind, amount, entries)
  select d.dim, o.status, o.published, o.currency, o.kind, -o.amount, -o.entries
  from funding_rollup_entry o cross join unnest(o.dims) d(dim) where o.activity_id = any(ids)
  union all
  select d.dim, n.status, n.published, n.currency, n.kind, n.amount, n.entries
  from pg_temp.funding_rollup_fresh n cross join unnest(n.dims) d(dim);

  -- the entries changed in place: unchanged rows are not rewritten
  delete from funding_rollup_entry e where e.activity_id = any(ids)
    and not exists (select 1 from pg_temp.funding_rollup_fresh n
      where n.activity_id = e.activity_id and n.currency = e.currency and n.kind = e.kind);
  insert into funding_rollup_entry as e select * from pg_temp.funding_rollup_fresh
  on conflict (activity_id, currency, kind) do update
    set status = excluded.status, published = excluded.published, dims = excluded.dims, amount = excluded.amount, entries = excluded.entries
    where (e.status, e.published, e.dims, e.amount, e.entries)
      is distinct from (excluded.status, excluded.published, excluded.dims, excluded.amount, excluded.entries);

  -- once per transaction: the deferred trigger on the queue adds what is pending at commit
  if not exists (select 1 from pg_temp.funding_rollup_queue) then
    insert into pg_temp.funding_rollup_queue default values;
  end if;
end $$;`);

    this.addSql(`create function funding_rollup_apply() returns trigger language plpgsql as $$
begin
  with d as (delete from pg_temp.funding_rollup_pending returning *)
  insert into funding_rollup as r (dim, status, published, currency, kind, amount, entries)
  select dim, status, published, currency, kind, sum(amount), sum(entries) from d
  group by dim, status, published, currency, kind
  having sum(amount) <> 0 or sum(entries) <> 0
  order by dim, status, published, currency, kind
  on conflict (dim, status, published, currency, kind)
    do update set amount = r.amount + excluded.amount, entries = r.entries + excluded.entries;
  delete from pg_temp.funding_rollup_queue;
  return null;
end $$;`);

    this.addSql(`create function funding_rollup_activity_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform funding_rollup_refresh(array(select id from new_rows));
  elsif tg_op = 'DELETE' then
    perform funding_rollup_refresh(array(select id from old_rows));
  else
    perform funding_rollup_refresh(array(
      select n.id from new_rows n join old_rows o on o.id = n.id
      where (o.status, o.published, o.deleted_at, o.fund_id, o.pillar, o.themes, o.recipient_countries,
          o.participating_city_ids, o.recipient_city_ids)
        is distinct from (n.status, n.published, n.deleted_at, n.fund_id, n.pillar, n.themes, n.recipient_countries,
          n.participating_city_ids, n.recipient_city_ids)));
  end if;
  return null;
end $$;`);
    this.addSql(`create function funding_rollup_part_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    perform funding_rollup_refresh(array(select distinct activity_id from new_rows));
  elsif tg_op = 'DELETE' then
    perform funding_rollup_refresh(array(select distinct activity_id from old_rows));
  else
    perform funding_rollup_refresh(array(select activity_id from new_rows union select activity_id from old_rows));
  end if;
  return null;
end $$;`);
    for (const [table, fn] of [
      ['funding_activity', 'funding_rollup_activity_changed'],
      ['budget', 'funding_rollup_part_changed'],
      ['activity_transaction', 'funding_rollup_part_changed'],
    ]) {
      this.addSql(`create trigger ${table}_rollup_insert after insert on "${table}" referencing new table as new_rows
        for each statement execute function ${fn}();`);
      this.addSql(`create trigger ${table}_rollup_update after update on "${table}" referencing old table as old_rows new table as new_rows
        for each statement execute function ${fn}();`);
      this.addSql(`create trigger ${table}_rollup_delete after delete on "${table}" referencing old table as old_rows
        for each statement execute function ${fn}();`);
    }
    // the activities already there
    this.addSql(`select funding_rollup_refresh(array(select id from funding_activity));`);
  }
}
