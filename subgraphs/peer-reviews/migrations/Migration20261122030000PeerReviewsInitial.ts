import { Migration } from '@mikro-orm/migrations';
import { foreignKeys, updatedAtIndexes } from '../../../shared/indexes';

/** Peer reviews with their reviewers, visit programme, recommendations and follow-up notes. */
export class Migration20261122030000PeerReviewsInitial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "peer_review" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "host_city_id" uuid not null, "funding_activity_id" uuid null, "fund_id" uuid null, "network_id" uuid null, "contact_organisation_id" uuid null, "topic" jsonb not null, "challenge_questions" jsonb not null, "visit_start" date not null, "visit_end" date not null, "status" text check ("status" in ('PLANNED', 'VISIT', 'REPORTED', 'FOLLOW_UP', 'CLOSED')) not null default 'PLANNED', "status_changed_at" timestamptz(3) not null default now(), "report" jsonb null, "source" text null, constraint "peer_review_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "peer_review_deleted_at_index" on "peer_review" ("deleted_at");`);
    this.addSql(`create index "peer_review_host_city_id_index" on "peer_review" ("host_city_id");`);
    this.addSql(`create index "peer_review_funding_activity_id_index" on "peer_review" ("funding_activity_id");`);
    this.addSql(`create index "peer_review_visit_start_index" on "peer_review" ("visit_start");`);
    this.addSql(`create index "peer_review_status_index" on "peer_review" ("status");`);
    this.addSql(
      `create table "programme_day" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "peer_review_id" uuid not null, "date" date not null, "title" jsonb null, constraint "programme_day_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "programme_day_deleted_at_index" on "programme_day" ("deleted_at");`);
    this.addSql(`create index "programme_day_peer_review_id_index" on "programme_day" ("peer_review_id");`);
    this.addSql(
      `create table "programme_session" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "day_id" uuid not null, "position" int not null, "start_time" varchar(5) null, "end_time" varchar(5) null, "meeting_with" varchar(255) not null, "organisation_id" uuid null, "topic" jsonb not null, constraint "programme_session_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "programme_session_deleted_at_index" on "programme_session" ("deleted_at");`);
    this.addSql(`create index "programme_session_day_id_index" on "programme_session" ("day_id");`);
    this.addSql(
      `create table "recommendation" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "peer_review_id" uuid not null, "position" int not null, "text" jsonb not null, "addressed_to" text[] not null, "addressed_unit" varchar(255) null, "priority" text check ("priority" in ('HIGH', 'MEDIUM', 'LOW')) not null default 'MEDIUM', "response" text check ("response" in ('ACCEPTED', 'PARTLY_ACCEPTED', 'REJECTED')) null, "response_reason" jsonb null, "responded_at" timestamptz(3) null, "follow_up_status" text check ("follow_up_status" in ('OPEN', 'IN_PROGRESS', 'DONE', 'DROPPED')) not null default 'OPEN', "illustrative" boolean not null default false, constraint "recommendation_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "recommendation_deleted_at_index" on "recommendation" ("deleted_at");`);
    this.addSql(`create index "recommendation_peer_review_id_index" on "recommendation" ("peer_review_id");`);
    this.addSql(
      `create table "progress_note" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "recommendation_id" uuid not null, "date" date not null, "text" jsonb not null, "status" text check ("status" in ('OPEN', 'IN_PROGRESS', 'DONE', 'DROPPED')) not null, constraint "progress_note_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "progress_note_deleted_at_index" on "progress_note" ("deleted_at");`);
    this.addSql(`create index "progress_note_recommendation_id_index" on "progress_note" ("recommendation_id");`);
    this.addSql(
      `create table "reviewer" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "peer_review_id" uuid not null, "name" varchar(255) not null, "subject" varchar(255) null, "role" text check ("role" in ('LEAD_REVIEWER', 'REVIEWER', 'OBSERVER')) not null default 'REVIEWER', "home_city_id" uuid null, "home_organisation_id" uuid null, "home_place" varchar(255) null, "country_code" varchar(2) not null, "illustrative" boolean not null default false, constraint "reviewer_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "reviewer_deleted_at_index" on "reviewer" ("deleted_at");`);
    this.addSql(`create index "reviewer_peer_review_id_index" on "reviewer" ("peer_review_id");`);
    this.addSql(`create index "reviewer_subject_index" on "reviewer" ("subject");`);
    this.addSql(`create index "reviewer_home_city_id_index" on "reviewer" ("home_city_id");`);
    this.addSql(`create index "reviewer_home_organisation_id_index" on "reviewer" ("home_organisation_id");`);
    for (const sql of foreignKeys({
      programme_day: { peer_review_id: 'peer_review' },
      programme_session: { day_id: 'programme_day' },
      recommendation: { peer_review_id: 'peer_review' },
      progress_note: { recommendation_id: 'recommendation' },
      reviewer: { peer_review_id: 'peer_review' },
    }))
      this.addSql(sql);
    this.addSql(`alter table "peer_review" add constraint "peer_review_visit_dates_check" check ("visit_end" >= "visit_start");`);
    this.addSql(
      `alter table "reviewer" add constraint "reviewer_one_home_check" check ("home_city_id" is null or "home_organisation_id" is null);`,
    );
    this.addSql(`alter table "reviewer" add constraint "reviewer_country_code_check" check ("country_code" ~ '^[A-Z]{2}$');`);
    this.addSql(
      `create unique index "reviewer_review_subject_live_unique" on "reviewer" ("peer_review_id", "subject") where "deleted_at" is null and "subject" is not null;`,
    );
    this.addSql(
      `create unique index "programme_day_review_date_live_unique" on "programme_day" ("peer_review_id", "date") where "deleted_at" is null;`,
    );
    this.addSql(
      `create unique index "programme_session_day_position_live_unique" on "programme_session" ("day_id", "position") where "deleted_at" is null;`,
    );
    this.addSql(
      `alter table "programme_session" add constraint "programme_session_times_check" check (("start_time" is null or "start_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$') and ("end_time" is null or "end_time" ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$') and ("start_time" is null or "end_time" is null or "end_time" >= "start_time"));`,
    );
    this.addSql(
      `create unique index "recommendation_review_position_live_unique" on "recommendation" ("peer_review_id", "position") where "deleted_at" is null;`,
    );
    this.addSql(
      `alter table "recommendation" add constraint "recommendation_addressed_to_check" check (cardinality("addressed_to") > 0 and "addressed_to" <@ array['POLITICIANS', 'OFFICIALS', 'UNIT']::text[]);`,
    );
    this.addSql(
      `alter table "recommendation" add constraint "recommendation_unit_named_check" check (not ('UNIT' = any ("addressed_to")) or "addressed_unit" is not null);`,
    );
    this.addSql(
      `alter table "recommendation" add constraint "recommendation_response_reason_check" check ("response" is null or "response" = 'ACCEPTED' or "response_reason" is not null);`,
    );
    for (const sql of updatedAtIndexes([
      'peer_review',
      'reviewer',
      'programme_day',
      'programme_session',
      'recommendation',
      'progress_note',
    ]))
      this.addSql(sql);
  }
}
