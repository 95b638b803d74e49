import { Migration } from '@mikro-orm/migrations';
import { foreignKeys, updatedAtIndexes } from '../../../shared/indexes';

/** Cities, organisations, networks with pillars, memberships and the settlement ledger. */
export class Migration20261122000000CitiesInitial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "city" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "slug" varchar(255) not null, "name" varchar(255) not null, "country_code" varchar(2) not null, "region" varchar(255) null, "population" int null, "population_year" int null, "languages" text[] not null, "mayor" varchar(255) null, "website" varchar(255) null, "profile" jsonb null, constraint "city_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "city_deleted_at_index" on "city" ("deleted_at");`);
    this.addSql(`alter table "city" add constraint "city_slug_unique" unique ("slug");`);
    this.addSql(`create index "city_country_code_index" on "city" ("country_code");`);
    this.addSql(
      `create table "organisation" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "slug" varchar(255) not null, "name" varchar(255) not null, "acronym" varchar(255) null, "kind" text check ("kind" in ('UN_AGENCY', 'NGO', 'DONOR', 'MINISTRY', 'NATIONAL_AGENCY', 'ASSOCIATION_OF_MUNICIPALITIES', 'DEVELOPMENT_AGENCY', 'CITY_NETWORK', 'MUNICIPAL_UNIT', 'BUSINESS', 'ACADEMIA', 'EU_INSTITUTION', 'GOVERNMENT_OFFICE', 'REFUGEE_COMMUNITY', 'OTHER')) not null, "country_code" varchar(2) null, "seat_city_id" uuid null, "website" varchar(255) null, "description" jsonb null, constraint "organisation_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "organisation_deleted_at_index" on "organisation" ("deleted_at");`);
    this.addSql(`alter table "organisation" add constraint "organisation_slug_unique" unique ("slug");`);
    this.addSql(`create index "organisation_kind_index" on "organisation" ("kind");`);
    this.addSql(`create index "organisation_country_code_index" on "organisation" ("country_code");`);
    this.addSql(
      `create table "network" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "slug" varchar(255) not null, "name" varchar(255) not null, "kind" text check ("kind" in ('CITY_NETWORK', 'COORDINATION_PLATFORM', 'INITIATIVE', 'NATIONAL_NETWORK')) not null, "founded_year" int null, "secretariat_id" uuid null, "website" varchar(255) null, "description" jsonb null, constraint "network_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "network_deleted_at_index" on "network" ("deleted_at");`);
    this.addSql(`alter table "network" add constraint "network_slug_unique" unique ("slug");`);
    this.addSql(
      `create table "network_pillar" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "network_id" uuid not null, "code" varchar(255) not null, "position" int not null, "title" jsonb not null, constraint "network_pillar_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "network_pillar_deleted_at_index" on "network_pillar" ("deleted_at");`);
    this.addSql(
      `create table "membership" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "network_id" uuid not null, "city_id" uuid null, "organisation_id" uuid null, "role" text check ("role" in ('MEMBER', 'FOUNDER', 'CONVENER', 'SECRETARIAT', 'CHAIR', 'PARTNER', 'OBSERVER')) not null default 'MEMBER', "joined_on" date null, "left_on" date null, constraint "membership_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "membership_deleted_at_index" on "membership" ("deleted_at");`);
    this.addSql(`create index "membership_network_id_index" on "membership" ("network_id");`);
    this.addSql(`create index "membership_city_id_index" on "membership" ("city_id");`);
    this.addSql(`create index "membership_organisation_id_index" on "membership" ("organisation_id");`);
    this.addSql(
      `create table "settlement_year" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "city_id" uuid not null, "year" int not null, "requested" int null, "requested_by_id" uuid null, "decided" int null, "extra_capacity" int null, "settled" int null, "settled_as_of" date null, "settled_approximate" boolean not null default false, "breakdown" jsonb not null, "source" text null, "notes" jsonb null, constraint "settlement_year_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "settlement_year_deleted_at_index" on "settlement_year" ("deleted_at");`);
    this.addSql(`create index "settlement_year_city_id_index" on "settlement_year" ("city_id");`);
    for (const sql of foreignKeys({
      organisation: { seat_city_id: ['city', 'set null'] },
      network: { secretariat_id: ['organisation', 'set null'] },
      network_pillar: { network_id: 'network' },
      membership: { network_id: 'network', city_id: 'city', organisation_id: 'organisation' },
      settlement_year: { city_id: 'city', requested_by_id: ['organisation', 'set null'] },
    }))
      this.addSql(sql);
    this.addSql(
      `create unique index "settlement_year_city_year_live_unique" on "settlement_year" ("city_id", "year") where "deleted_at" is null;`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_one_member_check" check (("city_id" is null) <> ("organisation_id" is null));`,
    );
    this.addSql(
      `alter table "membership" add constraint "membership_dates_check" check ("left_on" is null or "joined_on" is null or "left_on" >= "joined_on");`,
    );
    for (const sql of updatedAtIndexes(['city', 'organisation', 'network', 'network_pillar', 'membership', 'settlement_year']))
      this.addSql(sql);
  }
}
