import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isCompositeType,
  isListType,
  validate,
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_LIMITS as CONFIG_DEFAULT_LIMITS } from './config';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pagination';

/**
 * Operation limits, checked at the gateway and again at every subgraph before anything executes.
 * Calibrated so that every README example and every test passes with room to spare (see README, "Limits").
 */
export interface OperationLimits {
  /** Nesting of fields (fragments do not add a level; introspection's `__schema` is not counted). */
  maxDepth: number;
  /** Aliases in one document. */
  maxAliases: number;
  /** Lexical tokens in one document (graphql-js stops parsing past it, so a huge document is never parsed whole). */
  maxTokens: number;
  /** Directives in one document. */
  maxDirectives: number;
  /** Estimated objects an operation may return: see `costEstimator`. */
  maxCost: number;
}

export const DEFAULT_LIMITS: OperationLimits = CONFIG_DEFAULT_LIMITS;

/** A list field without a page argument (a city's memberships, an agenda…) is counted as this many items. */
export const UNPAGED_LIST_FACTOR = 10;

/** The stable `extensions.code` of each refusal. */
export const LIMIT_CODES = {
  maxDepth: 'QUERY_TOO_DEEP',
  maxAliases: 'TOO_MANY_ALIASES',
  maxTokens: 'TOO_MANY_TOKENS',
  maxDirectives: 'TOO_MANY_DIRECTIVES',
  maxCost: 'QUERY_TOO_COSTLY',
} as const;

const pageSize = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), 0), MAX_PAGE_SIZE) : undefined;

/**
 * Cost = how many objects an operation may return. A field returning an object costs 1 plus its
 * children, multiplied by how many it may return: the page size for a field with `first`/`last`
 * (default 20, at most 100), UNPAGED_LIST_FACTOR for any other list, 1 for a single object. The
 * `nodes`/`edges` of a connection are already counted by its page size, and a subgraph's `_entities`
 * by the gateway's weighing of the list that produced them. Scalars and introspection cost nothing.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (field.name.startsWith('__')) return 0;
  const named = getNamedType(field.type);
  if (!isCompositeType(named)) return 0;
  const hasPageArgs = field.args.some((a) => a.name === 'first' || a.name === 'last');
  let factor = 1;
  if (hasPageArgs) {
    factor = Math.max(pageSize(args.first) ?? 0, pageSize(args.last) ?? 0);
    if (args.first == null && args.last == null) factor = DEFAULT_PAGE_SIZE;
  } else if (isListType(getNullableType(field.type))) {
    const insideConnection = type.name.endsWith('Connection') && (field.name === 'nodes' || field.name === 'edges');
    factor = insideConnection || field.name === '_entities' ? 1 : UNPAGED_LIST_FACTOR;
  }
  return factor * (1 + childComplexity);
};

export const limitError = (limit: keyof OperationLimits, message: string, max: number) =>
  new GraphQLError(message, { extensions: { code: LIMIT_CODES[limit], limit: max, http: { status: 400 } } });

/** The subgraph's own limits: the query planner adds key fields, `__typename` and `_entities` wrappers, so tokens get twice the room. */
export const subgraphLimits = (limits: OperationLimits): OperationLimits => ({ ...limits, maxTokens: limits.maxTokens * 2 });

function runRule(schema: GraphQLSchema, document: DocumentNode, rule: ValidationRule) {
  try {
    validate(schema, document, [rule]);
  } catch {
    // a rule that cannot measure a malformed document leaves it to graphql-js validation
  }
}

/** graphql-js's own token limit (Apollo `parseOptions.maxTokens`) aborts parsing; its error becomes TOO_MANY_TOKENS. */
const TOKENS_ERROR = /^Syntax Error: Document contains more th[ae]t? (\d+) tokens/;

export function tokensLimitFormatter(maxTokens: number) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError =>
    TOKENS_ERROR.test(formatted.message)
      ? { message: `The document has more than ${maxTokens} tokens.`, extensions: { code: LIMIT_CODES.maxTokens, limit: maxTokens } }
      : formatted;
}

