import { Migration } from '@mikro-orm/migrations';

/** The settlement places a commitment offers (the KS letter's 115 for Trondheim), as a number beside its text. */
export class Migration20261202170000MeetingsCommitmentPlaces extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "commitment" add column "places" int null;`);
  }
}
