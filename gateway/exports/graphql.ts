import type { ApolloServer } from '@apollo/server';
import type { Writable } from 'node:stream';
import { ANONYMOUS } from '../../shared/identity';
import type { GatewayContext } from '../index';

/** A failure an export answers with an HTTP status and a GraphQL-style error body. */
export class ExportError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  body() {
    return { errors: [{ message: this.message, extensions: { code: this.code, ...(this.field ? { field: this.field } : {}) } }] };
  }
}

export const badRequest = (message: string, field: string) => new ExportError(400, 'BAD_USER_INPUT', message, field);
export const notFound = (message: string) => new ExportError(404, 'NOT_FOUND', message);

const STATUS_OF_CODE: Record<string, number> = { BAD_USER_INPUT: 400, NOT_FOUND: 404, GRAPHQL_VALIDATION_FAILED: 400 };

/**
 * Runs one GraphQL operation through the gateway's own executor as an anonymous caller: exports see
 * exactly what the public sees over /graphql (no drafts, no unreported reviews), and never read a
 * database themselves.
 */
export type RunQuery = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function anonymousRunner(apollo: ApolloServer<GatewayContext>, acceptLanguage?: string): RunQuery {
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await apollo.executeOperation<T>({ query, variables }, { contextValue: { identity: ANONYMOUS, acceptLanguage } });
    if (response.body.kind !== 'single') throw new ExportError(503, 'INTERNAL_SERVER_ERROR', 'Unexpected incremental response.');
    const { data, errors } = response.body.singleResult;
    if (errors?.length) {
      const first = errors[0];
      const code = typeof first.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
      const field = typeof first.extensions?.field === 'string' ? first.extensions.field : undefined;
      throw new ExportError(STATUS_OF_CODE[code] ?? 503, code, first.message, field);
    }
    return data as T;
  };
}

/** Walks a Relay connection page by page; `fetchPage` returns the page for a cursor. */
export async function* pages<N>(
  fetchPage: (after: string | null) => Promise<{ nodes: N[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>,
): AsyncGenerator<N[]> {
  let after: string | null = null;
  for (;;) {
    const page = await fetchPage(after);
    yield page.nodes;
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) return;
    after = page.pageInfo.endCursor;
  }
}

/** Multilingual text as the gateway returns it. */
export interface Translated {
  text: string;
  translations: { locale: string; text: string; machineTranslated: boolean }[];
}

export const TRANSLATED = 'text translations { locale text machineTranslated }';

/** Resolves when a stream that refused a write can take more, or when it closed. */
export function drained(stream: Writable) {
  return new Promise<void>((resolve) => {
    if (stream.destroyed) return resolve();
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}
