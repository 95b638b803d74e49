import { Migration20261122010000MeetingsInitial } from './Migration20261122010000MeetingsInitial';

/** The meetings subgraph's migrations, oldest first. Never edit one that has shipped: add a new one. */
export const migrations = [{ name: 'Migration20261122010000MeetingsInitial', class: Migration20261122010000MeetingsInitial }];
