import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type ASTNode } from 'graphql';

/**
 * Refuses float literals that are not finite numbers (`1e400` parses to Infinity), before the
 * gateway plans the query: the planner would otherwise fail with an internal error. The refusal is
 * BAD_USER_INPUT naming the argument path in `extensions.field`, as the subgraphs' input guard does.
 */
export function literalGuardPlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document }) {
          let refused: string | null = null;
          const name = (
            node: ASTNode,
            parent: ASTNode | readonly ASTNode[] | undefined,
            ancestors: readonly (ASTNode | readonly ASTNode[])[],
          ) => {
            // the argument and object fields (and list positions) around a value, outermost first
            const parts: string[] = [];
            const chain = [...ancestors, ...(parent ? [parent] : []), node];
            for (let i = 0; i < chain.length; i++) {
              const item = chain[i];
              if (Array.isArray(item)) continue;
              const n = item as ASTNode;
              if (n.kind === Kind.ARGUMENT || n.kind === Kind.OBJECT_FIELD) parts.push(n.name.value);
              if (n.kind === Kind.LIST) {
                const next = chain.slice(i + 1).find((c) => !Array.isArray(c)) as ASTNode | undefined;
                const index = next ? (n.values as readonly ASTNode[]).indexOf(next) : -1;
                if (index >= 0 && parts.length > 0) parts[parts.length - 1] += `[${index}]`;
              }
            }
            return parts.join('.');
          };
          visit(document, {
            FloatValue(node, _key, parent, _path, ancestors) {
              if (refused === null && !Number.isFinite(Number(node.value)))
                refused = name(node, parent as ASTNode | readonly ASTNode[] | undefined, ancestors);
            },
          });
          if (refused !== null) {
            throw new GraphQLError(`"${refused}" must be a finite number.`, {
              extensions: { code: 'BAD_USER_INPUT', field: refused, http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}
