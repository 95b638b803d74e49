import { Migration } from '@mikro-orm/migrations';
import { foreignKeys } from '../../../shared/indexes';

/**
 * Funds, funding activities (IATI style) with participating organisations, budgets, transactions and
 * results. Cities and organisations of the cities subgraph are plain uuid columns, never foreign keys;
 * money is numeric(24,4), never a float. Every index and check is declared on the entities too.
 */
export class Migration20261122020000FundingInitial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "fund" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "slug" varchar(255) not null, "name" varchar(255) not null, "acronym" varchar(255) null, "managing_organisation_id" uuid null, "website" varchar(255) null, "description" jsonb null, constraint "fund_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "fund_deleted_at_index" on "fund" ("deleted_at");`);
    this.addSql(`alter table "fund" add constraint "fund_slug_unique" unique ("slug");`);
    this.addSql(`create index "fund_managing_organisation_id_index" on "fund" ("managing_organisation_id");`);
    this.addSql(`create index "fund_updated_at_id_index" on "fund" ("updated_at", "id");`);
    this.addSql(
      `create table "funding_activity" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "identifier" varchar(255) not null, "title" jsonb not null, "description" jsonb null, "status" text check ("status" in ('PIPELINE', 'IMPLEMENTATION', 'FINALISATION', 'CLOSED', 'CANCELLED', 'SUSPENDED')) not null default 'PIPELINE', "planned_start" date not null, "planned_end" date null, "actual_start" date null, "actual_end" date null, "start_date" date not null, "end_date" date null, "fund_id" uuid null, "pillar" text check ("pillar" in ('INFORMATION_EXCHANGE', 'FUNDING', 'CAPACITY_BUILDING', 'RELOCATION_PLEDGES')) null, "themes" text[] not null, "recipient_countries" text[] not null, "participating_city_ids" text[] not null, "recipient_city_ids" text[] not null, "default_currency" varchar(3) not null, "budget_total" numeric(24,4) not null default 0, "parent_id" uuid null, "published" boolean not null default false, "published_at" timestamptz(3) null, "illustrative" boolean not null default false, "data_note" text null, "contact" jsonb null, "search_text" text not null default '', constraint "funding_activity_pkey" primary key ("id"), constraint funding_activity_budget_total_check check ("budget_total" >= 0), constraint funding_activity_not_own_parent_check check ("parent_id" is null or "parent_id" <> "id"), constraint funding_activity_actual_dates_check check ("actual_end" is null or "actual_start" is null or "actual_end" >= "actual_start"), constraint funding_activity_planned_dates_check check ("planned_end" is null or "planned_end" >= "planned_start"));`,
    );
    this.addSql(`create index "funding_activity_deleted_at_index" on "funding_activity" ("deleted_at");`);
    this.addSql(`create index "funding_activity_status_index" on "funding_activity" ("status");`);
    this.addSql(`create index "funding_activity_fund_id_index" on "funding_activity" ("fund_id");`);
    this.addSql(`create index "funding_activity_pillar_index" on "funding_activity" ("pillar");`);
    this.addSql(`create index "funding_activity_parent_id_index" on "funding_activity" ("parent_id");`);
    this.addSql(`create index "funding_activity_updated_at_id_index" on "funding_activity" ("updated_at", "id");`);
    this.addSql(`create index "funding_activity_recipient_city_ids_gin" on "funding_activity" using gin ("recipient_city_ids");`);
    this.addSql(`create index "funding_activity_participating_city_ids_gin" on "funding_activity" using gin ("participating_city_ids");`);
    this.addSql(`create index "funding_activity_recipient_countries_gin" on "funding_activity" using gin ("recipient_countries");`);
    this.addSql(`create index "funding_activity_themes_gin" on "funding_activity" using gin ("themes");`);
    this.addSql(`create index "funding_activity_budget_total_id_index" on "funding_activity" ("budget_total", "id");`);
    this.addSql(`create index "funding_activity_start_date_id_index" on "funding_activity" ("start_date", "id");`);
    this.addSql(
      `create unique index "funding_activity_identifier_live_unique" on "funding_activity" ("identifier") where "deleted_at" is null;`,
    );
    this.addSql(
      `create table "budget" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "activity_id" uuid not null, "type" text check ("type" in ('ORIGINAL', 'REVISED')) not null default 'ORIGINAL', "status" text check ("status" in ('INDICATIVE', 'COMMITTED')) not null default 'INDICATIVE', "period_start" date not null, "period_end" date not null, "amount" numeric(24,4) not null, "currency" varchar(3) not null, "value_date" date null, constraint "budget_pkey" primary key ("id"), constraint budget_period_check check ("period_end" >= "period_start"), constraint budget_amount_check check ("amount" >= 0));`,
    );
    this.addSql(`create index "budget_deleted_at_index" on "budget" ("deleted_at");`);
    this.addSql(`create index "budget_activity_id_index" on "budget" ("activity_id");`);
    this.addSql(`create index "budget_updated_at_id_index" on "budget" ("updated_at", "id");`);
    this.addSql(
      `create table "participation" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "activity_id" uuid not null, "organisation_id" uuid not null, "role" text check ("role" in ('FUNDING', 'ACCOUNTABLE', 'EXTENDING', 'IMPLEMENTING')) not null, constraint "participation_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "participation_deleted_at_index" on "participation" ("deleted_at");`);
    this.addSql(`create index "participation_activity_id_index" on "participation" ("activity_id");`);
    this.addSql(`create index "participation_organisation_id_index" on "participation" ("organisation_id");`);
    this.addSql(`create index "participation_updated_at_id_index" on "participation" ("updated_at", "id");`);
    this.addSql(
      `create unique index "participation_activity_organisation_role_live_unique" on "participation" ("activity_id", "organisation_id", "role") where "deleted_at" is null;`,
    );
    this.addSql(
      `create table "result" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "activity_id" uuid not null, "type" text check ("type" in ('OUTPUT', 'OUTCOME', 'IMPACT')) not null default 'OUTPUT', "indicator" jsonb not null, "unit" varchar(255) null, "baseline_year" int null, "baseline" numeric(24,4) null, "periods" jsonb not null, constraint "result_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "result_deleted_at_index" on "result" ("deleted_at");`);
    this.addSql(`create index "result_activity_id_index" on "result" ("activity_id");`);
    this.addSql(`create index "result_updated_at_id_index" on "result" ("updated_at", "id");`);
    this.addSql(
      `create table "activity_transaction" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "activity_id" uuid not null, "type" text check ("type" in ('INCOMING_FUNDS', 'INCOMING_COMMITMENT', 'OUTGOING_COMMITMENT', 'DISBURSEMENT', 'EXPENDITURE', 'INCOMING_PLEDGE', 'OUTGOING_PLEDGE')) not null, "transaction_date" date not null, "amount" numeric(24,4) not null, "currency" varchar(3) not null, "value_date" date null, "provider_organisation_id" uuid null, "receiver_organisation_id" uuid null, "description" text null, constraint "activity_transaction_pkey" primary key ("id"), constraint activity_transaction_amount_check check ("amount" >= 0));`,
    );
    this.addSql(`create index "activity_transaction_deleted_at_index" on "activity_transaction" ("deleted_at");`);
    this.addSql(`create index "activity_transaction_activity_id_index" on "activity_transaction" ("activity_id");`);
    this.addSql(`create index "activity_transaction_updated_at_id_index" on "activity_transaction" ("updated_at", "id");`);
    this.addSql(
      `create index "activity_transaction_activity_id_type_currency_index" on "activity_transaction" ("activity_id", "type", "currency");`,
    );
    for (const sql of foreignKeys({
      funding_activity: { fund_id: ['fund', 'set null'], parent_id: ['funding_activity', 'set null'] },
      budget: { activity_id: 'funding_activity' },
      participation: { activity_id: 'funding_activity' },
      result: { activity_id: 'funding_activity' },
      activity_transaction: { activity_id: 'funding_activity' },
    }))
      this.addSql(sql);
  }
}
