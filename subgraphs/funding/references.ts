import { stubReferences } from '../../shared/entity-references';
import type { ReferenceResolver } from '../../shared/subgraph';
import { CityReference, OrganisationReference } from './entities/references';
import { loaders } from './loaders';
import { isVisible } from './resolvers/common';

/** How the gateway fetches this subgraph's entities by key: batched, one query per type and request. */
export const references: Record<string, ReferenceResolver> = {
  ...stubReferences(CityReference, OrganisationReference),
  Fund: (reference, ctx) => loaders(ctx).fund.load(reference.id),
  FundingActivity: async (reference, ctx) => {
    const activity = await loaders(ctx).activity.load(reference.id);
    return activity && (await isVisible(ctx, activity)) ? activity : null;
  },
};
