import { isUuid } from '../../shared/lookup';
import { stubReferences } from '../../shared/entity-references';
import type { ReferenceResolver } from '../../shared/subgraph';
import { CityReference, FundReference, FundingActivityReference, OrganisationReference } from './entities/references';
import { loaders } from './loaders';

/**
 * How the gateway fetches entities from this subgraph by key. A PeerReview is batched (one query per
 * request) and comes back null when the caller may not see it; the other subgraphs' entities need no
 * read here: their key is all the extension fields need.
 */
export const references: Record<string, ReferenceResolver> = {
  ...stubReferences(CityReference, OrganisationReference, FundingActivityReference, FundReference),
  PeerReview: async (reference, ctx) => (isUuid(reference.id) ? loaders(ctx).visibleReview.load(reference.id) : null),
};
