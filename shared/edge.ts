import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLFormattedError } from 'graphql';
import type { EdgeOptions } from './edge-options';
import { operationShapePlugin, withoutSuggestions } from './http';
import { operationLimitsPlugin, subgraphLimits, tokensLimitFormatter } from './limits';

export { defaultEdgeOptions, edgeOptions, edgeOptionsFromEnv, type EdgeOptions } from './edge-options';

/** Apollo Server options for one server of the hub: its limits, plugins and what it reveals. */
export function apolloEdgeConfig<T extends BaseContext>(options: EdgeOptions, role: 'gateway' | 'subgraph') {
  const plugins: ApolloServerPlugin<T>[] = [];
  const limits = role === 'gateway' ? options.limits : subgraphLimits(options.limits);
  plugins.push(operationLimitsPlugin<T>(limits));
  const tokens = tokensLimitFormatter(limits.maxTokens);
  plugins.push(operationShapePlugin<T>());
  if (!options.introspection) plugins.push(ApolloServerPluginLandingPageDisabled() as ApolloServerPlugin<T>);
  return {
    plugins,
    introspection: options.introspection,
    parseOptions: { maxTokens: limits.maxTokens },
    hideSchemaDetailsFromClientErrors: !options.introspection,
    // trusted-documents mode: automatic persisted queries could register new documents
    ...(role === 'gateway' && options.trustedDocuments ? { persistedQueries: false as const } : {}),
    formatErrorWrapper:
      (format: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError) =>
      (formatted: GraphQLFormattedError, error: unknown) => {
        const result = tokens(format(formatted, error));
        return options.introspection ? result : withoutSuggestions(result);
      },
  };
}
