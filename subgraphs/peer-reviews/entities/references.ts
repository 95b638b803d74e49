import { defineEntityReferences } from '../../../shared/entity-references';

/** Other subgraphs' entities, known here by key; this subgraph's own classes (see shared/entity-references.ts). */
export const { CityReference, OrganisationReference, NetworkReference, FundingActivityReference, FundReference } = defineEntityReferences();
export type CityReference = InstanceType<typeof CityReference>;
export type OrganisationReference = InstanceType<typeof OrganisationReference>;
export type NetworkReference = InstanceType<typeof NetworkReference>;
export type FundingActivityReference = InstanceType<typeof FundingActivityReference>;
export type FundReference = InstanceType<typeof FundReference>;
