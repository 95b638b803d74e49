import { migrationList } from '../../../shared/database';
import { Migration20261122020000FundingInitial } from './Migration20261122020000FundingInitial';
import { Migration20261202020000FundingIndexes } from './Migration20261202020000FundingIndexes';
import { Migration20261202120000FundingSearchKey } from './Migration20261202120000FundingSearchKey';
import { Migration20261202122000FundingHistory } from './Migration20261202122000FundingHistory';
import { Migration20261202122500FundingWebhooks } from './Migration20261202122500FundingWebhooks';
import { Migration20261203100000FundingRollups } from './Migration20261203100000FundingRollups';

/** The funding subgraph's migrations, oldest first. Never edit one that has shipped: add a new one. */
export const migrations = migrationList({
  Migration20261122020000FundingInitial,
  Migration20261202020000FundingIndexes,
  Migration20261202120000FundingSearchKey,
  Migration20261202122000FundingHistory,
  Migration20261202122500FundingWebhooks,
  Migration20261203100000FundingRollups,
});
