import { Migration } from '@mikro-orm/migrations';

/** Webhooks (shared/webhooks.ts): registrations, the outbox written with each change, deliveries and their attempts. */
export class Migration20261202123500PeerReviewsWebhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhook_attempt" ("id" uuid not null, "delivery_id" uuid not null, "number" int not null, "at" timestamptz(3) not null, "status_code" int null, "error" text null, "duration_ms" int not null, constraint "webhook_attempt_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_attempt_delivery_id_number_index" on "webhook_attempt" ("delivery_id", "number");`);
    this.addSql(
      `create table "webhook_delivery" ("id" uuid not null, "event_id" uuid not null, "subscription_id" uuid not null, "event_type" varchar(255) not null, "status" varchar(255) not null default 'PENDING', "attempt_count" int not null default 0, "next_attempt_at" timestamptz(3) null, "delivered_at" timestamptz(3) null, "created_at" timestamptz(3) not null, "payload" text not null, constraint "webhook_delivery_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_delivery_subscription_id_created_at_index" on "webhook_delivery" ("subscription_id", "created_at");`,
    );
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`);
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_event_id_subscription_id_unique" unique ("event_id", "subscription_id");`,
    );
    this.addSql(
      `create table "webhook_event" ("id" uuid not null, "type" varchar(255) not null, "data" jsonb not null, "occurred_at" timestamptz(3) not null, "dispatched_at" timestamptz(3) null, constraint "webhook_event_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_event_dispatched_at_occurred_at_index" on "webhook_event" ("dispatched_at", "occurred_at");`);
    this.addSql(
      `create table "webhook_subscription" ("id" uuid not null, "owner_city_id" uuid null, "owner_organisation_id" uuid null, "url" text not null, "event_types" text[] not null, "secret" text not null, "active" boolean not null default true, "created_at" timestamptz(3) not null, "created_by" varchar(255) null, constraint "webhook_subscription_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_subscription_owner_city_id_index" on "webhook_subscription" ("owner_city_id");`);
    this.addSql(`create index "webhook_subscription_owner_organisation_id_index" on "webhook_subscription" ("owner_organisation_id");`);
  }
}
