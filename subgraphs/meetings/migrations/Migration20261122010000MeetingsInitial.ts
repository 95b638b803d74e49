import { Migration } from '@mikro-orm/migrations';
import { foreignKeys } from '../../../shared/indexes';

/**
 * Meetings with participants, nested agenda items, outcomes and minutes; declarations with versions,
 * signatories, recipients and commitments. Cities, organisations, networks and funding activities
 * belong to other subgraphs: they are plain uuid columns here, never foreign keys. Partial unique
 * indexes keep one live participant / signatory per party, one live minutes per meeting, one live
 * correction per outcome and unique version numbers; GIN indexes serve the organiser and
 * funding-activity lookups. Every index and check is declared on the entities too.
 */
export class Migration20261122010000MeetingsInitial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "meeting" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "network_id" uuid null, "edition" varchar(255) null, "edition_number" int null, "title" jsonb not null, "theme" jsonb null, "description" jsonb null, "starts_at" timestamptz(3) null, "ends_at" timestamptz(3) null, "time_zone" varchar(255) not null default 'UTC', "time_known" boolean not null default true, "venue_city_id" uuid null, "venue_name" varchar(255) null, "organiser_ids" text[] not null, "status" text check ("status" in ('DRAFT', 'PUBLISHED', 'HELD', 'CLOSED', 'CANCELLED')) not null default 'DRAFT', "agenda_revision" int not null default 0, "published_at" timestamptz(3) null, "closed_at" timestamptz(3) null, "cancelled_at" timestamptz(3) null, "source" text null, "sort_at" timestamptz(3) not null, "search_text" text not null default '', constraint "meeting_pkey" primary key ("id"), constraint meeting_organisers_check check (cardinality("organiser_ids") >= 1), constraint meeting_dates_check check ("ends_at" is null or ("starts_at" is not null and "ends_at" >= "starts_at")));`,
    );
    this.addSql(`create index "meeting_deleted_at_index" on "meeting" ("deleted_at");`);
    this.addSql(`create index "meeting_network_id_index" on "meeting" ("network_id");`);
    this.addSql(`create index "meeting_venue_city_id_index" on "meeting" ("venue_city_id");`);
    this.addSql(`create index "meeting_status_index" on "meeting" ("status");`);
    this.addSql(`create index "meeting_updated_at_id_index" on "meeting" ("updated_at", "id");`);
    this.addSql(`create index "meeting_sort_at_id_index" on "meeting" ("sort_at", "id");`);
    this.addSql(`create index "meeting_organiser_ids_index" on "meeting" using gin ("organiser_ids");`);
    this.addSql(
      `create table "declaration" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "kind" text check ("kind" in ('DECLARATION', 'POSITION_LETTER', 'PLEDGE')) not null, "network_id" uuid null, "title" jsonb not null, "text" jsonb not null, "adopted_on" date null, "adopted_year" int null, "adopted_at_id" uuid null, "current_version" int not null default 1, "source" text null, "sort_at" timestamptz(3) not null, constraint "declaration_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "declaration_deleted_at_index" on "declaration" ("deleted_at");`);
    this.addSql(`create index "declaration_kind_index" on "declaration" ("kind");`);
    this.addSql(`create index "declaration_network_id_index" on "declaration" ("network_id");`);
    this.addSql(`create index "declaration_adopted_at_id_index" on "declaration" ("adopted_at_id");`);
    this.addSql(`create index "declaration_updated_at_id_index" on "declaration" ("updated_at", "id");`);
    this.addSql(`create index "declaration_sort_at_id_index" on "declaration" ("sort_at", "id");`);
    this.addSql(
      `create table "declaration_version" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "declaration_id" uuid not null, "number" int not null, "title" jsonb not null, "text" jsonb not null, "adopted_on" date null, "change_note" jsonb null, constraint "declaration_version_pkey" primary key ("id"), constraint declaration_version_number_check check ("number" >= 1));`,
    );
    this.addSql(`create index "declaration_version_deleted_at_index" on "declaration_version" ("deleted_at");`);
    this.addSql(`create index "declaration_version_declaration_id_index" on "declaration_version" ("declaration_id");`);
    this.addSql(`create index "declaration_version_updated_at_id_index" on "declaration_version" ("updated_at", "id");`);
    this.addSql(
      `create unique index "declaration_version_number_live_unique" on "declaration_version" ("declaration_id", "number") where "deleted_at" is null;`,
    );
    this.addSql(
      `create table "commitment" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "declaration_id" uuid not null, "position" int not null, "text" jsonb not null, "owner_city_id" uuid null, "owner_organisation_id" uuid null, "due_date" date null, "follow_up_status" text check ("follow_up_status" in ('OPEN', 'IN_PROGRESS', 'DONE', 'DROPPED')) not null default 'OPEN', constraint "commitment_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "commitment_deleted_at_index" on "commitment" ("deleted_at");`);
    this.addSql(`create index "commitment_declaration_id_index" on "commitment" ("declaration_id");`);
    this.addSql(`create index "commitment_owner_city_id_index" on "commitment" ("owner_city_id");`);
    this.addSql(`create index "commitment_owner_organisation_id_index" on "commitment" ("owner_organisation_id");`);
    this.addSql(`create index "commitment_updated_at_id_index" on "commitment" ("updated_at", "id");`);
    this.addSql(
      `create table "agenda_item" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "meeting_id" uuid not null, "parent_id" uuid null, "number" varchar(255) not null, "custom_number" varchar(255) null, "position" int not null, "kind" text check ("kind" in ('OPENING', 'SPEECH', 'PANEL', 'PRESENTATION', 'INTERACTIVE_SESSION', 'DISCUSSION', 'BREAK', 'CLOSING', 'OTHER')) not null, "title" jsonb not null, "description" jsonb null, "starts_at" timestamptz(3) null, "duration_minutes" int null, "speaker_data" jsonb not null, "is_public" boolean not null default true, constraint "agenda_item_pkey" primary key ("id"), constraint agenda_item_duration_check check ("duration_minutes" is null or "duration_minutes" >= 0), constraint agenda_item_position_check check ("position" >= 1));`,
    );
    this.addSql(`create index "agenda_item_deleted_at_index" on "agenda_item" ("deleted_at");`);
    this.addSql(`create index "agenda_item_meeting_id_index" on "agenda_item" ("meeting_id");`);
    this.addSql(`create index "agenda_item_parent_id_index" on "agenda_item" ("parent_id");`);
    this.addSql(`create index "agenda_item_updated_at_id_index" on "agenda_item" ("updated_at", "id");`);
    this.addSql(
      `create table "minutes" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "meeting_id" uuid not null, "text" jsonb not null, "attendee_count" int null, constraint "minutes_pkey" primary key ("id"), constraint minutes_attendee_count_check check ("attendee_count" is null or "attendee_count" >= 0));`,
    );
    this.addSql(`create index "minutes_deleted_at_index" on "minutes" ("deleted_at");`);
    this.addSql(`create index "minutes_meeting_id_index" on "minutes" ("meeting_id");`);
    this.addSql(`create index "minutes_updated_at_id_index" on "minutes" ("updated_at", "id");`);
    this.addSql(`create unique index "minutes_meeting_live_unique" on "minutes" ("meeting_id") where "deleted_at" is null;`);
    this.addSql(
      `create table "outcome" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "meeting_id" uuid not null, "agenda_item_id" uuid null, "kind" text check ("kind" in ('DECISION', 'RECOMMENDATION', 'COMMITMENT', 'ACTION')) not null, "text" jsonb not null, "addressed_to" jsonb null, "owner_city_id" uuid null, "owner_organisation_id" uuid null, "due_date" date null, "follow_up_status" text check ("follow_up_status" in ('OPEN', 'IN_PROGRESS', 'DONE', 'DROPPED')) not null default 'OPEN', "funding_activity_ids" text[] not null, "corrects_id" uuid null, constraint "outcome_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "outcome_deleted_at_index" on "outcome" ("deleted_at");`);
    this.addSql(`create index "outcome_meeting_id_index" on "outcome" ("meeting_id");`);
    this.addSql(`create index "outcome_agenda_item_id_index" on "outcome" ("agenda_item_id");`);
    this.addSql(`create index "outcome_owner_city_id_index" on "outcome" ("owner_city_id");`);
    this.addSql(`create index "outcome_owner_organisation_id_index" on "outcome" ("owner_organisation_id");`);
    this.addSql(`create index "outcome_corrects_id_index" on "outcome" ("corrects_id");`);
    this.addSql(`create index "outcome_updated_at_id_index" on "outcome" ("updated_at", "id");`);
    this.addSql(
      `create unique index "outcome_corrects_live_unique" on "outcome" ("corrects_id") where "deleted_at" is null and "corrects_id" is not null;`,
    );
    this.addSql(`create index "outcome_funding_activity_ids_index" on "outcome" using gin ("funding_activity_ids");`);
    this.addSql(
      `create table "participant" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "meeting_id" uuid not null, "city_id" uuid null, "organisation_id" uuid null, "stakeholder_type" text check ("stakeholder_type" in ('MUNICIPALITY', 'ASSOCIATION_OF_MUNICIPALITIES', 'UN_AGENCY', 'DEVELOPMENT_AGENCY', 'DONOR', 'NGO', 'MINISTRY', 'NATIONAL_AGENCY', 'ACADEMIA', 'REFUGEE_COMMUNITY', 'PRIVATE_SECTOR', 'OTHER')) not null, "role" text check ("role" in ('CONVENER', 'HOST', 'SPEAKER', 'PARTICIPANT', 'OBSERVER')) not null default 'PARTICIPANT', "note" jsonb null, constraint "participant_pkey" primary key ("id"), constraint participant_one_party_check check (("city_id" is null) <> ("organisation_id" is null)));`,
    );
    this.addSql(`create index "participant_deleted_at_index" on "participant" ("deleted_at");`);
    this.addSql(`create index "participant_meeting_id_index" on "participant" ("meeting_id");`);
    this.addSql(`create index "participant_city_id_index" on "participant" ("city_id");`);
    this.addSql(`create index "participant_organisation_id_index" on "participant" ("organisation_id");`);
    this.addSql(`create index "participant_updated_at_id_index" on "participant" ("updated_at", "id");`);
    this.addSql(
      `create unique index "participant_meeting_organisation_live_unique" on "participant" ("meeting_id", "organisation_id") where "deleted_at" is null and "organisation_id" is not null;`,
    );
    this.addSql(
      `create unique index "participant_meeting_city_live_unique" on "participant" ("meeting_id", "city_id") where "deleted_at" is null and "city_id" is not null;`,
    );
    this.addSql(
      `create table "recipient" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "declaration_id" uuid not null, "city_id" uuid null, "organisation_id" uuid null, "role" text check ("role" in ('ADDRESSEE', 'COPY')) not null default 'ADDRESSEE', constraint "recipient_pkey" primary key ("id"), constraint recipient_one_party_check check (("city_id" is null) <> ("organisation_id" is null)));`,
    );
    this.addSql(`create index "recipient_deleted_at_index" on "recipient" ("deleted_at");`);
    this.addSql(`create index "recipient_declaration_id_index" on "recipient" ("declaration_id");`);
    this.addSql(`create index "recipient_city_id_index" on "recipient" ("city_id");`);
    this.addSql(`create index "recipient_organisation_id_index" on "recipient" ("organisation_id");`);
    this.addSql(`create index "recipient_updated_at_id_index" on "recipient" ("updated_at", "id");`);
    this.addSql(
      `create table "signatory" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "declaration_id" uuid not null, "city_id" uuid null, "organisation_id" uuid null, "signed_on" date null, "note" jsonb null, constraint "signatory_pkey" primary key ("id"), constraint signatory_one_party_check check (("city_id" is null) <> ("organisation_id" is null)));`,
    );
    this.addSql(`create index "signatory_deleted_at_index" on "signatory" ("deleted_at");`);
    this.addSql(`create index "signatory_declaration_id_index" on "signatory" ("declaration_id");`);
    this.addSql(`create index "signatory_city_id_index" on "signatory" ("city_id");`);
    this.addSql(`create index "signatory_organisation_id_index" on "signatory" ("organisation_id");`);
    this.addSql(`create index "signatory_updated_at_id_index" on "signatory" ("updated_at", "id");`);
    this.addSql(
      `create unique index "signatory_declaration_organisation_live_unique" on "signatory" ("declaration_id", "organisation_id") where "deleted_at" is null and "organisation_id" is not null;`,
    );
    this.addSql(
      `create unique index "signatory_declaration_city_live_unique" on "signatory" ("declaration_id", "city_id") where "deleted_at" is null and "city_id" is not null;`,
    );
    for (const sql of foreignKeys({
      declaration: { adopted_at_id: ['meeting', 'set null'] },
      declaration_version: { declaration_id: 'declaration' },
      commitment: { declaration_id: 'declaration' },
      agenda_item: { meeting_id: 'meeting', parent_id: 'agenda_item' },
      minutes: { meeting_id: 'meeting' },
      outcome: { meeting_id: 'meeting', agenda_item_id: ['agenda_item', 'set null'], corrects_id: ['outcome', 'set null'] },
      participant: { meeting_id: 'meeting' },
      recipient: { declaration_id: 'declaration' },
      signatory: { declaration_id: 'declaration' },
    }))
      this.addSql(sql);
  }
}
