import { Migration } from '@mikro-orm/migrations';
import type { TranslationMap } from '../../../shared/translated-text';
import { searchable } from '../entities/Meeting';

interface MeetingTexts {
  id: string;
  title: TranslationMap | null;
  theme: TranslationMap | null;
  description: TranslationMap | null;
}

/**
 * `search_text` is now folded by the hub's one searchKey (shared/search-key.ts): Norwegian ø/æ/å,
 * German ß and the other letters NFKD keeps are folded too, and whitespace runs are one space.
 * Recomputes the column of every meeting (tombstones included), so that stored meetings are found
 * by the same search terms as new ones.
 */
export class Migration20261202120000MeetingsSearchKey extends Migration {
  override async up(): Promise<void> {
    const rows = await this.execute(`select "id", "title", "theme", "description" from "meeting"`);
    for (const row of rows as MeetingTexts[]) {
      await this.execute(`update "meeting" set "search_text" = ? where "id" = ?`, [
        searchable(row.title, row.theme, row.description),
        row.id,
      ]);
    }
  }
}
