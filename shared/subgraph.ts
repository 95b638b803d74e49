import { buildSubgraphSchema as apolloBuildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { printSchemaWithDirectives } from '@graphql-tools/utils';
import type { Constructor, EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Migration } from '@mikro-orm/migrations';
import type { GraphQLSchema } from 'graphql';
import gql from 'graphql-tag';
import { buildSchema, createResolversMap, type ClassType, type NonEmptyArray } from 'type-graphql';
import { CACHE_CONTROL_DEFINITIONS, CACHE_CONTROL_LINK } from './cache-control';
import type { HubContext } from './context';
import { guardResolvers } from './input-guard';
import { TranslatedTextResolver } from './translated-text';

export const FEDERATION_LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides", "@inaccessible", "@tag", "@interfaceObject", "@composeDirective"]) ${CACHE_CONTROL_LINK}
${CACHE_CONTROL_DEFINITIONS}`;

/** How an entity of this subgraph is fetched by key when another subgraph refers to it. */
export type ReferenceResolver = (reference: { id: string; __typename: string }, context: HubContext) => Promise<unknown>;

/** Everything that makes a subgraph: the gateway, the schema tools and the tests read only this. */
export interface SubgraphDefinition {
  /** Folder name and service name in the supergraph. */
  name: string;
  /** Port used when none is configured. */
  defaultPort: number;
  entities: EntityClass<object>[];
  migrations: { name: string; class: Constructor<Migration> }[];
  resolvers: NonEmptyArray<ClassType>;
  /** Federation reference resolvers, by type name; each must be batched. */
  references: Record<string, ReferenceResolver>;
  /** Loads the sample data of the sources into an empty database. */
  seed(em: EntityManager): Promise<void>;
}

/**
 * Turns a subgraph's type-graphql resolvers into a Federation 2 subgraph schema: type-graphql builds
 * and prints the schema with its `@key`/`@shareable` directives, Apollo makes it a subgraph, and the
 * reference resolvers are attached as `__resolveReference`.
 */
export async function buildSubgraphSchema(definition: SubgraphDefinition): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [...definition.resolvers, TranslatedTextResolver],
    validate: { forbidUnknownValues: false },
    skipCheck: true,
  });
  const resolvers = createResolversMap(schema) as GraphQLResolverMap<unknown>;
  // every argument is checked (NUL bytes, lengths, dates, decimals, floats, list sizes) before a resolver runs
  guardResolvers(schema, resolvers);
  for (const [typeName, resolve] of Object.entries(definition.references)) {
    const existing = (resolvers[typeName] ?? {}) as Record<string, unknown>;
    resolvers[typeName] = { ...existing, __resolveReference: resolve };
  }
  return apolloBuildSubgraphSchema({
    typeDefs: gql(`${FEDERATION_LINK}\n\n${printSchemaWithDirectives(schema)}`),
    resolvers,
  });
}
