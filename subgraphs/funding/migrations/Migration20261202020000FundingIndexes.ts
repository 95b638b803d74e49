import { Migration } from '@mikro-orm/migrations';
import { keysetIndex, trigramIndex } from '../../../shared/indexes';

/**
 * Indexes for every documented ordering, filter and search of the funding subgraph: keyset pagination
 * reads `order by <key>, id` straight from an index in that order, name searches (`ILIKE '%…%'`)
 * use trigram GIN indexes (pg_trgm), and the foreign keys that lists filter on are indexed. The
 * entities declare the same indexes (test/migrations.test.ts checks they agree).
 */
export class Migration20261202020000FundingIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(keysetIndex('fund_name_id_index', 'fund', ['"name"', '"id"']));
    this.addSql(keysetIndex('funding_activity_start_date_desc_id_index', 'funding_activity', ['"start_date" desc', '"id"']));
    this.addSql(keysetIndex('funding_activity_budget_total_desc_id_index', 'funding_activity', ['"budget_total" desc', '"id"']));
    this.addSql(trigramIndex('funding_activity_search_text_trgm', 'funding_activity', 'search_text'));
  }
}
