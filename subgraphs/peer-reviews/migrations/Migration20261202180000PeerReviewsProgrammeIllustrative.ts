import { Migration } from '@mikro-orm/migrations';

/** A programme session can be sample data made up to illustrate the source (`illustrative`), like reviewers and recommendations. */
export class Migration20261202180000PeerReviewsProgrammeIllustrative extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "programme_session" add column "illustrative" boolean not null default false;`);
  }
}
