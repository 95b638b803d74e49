import { migrationList } from '../../../shared/database';
import { Migration20261122030000PeerReviewsInitial } from './Migration20261122030000PeerReviewsInitial';
import { Migration20261202030000PeerReviewsIndexes } from './Migration20261202030000PeerReviewsIndexes';
import { Migration20261202123000PeerReviewsHistory } from './Migration20261202123000PeerReviewsHistory';
import { Migration20261202123500PeerReviewsWebhooks } from './Migration20261202123500PeerReviewsWebhooks';
import { Migration20261202180000PeerReviewsProgrammeIllustrative } from './Migration20261202180000PeerReviewsProgrammeIllustrative';

/** The peer-reviews subgraph's migrations, oldest first. Never edit one that has shipped: add a new one. */
export const migrations = migrationList({
  Migration20261122030000PeerReviewsInitial,
  Migration20261202030000PeerReviewsIndexes,
  Migration20261202123000PeerReviewsHistory,
  Migration20261202123500PeerReviewsWebhooks,
  Migration20261202180000PeerReviewsProgrammeIllustrative,
});
