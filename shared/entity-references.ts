import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PublicRead } from './cache-control';

/** A stub of the entity `name`, owned by the `owner` subgraph. */
function reference(name: string, _owner: string) {
  @PublicRead()
  @ObjectType(name)
  @Directive('@key(fields: "id")')
  class Reference {
    @Field(() => ID)
    id: string;
  }
  Object.defineProperty(Reference, 'name', { value: `${name}Reference` });
  const make = (id: string | null | undefined) => (id ? Object.assign(new Reference(), { id }) : null);
  return [Reference, make] as const;
}

/**
 * The entities that one subgraph owns and the others know only by key. A subgraph that refers to
 * one stores its id as a plain uuid column (never a foreign key across subgraphs), returns a stub
 * made here, and may extend the type with fields of its own (`@Resolver(() => CityReference)`).
 *
 * Each subgraph calls this once, in its `entities/references.ts`: type-graphql attaches field
 * resolvers to the class, so the classes must be the subgraph's own for its extensions to stay
 * in its own schema.
 */
export function defineEntityReferences() {
  const [CityReference, cityRef] = reference('City', 'cities');
  const [OrganisationReference, organisationRef] = reference('Organisation', 'cities');
  const [NetworkReference, networkRef] = reference('Network', 'cities');
  const [FundingActivityReference, fundingActivityRef] = reference('FundingActivity', 'funding');
  const [FundReference, fundRef] = reference('Fund', 'funding');
  return {
    CityReference,
    cityRef,
    OrganisationReference,
    organisationRef,
    NetworkReference,
    networkRef,
    FundingActivityReference,
    fundingActivityRef,
    FundReference,
    fundRef,
  };
}
