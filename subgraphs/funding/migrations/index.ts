import { Migration20261122020000FundingInitial } from './Migration20261122020000FundingInitial';

/** The funding subgraph's migrations, oldest first. Never edit one that has shipped: add a new one. */
export const migrations = [{ name: 'Migration20261122020000FundingInitial', class: Migration20261122020000FundingInitial }];
