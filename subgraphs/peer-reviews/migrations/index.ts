import { Migration20261122030000PeerReviewsInitial } from './Migration20261122030000PeerReviewsInitial';
import { Migration20261202030000PeerReviewsIndexes } from './Migration20261202030000PeerReviewsIndexes';
import { Migration20261202123000PeerReviewsHistory } from './Migration20261202123000PeerReviewsHistory';
import { Migration20261202123500PeerReviewsWebhooks } from './Migration20261202123500PeerReviewsWebhooks';
import { Migration20261202180000PeerReviewsProgrammeIllustrative } from './Migration20261202180000PeerReviewsProgrammeIllustrative';

/** The peer-reviews subgraph's migrations, oldest first. Never edit one that has shipped: add a new one. */
export const migrations = [
  { name: 'Migration20261122030000PeerReviewsInitial', class: Migration20261122030000PeerReviewsInitial },
  { name: 'Migration20261202030000PeerReviewsIndexes', class: Migration20261202030000PeerReviewsIndexes },
  { name: 'Migration20261202123000PeerReviewsHistory', class: Migration20261202123000PeerReviewsHistory },
  { name: 'Migration20261202123500PeerReviewsWebhooks', class: Migration20261202123500PeerReviewsWebhooks },
  { name: 'Migration20261202180000PeerReviewsProgrammeIllustrative', class: Migration20261202180000PeerReviewsProgrammeIllustrative },
];
