import { Migration } from '@mikro-orm/migrations';

/**
 * Agenda items sort by a rank among their siblings instead of stored positions and numbers, which
 * every move rewrote for all the items after it; the positions become the first ranks, and the
 * positions and numbers are derived when read.
 */
export class Migration20261203150000MeetingsAgendaRank extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "agenda_item" add column "rank" double precision null;`);
    this.addSql(`update "agenda_item" set "rank" = "position";`);
    this.addSql(`alter table "agenda_item" alter column "rank" set not null;`);
    this.addSql(`alter table "agenda_item" drop constraint agenda_item_position_check;`);
    this.addSql(`alter table "agenda_item" drop column "number", drop column "position";`);
    this.addSql(`create index "agenda_item_meeting_id_parent_id_rank_index" on "agenda_item" ("meeting_id", "parent_id", "rank");`);
  }
}
