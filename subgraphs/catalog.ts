import type { ConfiguredSubgraph } from '../shared/config';

/**
 * The hub's subgraphs by name and default port, in the order `npm start` starts them: all that
 * reading the configuration needs, so that an entry point checks its variables (and stops on a bad
 * one) before it loads the subgraphs themselves.
 */
export const CATALOG = {
  cities: { name: 'cities', defaultPort: 4001 },
  meetings: { name: 'meetings', defaultPort: 4002 },
  funding: { name: 'funding', defaultPort: 4003 },
  peerReviews: { name: 'peer-reviews', defaultPort: 4004 },
} as const satisfies Record<string, ConfiguredSubgraph>;

export const CONFIGURED_SUBGRAPHS: readonly ConfiguredSubgraph[] = [CATALOG.cities, CATALOG.meetings, CATALOG.funding, CATALOG.peerReviews];

/** Each subgraph by name and port, for code that names subgraphs without loading them (the tests' hubs). */
export const { cities, meetings, funding, peerReviews } = CATALOG;
