import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { PublicRead } from './cache-control';
import type { ReferenceResolver } from './subgraph';

/** A stub of the entity `name`, owned by the `owner` subgraph. */
function reference(name: string, _owner: string) {
  @PublicRead()
  @ObjectType(name)
  @Directive('@key(fields: "id")')
  class Reference {
    /** The GraphQL type the stub stands for. */
    static readonly typeName = name;

    @Field(() => ID)
    id: string;

    /** The stub of the entity with this id; null for no id. */
    static of(id: string | null | undefined): Reference | null {
      return id ? Object.assign(new Reference(), { id }) : null;
    }
  }
  Object.defineProperty(Reference, 'name', { value: `${name}Reference` });
  return Reference;
}

/** One of the stub classes of defineEntityReferences. */
export type EntityReferenceClass = ReturnType<typeof reference>;

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
  return {
    CityReference: reference('City', 'cities'),
    OrganisationReference: reference('Organisation', 'cities'),
    NetworkReference: reference('Network', 'cities'),
    FundingActivityReference: reference('FundingActivity', 'funding'),
    FundReference: reference('Fund', 'funding'),
  };
}

/**
 * The reference resolvers of stubs, by type name: the gateway asks this subgraph for an entity that
 * another subgraph owns only to resolve the fields this one adds, so the key is all it needs.
 */
export function stubReferences(...classes: EntityReferenceClass[]): Record<string, ReferenceResolver> {
  return Object.fromEntries(classes.map((stub) => [stub.typeName, async (reference: { id: string }) => stub.of(reference.id)]));
}
