import { Migration } from '@mikro-orm/migrations';
import { keysetIndex, trigramIndex } from '../../../shared/indexes';

/**
 * Indexes for every documented ordering, filter and search of the cities subgraph: keyset pagination
 * reads `order by <key>, id` straight from an index in that order, name searches (`ILIKE '%…%'`)
 * use trigram GIN indexes (pg_trgm), and the foreign keys that lists filter on are indexed. The
 * entities declare the same indexes (test/migrations.test.ts checks they agree).
 */
export class Migration20261202000000CitiesIndexes extends Migration {
  override async up(): Promise<void> {
    this.addSql(keysetIndex('city_name_id_index', 'city', ['"name"', '"id"']));
    this.addSql(keysetIndex('city_country_code_name_id_index', 'city', ['"country_code"', '"name"', '"id"']));
    this.addSql(trigramIndex('city_name_trgm', 'city', 'name'));
    this.addSql(trigramIndex('city_slug_trgm', 'city', 'slug'));
    this.addSql(keysetIndex('organisation_name_id_index', 'organisation', ['"name"', '"id"']));
    this.addSql(keysetIndex('organisation_country_code_name_id_index', 'organisation', ['"country_code"', '"name"', '"id"']));
    this.addSql(trigramIndex('organisation_name_trgm', 'organisation', 'name'));
    this.addSql(trigramIndex('organisation_slug_trgm', 'organisation', 'slug'));
    this.addSql(trigramIndex('organisation_acronym_trgm', 'organisation', 'acronym'));
    this.addSql(keysetIndex('network_name_id_index', 'network', ['"name"', '"id"']));
    this.addSql(trigramIndex('network_name_trgm', 'network', 'name'));
    this.addSql(trigramIndex('network_slug_trgm', 'network', 'slug'));
    this.addSql(keysetIndex('settlement_year_year_desc_id_index', 'settlement_year', ['"year" desc', '"id"']));
  }
}
