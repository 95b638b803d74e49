import { stubReferences } from '../../shared/entity-references';
import type { ReferenceResolver } from '../../shared/subgraph';
import { CityReference, OrganisationReference, NetworkReference, FundingActivityReference } from './entities/references';
import { loaders } from './loaders';
import { canSee } from './permissions';

/**
 * How the gateway fetches this subgraph's entities by key, batched through the loaders. A draft
 * meeting resolves to null for anyone but its organisers and admins. City, Organisation,
 * Network and FundingActivity belong to other subgraphs: here they are only their key, extended with fields.
 */
export const references: Record<string, ReferenceResolver> = {
  ...stubReferences(CityReference, OrganisationReference, NetworkReference, FundingActivityReference),
  Meeting: async (reference, ctx) => {
    const meeting = await loaders(ctx).meeting.load(reference.id);
    return meeting && canSee.meeting(ctx.identity, meeting) ? meeting : null;
  },
  Declaration: (reference, ctx) => loaders(ctx).declaration.load(reference.id),
};
