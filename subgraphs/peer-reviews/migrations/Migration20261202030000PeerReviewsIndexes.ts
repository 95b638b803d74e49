import { Migration } from '@mikro-orm/migrations';
import { keysetIndex } from '../../../shared/indexes';

/**
 * Indexes for every documented ordering, filter and search of the peer-reviews subgraph: keyset pagination
 * reads `order by <key>, id` straight from an index in that order, name searches (`ILIKE '%…%'`)
 * use trigram GIN indexes (pg_trgm), and the foreign keys that lists filter on are indexed. The
 * entities declare the same indexes (test/migrations.test.ts checks they agree).
 */
export class Migration20261202030000PeerReviewsIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(keysetIndex('peer_review_visit_start_desc_id_index', 'peer_review', ['"visit_start" desc', '"id"']));
    this.addSql(keysetIndex('peer_review_contact_organisation_id_index', 'peer_review', ['"contact_organisation_id"']));
    this.addSql(keysetIndex('peer_review_fund_id_index', 'peer_review', ['"fund_id"']));
  }
}
