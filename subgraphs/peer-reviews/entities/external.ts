import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * Entities of other subgraphs, known here only by key. The peer-reviews subgraph stores their ids as
 * plain uuid columns (never foreign keys) and extends them with the reviews they take part in.
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

/** Owned by the funding subgraph. */
@ObjectType('FundingActivity')
@Directive('@key(fields: "id")')
export class FundingActivityReference {
  @Field(() => ID)
  id: string;
}

/** Owned by the funding subgraph. */
@ObjectType('Fund')
@Directive('@key(fields: "id")')
export class FundReference {
  @Field(() => ID)
  id: string;
}

export const cityRef = (id: string | null | undefined) => (id ? Object.assign(new CityReference(), { id }) : null);
export const organisationRef = (id: string | null | undefined) => (id ? Object.assign(new OrganisationReference(), { id }) : null);
export const fundingActivityRef = (id: string | null | undefined) => (id ? Object.assign(new FundingActivityReference(), { id }) : null);
export const fundRef = (id: string | null | undefined) => (id ? Object.assign(new FundReference(), { id }) : null);
