import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import {
  DriverException,
  ForeignKeyConstraintViolationException,
  NotFoundError,
  NotNullConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
  CheckConstraintViolationException,
} from '@mikro-orm/core';

/** The stable `extensions.code` values every subgraph and the gateway answer with. */
export type ErrorCode = 'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR';

export class HubError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...extra } });
  }
}

export const badInput = (message: string, field?: string) => new HubError('BAD_USER_INPUT', message, field ? { field } : {});
export const unauthenticated = (message = 'You must be signed in to do this.') => new HubError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this.') => new HubError('FORBIDDEN', message);
export const notFound = (type: string, key: string) => new HubError('NOT_FOUND', `${type} ${JSON.stringify(key)} was not found.`, { type });
export const conflict = (message: string) => new HubError('CONFLICT', message);

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function describeValidation(errors: ValidationErrorLike[], prefix = ''): string[] {
  return errors.flatMap((e) => {
    const path = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`);
    return [...own, ...describeValidation(e.children ?? [], path)];
  });
}

/** Turns anything a resolver threw into a HubError with a stable code; unknown errors are hidden. */
export function toHubError(error: unknown): GraphQLError {
  if (error instanceof HubError) return error;
  if (error instanceof OptimisticLockError) {
    return conflict('This record was changed by someone else since you read it; reload it and try again.');
  }
  if (error instanceof UniqueConstraintViolationException) {
    return conflict('A record with the same unique value already exists.');
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return conflict('The record is still referenced by, or refers to, another record that does not allow this.');
  }
  if (error instanceof NotNullConstraintViolationException || error instanceof CheckConstraintViolationException) {
    return badInput('A required value is missing or out of range.');
  }
  if (error instanceof NotFoundError) return new HubError('NOT_FOUND', error.message);
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    const validationErrors = error.extensions?.validationErrors as ValidationErrorLike[] | undefined;
    if (code === 'BAD_USER_INPUT' && validationErrors) {
      return new HubError('BAD_USER_INPUT', `Invalid input: ${describeValidation(validationErrors).join('; ')}`);
    }
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return error;
    if (!code && !(error.originalError instanceof Error)) return error;
    if (error.originalError) return toHubError(error.originalError);
  }
  if (error instanceof DriverException) {
    return new HubError('INTERNAL_SERVER_ERROR', 'The database could not complete the request.');
  }
  return new HubError('INTERNAL_SERVER_ERROR', 'Internal server error.');
}

/** How much of a caller's value an error message may quote. */
export const MESSAGE_QUOTE_LENGTH = 40;
export const MESSAGE_MAX_LENGTH = 400;

/**
 * Cuts every quoted value in a message to a short prefix (`"abc…"`), and the message itself to
 * MESSAGE_MAX_LENGTH: graphql-js's coercion messages and ours never echo a whole input.
 */
export function shortenMessage(message: string): string {
  const shortened = message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) =>
    inner.length > MESSAGE_QUOTE_LENGTH ? `"${inner.slice(0, MESSAGE_QUOTE_LENGTH)}…"` : whole,
  );
  return shortened.length > MESSAGE_MAX_LENGTH ? `${shortened.slice(0, MESSAGE_MAX_LENGTH)}…` : shortened;
}

/**
 * Apollo Server `formatError` shared by the subgraphs: one place where every failure becomes a
 * GraphQL error with a stable code, and nothing internal (stack, SQL) leaks; messages quote at most
 * a short prefix of the input.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const result = formatErrorInner(formatted, error);
  return { ...result, message: shortenMessage(result.message) };
}

function formatErrorInner(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const code = formatted.extensions?.code;
  // errors produced by graphql-js/Apollo itself (parse, validation, variable coercion) are already clean
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR' && !(original instanceof Error && !(original instanceof GraphQLError))) {
    const { stacktrace: _s, ...extensions } = formatted.extensions ?? {};
    if (original instanceof GraphQLError && original.extensions?.validationErrors) {
      const mapped = toHubError(original);
      return { ...formatted, message: mapped.message, extensions: { ...mapped.extensions } };
    }
    return { ...formatted, extensions };
  }
  const mapped = toHubError(original);
  if (mapped.extensions.code === 'INTERNAL_SERVER_ERROR') {
    console.error('[hub] unexpected error', original);
  }
  return { message: mapped.message, locations: formatted.locations, path: formatted.path, extensions: { ...mapped.extensions } };
}
