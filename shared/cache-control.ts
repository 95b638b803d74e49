import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Directive } from 'type-graphql';
import { isAuthenticated, type Identity } from './identity';

/**
 * Cache hints for public read data (README, "Schema contract"). Types that anyone may read (city
 * profiles, networks, published meetings and declarations, published funding activities, and the
 * value types inside them) carry `@cacheControl(maxAge: PUBLIC_MAX_AGE)`; a type without a hint
 * (webhooks, history, peer reviews) makes any answer that touches it uncacheable.
 *
 * Each subgraph computes a policy with Apollo Server's cache control plugin and sends it as its
 * `Cache-Control` header; the gateway (Apollo Gateway's RemoteGraphQLDataSource) keeps the most
 * restrictive of its subgraphs' headers and answers the client with `max-age=N, public`, or
 * `no-store`. `publicCachePlugin` makes sure that a mutation, or anything asked by a signed-in
 * caller (the only ones who can see drafts), is never cacheable, at the subgraphs and the gateway.
 */
export const PUBLIC_MAX_AGE = 60;

/**
 * Apollo's documented way for Federation 2 subgraphs: each defines the directive and its enum. The
 * directive is also composed into the supergraph (`@composeDirective`, which needs a `@link`ed
 * name; the URL is an identifier, not a page), so that another gateway reading the supergraph
 * (Hive Gateway's response cache) sees the same hints.
 */
export const CACHE_CONTROL_LINK =
  '@link(url: "https://specs.intercity-hub.invalid/cacheControl/v1.0", import: ["@cacheControl"]) @composeDirective(name: "@cacheControl")';
export const CACHE_CONTROL_DEFINITIONS = `
"""Who may keep a cached answer: anyone (a CDN) or only the caller's own client."""
enum CacheControlScope {
  PUBLIC
  PRIVATE
}

"""
How long an answer that reads this type or field may be cached, in seconds. An answer is as cacheable as its least cacheable part.
"""
directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION
`;

/** Public read data: an answer made only of such types may be cached by anyone for PUBLIC_MAX_AGE seconds. */
export const PublicRead = () => Directive(`@cacheControl(maxAge: ${PUBLIC_MAX_AGE})`);

/**
 * No public caching of a mutation (whatever type it returns) or of anything a signed-in caller
 * asked: their answers may hold drafts and what only they may see.
 */
export function publicCachePlugin<T extends BaseContext & { identity: Identity }>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue, overallCachePolicy }) {
          if (operation?.operation !== 'query' || isAuthenticated(contextValue.identity)) overallCachePolicy.restrict({ maxAge: 0 });
        },
      };
    },
  };
}