/**
 * What a parsed document was already found to be within. Apollo Server and Hive Gateway keep one
 * parsed document per query text, so a repeated operation is measured once per schema and limits:
 * its depth, aliases and directives always, its cost when the request passes no variables (a cost
 * with variables depends on their values, e.g. `first: $n`, and is measured every time).
 */
interface Measured {
  schema: GraphQLSchema;
  limits: OperationLimits;
  /** Cost per operation name ('' for none), of requests without variables. */
  costs: Map<string, number>;
}
const measured = new WeakMap<DocumentNode, Measured>();

/**
 * Checks a parsed document against depth, aliases, directives and cost (graphql-armor rules and
 * graphql-query-complexity); throws a GraphQLError with HTTP 400 and a stable code.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  request: { variables?: Record<string, unknown>; operationName?: string | null } = {},
) {
  const known = measured.get(document);
  const seen = known && known.schema === schema && known.limits === limits ? known : null;
  if (!seen) checkDocumentLimits(schema, document, limits);
  const entry = seen ?? { schema, limits, costs: new Map<string, number>() };
  if (!seen) measured.set(document, entry);
  const constant = request.variables == null || Object.keys(request.variables).length === 0;
  const key = request.operationName ?? '';
  const cost = (constant ? entry.costs.get(key) : undefined) ?? operationCost(schema, document, limits, request);
  if (cost == null) return; // invalid variables: Apollo's variable coercion answers them before anything executes
  if (constant) entry.costs.set(key, cost);
  if (cost > limits.maxCost) {
    throw limitError(
      'maxCost',
      `The operation may return about ${cost} objects; the limit is ${limits.maxCost}. Ask for smaller pages or fewer nested lists.`,
      limits.maxCost,
    );
  }
}

/** Depth, aliases and directives: they depend on the document alone. */
function checkDocumentLimits(schema: GraphQLSchema, document: DocumentNode, limits: OperationLimits) {
  let found = 0;
  const measure = (limit: 'maxDepth' | 'maxAliases' | 'maxDirectives') => ({
    n: limits[limit],
    exposeLimits: true,
    propagateOnRejection: false,
    onAccept: [],
    onReject: [
      (_ctx: unknown, error: GraphQLError) => {
        found = Number(/found (\d+)/.exec(error.message)?.[1] ?? limits[limit] + 1);
      },
    ],
  });
  runRule(schema, document, maxDepthRule({ ...measure('maxDepth'), flattenFragments: true, ignoreIntrospection: true }));
  if (found) throw limitError('maxDepth', `The operation nests ${found} levels deep; the limit is ${limits.maxDepth}.`, limits.maxDepth);
  runRule(schema, document, maxAliasesRule({ ...measure('maxAliases'), allowList: [] }));
  if (found) throw limitError('maxAliases', `The document has ${found} aliases; the limit is ${limits.maxAliases}.`, limits.maxAliases);
  runRule(schema, document, maxDirectivesRule(measure('maxDirectives')));
  if (found)
    throw limitError('maxDirectives', `The document has ${found} directives; the limit is ${limits.maxDirectives}.`, limits.maxDirectives);
}

/** The estimated cost (costEstimator), or undefined when the variables do not fit the operation. */
function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  limits: OperationLimits,
  request: { variables?: Record<string, unknown>; operationName?: string | null },
): number | undefined {
  const maxQueryNodes = limits.maxTokens * 4;
  try {
    return getComplexity({
      schema,
      query: document,
      variables: request.variables ?? {},
      operationName: request.operationName ?? undefined,
      estimators: [costEstimator],
      maxQueryNodes,
    });
  } catch (error) {
    if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message)) {
      throw limitError(
        'maxCost',
        `The operation is too costly: its fragments expand to more than ${maxQueryNodes} fields.`,
        limits.maxCost,
      );
    }
    return undefined;
  }
}

/**
 * Apollo Server plugin: every parsed document is measured after graphql-js validation (the token
 * limit keeps that bounded) and before anything executes or is registered as a persisted query.
 */
export function operationLimitsPlugin<T extends BaseContext>(limits: OperationLimits): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const { request } = requestContext;
          checkOperationLimits(requestContext.schema, requestContext.document, limits, {
            variables: request.variables as Record<string, unknown> | undefined,
            operationName: requestContext.operationName ?? request.operationName,
          });
        },
      };
    },
  };
}
