import { Migration } from '@mikro-orm/migrations';

/** How many signed a declaration when the source gives a number rather than names ("more than 20 municipalities"). */
export class Migration20261202181000MeetingsSignatoryCount extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "declaration" add column "signatory_count_value" int null, add column "signatory_count_qualifier" text check ("signatory_count_qualifier" in ('EXACT', 'ABOUT', 'AT_LEAST', 'MORE_THAN', 'FEWER_THAN')) null;`,
    );
  }
}
