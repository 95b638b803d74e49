import { Migration } from '@mikro-orm/migrations';
import { keysetIndex } from '../../../shared/indexes';

/**
 * National figures as data: the national settlement request of a country and year with its
 * revisions (IMDi 2020: 5120, revised to 3600), and a city's count of its residents' countries of
 * origin as the source gives it (Lillehammer: more than 80).
 */
export class Migration20261202170000CitiesNationalFigures extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "national_settlement_request" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "country_code" varchar(2) not null, "year" int not null, "requested_by_id" uuid null, "revisions" jsonb not null, "decided_above_request" int null, "decided_above_request_source" text null, "notes" jsonb null, "illustrative" boolean not null default false, constraint "national_settlement_request_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "national_settlement_request_deleted_at_index" on "national_settlement_request" ("deleted_at");`);
    this.addSql(`create index "national_settlement_request_updated_at_id_index" on "national_settlement_request" ("updated_at", "id");`);
    this.addSql(
      `create unique index "national_settlement_request_country_year_live_unique" on "national_settlement_request" ("country_code", "year") where "deleted_at" is null;`,
    );
    this.addSql(keysetIndex('national_settlement_request_year_desc_id_index', 'national_settlement_request', ['"year" desc', '"id"']));
    this.addSql(
      `alter table "national_settlement_request" add constraint "national_settlement_request_requested_by_id_foreign" foreign key ("requested_by_id") references "organisation" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "city" add column "resident_countries" int null, add column "resident_countries_qualifier" text check ("resident_countries_qualifier" in ('EXACT', 'ABOUT', 'AT_LEAST', 'MORE_THAN', 'FEWER_THAN')) null, add column "resident_countries_source" text null;`,
    );
  }
}
