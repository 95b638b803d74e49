import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { Kind, parse, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { Agent, fetch } from 'undici';
import { CLIENT_KEEP_ALIVE_TIMEOUT_MS } from '../shared/keep-alive';

/**
 * How the gateway talks to its subgraphs: one keep-alive HTTP agent whose idle sockets are dropped
 * well before a subgraph server would close them, a time limit on every call, and what a failed
 * call turns into (a null field with an error naming the subgraph and the path).
 */

/** The time limit of one gateway->subgraph call when HUB_SUBGRAPH_TIMEOUT_MS does not set one. */
export { DEFAULT_SUBGRAPH_TIMEOUT_MS } from '../shared/config';

/** The code of a field left null because its subgraph is down, too slow or failing. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

export class SubgraphTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** A fetch for the gateway's data sources: its own keep-alive pool and a time limit per call. */
export function subgraphFetcher(timeoutMs: number): Fetcher {
  const agent = new Agent({
    keepAliveTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
    keepAliveMaxTimeout: CLIENT_KEEP_ALIVE_TIMEOUT_MS,
    connectTimeout: Math.min(timeoutMs, 10_000),
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  return (async (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => {
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const response = await fetch(url, { method: init?.method, headers: init?.headers, body: init?.body, signal, dispatcher: agent });
      // The body is read later by the data source, still under the same signal.
      return response as unknown as FetcherResponse;
    } catch (error) {
      if (signal.aborted) throw new SubgraphTimeoutError(timeoutMs);
      throw error;
    }
  }) as unknown as Fetcher;
}

/**
 * Identical reads in flight share one subgraph call, as Hive Gateway's `deduplicateInflightRequests`
 * does: a second request for the same subgraph URL with the same body (query, variables and the
 * caller's identity, which travels in the body) and the same Accept-Language, made while the first
 * is unanswered, waits for the first one's answer instead of calling again. Mutations always call.
 */
export function sharedReads() {
  type Answer = { status: number; statusText: string; headers: [string, string][]; body: string };
  const inflight = new Map<string, Promise<Answer>>();
  return {
    /** How many distinct reads are in flight now. */
    get size() {
      return inflight.size;
    },
    async fetch(url: string, body: string, language: string | undefined, call: () => Promise<FetcherResponse>): Promise<FetcherResponse> {
      const key = readKey(url, body, language);
      if (key === null) return call();
      let shared = inflight.get(key);
      if (!shared) {
        shared = call().then(async (response) => ({
          status: response.status,
          statusText: response.statusText,
          headers: [...response.headers],
          body: await response.text(),
        }));
        inflight.set(key, shared);
        const forget = () => void inflight.delete(key);
        shared.then(forget, forget);
      }
      const answer = await shared;
      return new Response(answer.body, {
        status: answer.status,
        statusText: answer.statusText,
        headers: answer.headers,
      }) as unknown as FetcherResponse;
    },
  };
}

/** The key under which a call is shared; null for a mutation or a body that is not a GraphQL request. */
function readKey(url: string, body: string, language: string | undefined): string | null {
  let query: unknown;
  try {
    query = (JSON.parse(body) as { query?: unknown }).query;
  } catch {
    return null;
  }
  if (typeof query !== 'string' || isMutation(query)) return null;
  return `${url}\n${language ?? ''}\n${body}`;
}

const RESET = /ECONNRESET|EPIPE|UND_ERR_SOCKET|socket hang up|other side closed/i;
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EPIPE|UND_ERR|socket hang up|other side closed|fetch failed/i;

const describe = (error: unknown): string => {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = (error as Error & { code?: string }).code ?? '';
  return `${error.name} ${code} ${error.message} ${cause ? describe(cause) : ''}`;
};

/** A connection reset or closed under the request: worth one retry for a query. */
export const isConnectionReset = (error: unknown) => !(error instanceof SubgraphTimeoutError) && RESET.test(describe(error));

export const isTimeout = (error: unknown): error is SubgraphTimeoutError =>
  error instanceof SubgraphTimeoutError || (error instanceof Error && error.name === 'TimeoutError');

export const isUnreachable = (error: unknown) => UNREACHABLE.test(describe(error));

/** The message of a field left null because `service` failed. */
export function unavailableMessage(service: string, error: unknown, timeoutMs: number) {
  if (isTimeout(error)) return `The ${service} service did not answer within ${timeoutMs} ms; try again shortly.`;
  if (isUnreachable(error)) return `The ${service} service is unavailable; try again shortly.`;
  return `The ${service} service failed to answer; try again shortly.`;
}

/** True when the operation sent to a subgraph is a mutation (never retried). */
export function isMutation(query: string, document?: { definitions: readonly { kind: string; operation?: string }[] }) {
  const operation = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operation?.operation) return operation.operation === 'mutation';
  return /^\s*mutation\b/.test(query);
}

const responseKeys = (selectionSet: SelectionSetNode): string[] => {
  const keys: string[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      if (key !== '__typename') keys.push(key);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      keys.push(...responseKeys(selection.selectionSet));
    }
  }
  return [...new Set(keys)];
};

/**
 * The paths, in the subgraph operation's terms, of the fields a failed call should have answered:
 * for an entity fetch `_entities.<i>.<field>` for each representation (the gateway maps them to
 * paths of the client's operation), for a root fetch the root fields.
 */
export function failedPaths(query: string, variables: Record<string, unknown> | undefined): (string | number)[][] {
  let operation: OperationDefinitionNode | undefined;
  try {
    operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return [[]];
  }
  if (!operation) return [[]];
  const roots = operation.selectionSet.selections;
  const entities = roots.find((s) => s.kind === Kind.FIELD && s.name.value === '_entities');
  if (entities && entities.kind === Kind.FIELD && entities.selectionSet) {
    const fields = responseKeys(entities.selectionSet);
    const count = Array.isArray(variables?.representations) ? variables.representations.length : 0;
    return Array.from({ length: count }, (_, i) => fields.map((field) => ['_entities', i, field])).flat();
  }
  return responseKeys(operation.selectionSet).map((key) => [key]);
}
