import { Migration } from '@mikro-orm/migrations';
import { keysetIndex, trigramIndex } from '../../../shared/indexes';

/**
 * Indexes for every documented ordering, filter and search of the meetings subgraph: keyset pagination
 * reads `order by <key>, id` straight from an index in that order, name searches (`ILIKE '%…%'`)
 * use trigram GIN indexes (pg_trgm), and the foreign keys that lists filter on are indexed. The
 * entities declare the same indexes (test/migrations.test.ts checks they agree).
 */
export class Migration20261202010000MeetingsIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(keysetIndex('meeting_sort_at_desc_id_index', 'meeting', ['"sort_at" desc', '"id"']));
    this.addSql(keysetIndex('meeting_starts_at_index', 'meeting', ['"starts_at"']));
    this.addSql(trigramIndex('meeting_search_text_trgm', 'meeting', 'search_text'));
    this.addSql(keysetIndex('declaration_sort_at_desc_id_index', 'declaration', ['"sort_at" desc', '"id"']));
  }
}
