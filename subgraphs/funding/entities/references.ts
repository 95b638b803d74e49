import { defineEntityReferences } from '../../../shared/entity-references';

/**
 * The cities subgraph's City and Organisation, known here by key; this subgraph's own classes (see
 * shared/entity-references.ts), extended with funding activities in resolvers/FederationResolvers.ts.
 * FundingActivity and Fund are this subgraph's own entities, not stubs.
 */
export const { CityReference, OrganisationReference } = defineEntityReferences();
export type CityReference = InstanceType<typeof CityReference>;
export type OrganisationReference = InstanceType<typeof OrganisationReference>;
