import { stableId } from './entity';

/**
 * Ids of the sample data, the same in every subgraph and on every machine: a subgraph refers to
 * another's sample entity by key (City, Organisation, FundingActivity…) without asking it.
 */
export const sampleIds = {
  city: (slug: string) => stableId('city', slug),
  organisation: (slug: string) => stableId('organisation', slug),
  network: (slug: string) => stableId('network', slug),
  fund: (slug: string) => stableId('fund', slug),
  fundingActivity: (slug: string) => stableId('funding-activity', slug),
  meeting: (slug: string) => stableId('meeting', slug),
  declaration: (slug: string) => stableId('declaration', slug),
  peerReview: (slug: string) => stableId('peer-review', slug),
};
