import { Migration } from '@mikro-orm/migrations';

/** The version history (shared/history.ts): one row per change of a versioned record, newest read first by root. */
export class Migration20261202122000FundingHistory extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "record_version" ("id" uuid not null, "root_type" varchar(255) not null, "root_id" uuid not null, "record_type" varchar(255) not null, "record_id" uuid not null, "event" varchar(255) not null, "record_version" int not null, "actor_subject" varchar(255) null, "actor_name" varchar(255) null, "at" timestamptz(3) not null, "changes" jsonb not null, "internal" boolean not null default false, constraint "record_version_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "record_version_record_type_record_id_record_version_index" on "record_version" ("record_type", "record_id", "record_version");`,
    );
    this.addSql(`create index "record_version_root_type_root_id_at_id_index" on "record_version" ("root_type", "root_id", "at", "id");`);
  }
}
