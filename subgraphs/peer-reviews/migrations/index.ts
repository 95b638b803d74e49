import { Migration20261122030000PeerReviewsInitial } from './Migration20261122030000PeerReviewsInitial';

/** The peer-reviews subgraph's migrations, oldest first. Never edit one that has shipped: add a new one. */
export const migrations = [{ name: 'Migration20261122030000PeerReviewsInitial', class: Migration20261122030000PeerReviewsInitial }];
