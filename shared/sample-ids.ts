import { v5 as uuidv5 } from 'uuid';

const HUB_NAMESPACE = '6f1c7e42-5b1a-4c55-9a43-0d6a1b9e2c11';

/**
 * A stable id for sample data, the same in every subgraph and on every machine, so that the
 * meetings subgraph can refer to a city of the cities subgraph by key without asking it.
 */
export const stableId = (kind: string, slug: string) => uuidv5(`${kind}:${slug}`, HUB_NAMESPACE);

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
