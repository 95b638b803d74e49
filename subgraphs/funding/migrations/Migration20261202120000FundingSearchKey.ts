import { Migration } from '@mikro-orm/migrations';
import type { TranslationMap } from '../../../shared/translated-text';
import { activitySearchText } from '../entities/FundingActivity';

interface Row {
  id: string;
  identifier: string;
  title: TranslationMap;
  description: TranslationMap | null;
}

const BATCH = 1000;

/**
 * The funding subgraph searches with the hub's one searchKey (shared/search-key.ts), which folds
 * more than the subgraph's own did: Turkish dotless ı, Norwegian ø and æ, ß…, and whitespace runs.
 * Recomputes every stored search text with it, in batches, so existing activities are still found.
 * A derived column: the activities' versions and update times do not move.
 */
export class Migration20261202120000FundingSearchKey extends Migration {
  override async up(): Promise<void> {
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = (await this.execute('select id, identifier, title, description from funding_activity where id > ? order by id limit ?', [
        after,
        BATCH,
      ])) as Row[];
      if (rows.length === 0) return;
      const keys = rows.map((row) => ({ id: row.id, search_text: activitySearchText(row) }));
      await this.execute(
        `update funding_activity a set search_text = v.search_text
          from json_to_recordset(?::json) as v(id uuid, search_text text)
          where a.id = v.id and a.search_text is distinct from v.search_text`,
        [JSON.stringify(keys)],
      );
      after = rows[rows.length - 1].id;
    }
  }
}
