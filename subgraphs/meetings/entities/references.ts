import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entities of other subgraphs, known here only by key. The meetings subgraph stores their ids as
 * plain uuid columns (never foreign keys) and extends them with the meetings and declarations
 * they are part of.
 */
@ObjectType('City')
@Directive('@key(fields: "id")')
export class CityReference {
  @Field(() => ID)
  id: string;
}

@ObjectType('Organisation')
@Directive('@key(fields: "id")')
export class OrganisationReference {
  @Field(() => ID)
  id: string;
}

@ObjectType('Network')
@Directive('@key(fields: "id")')
export class NetworkReference {
  @Field(() => ID)
  id: string;
}

/** Owned by the funding subgraph. */
@ObjectType('FundingActivity')
@Directive('@key(fields: "id")')
export class FundingActivityReference {
  @Field(() => ID)
  id: string;
}

export const cityRef = (id: string | null | undefined) => (id ? Object.assign(new CityReference(), { id }) : null);
export const organisationRef = (id: string | null | undefined) => (id ? Object.assign(new OrganisationReference(), { id }) : null);
export const networkRef = (id: string | null | undefined) => (id ? Object.assign(new NetworkReference(), { id }) : null);
export const fundingActivityRef = (id: string) => Object.assign(new FundingActivityReference(), { id });
