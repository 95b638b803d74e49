import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import cors from 'cors';
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/**
 * The HTTP edge shared by the gateway and every subgraph: whatever a client sends, the answer is
 * GraphQL-over-HTTP JSON (`{"errors":[…]}`) with a 2xx or 4xx status, never express's HTML error
 * page or a stack trace, and it never quotes the request back.
 */

export const BODY_LIMIT = '1mb';

export function sendJsonError(res: Response, status: number, code: string, message: string, headers: Record<string, string> = {}) {
  if (res.headersSent) return;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res
    .status(status)
    .type('application/json')
    .send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

const ALLOWED_METHODS = ['GET', 'POST', 'OPTIONS'];

/** GET, POST and (for CORS preflights) OPTIONS only; a POST body must be `application/json`. */
const methodAndMediaType: RequestHandler = (req, res, next) => {
  if (!ALLOWED_METHODS.includes(req.method)) {
    return sendJsonError(res, 405, 'METHOD_NOT_ALLOWED', `${req.method.slice(0, 10)} is not supported here: use GET or POST.`, {
      allow: ALLOWED_METHODS.join(', '),
    });
  }
  if (req.method === 'POST') {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      return sendJsonError(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request as JSON: content-type: application/json.');
    }
  }
  next();
};

/** Shapes Apollo would otherwise answer with a 500 (a non-string persisted query hash). */
const bodyShape: RequestHandler = (req, res, next) => {
  const body = req.body as Record<string, unknown> | undefined;
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const extensions = body.extensions as Record<string, unknown> | null | undefined;
    if (extensions != null && (typeof extensions !== 'object' || Array.isArray(extensions))) {
      return sendJsonError(res, 400, 'BAD_REQUEST', '"extensions" must be an object.');
    }
    const persisted = extensions?.persistedQuery as Record<string, unknown> | undefined;
    if (persisted != null && (typeof persisted !== 'object' || typeof persisted.sha256Hash !== 'string')) {
      return sendJsonError(res, 400, 'BAD_REQUEST', '"extensions.persistedQuery.sha256Hash" must be a string.');
    }
  }
  next();
};

export interface EdgeHttpOptions {
  /** Origins allowed to call from a browser (CORS); `*` allows any. Empty: no cross-origin calls. */
  corsOrigins?: string[];
  /** Answer a clean JSON error when a request takes longer than this (0: no limit). */
  requestTimeoutMs?: number;
  /** Trusted-documents mode: runs after the body is read, before Apollo. */
  trustedDocuments?: RequestHandler;
}

export const CORS_ALLOWED_HEADERS = [
  'content-type',
  'authorization',
  'accept-language',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];

/** CORS for the configured origins, with preflights answered 204. */
export function corsHandler(origins: string[]): RequestHandler {
  const any = origins.includes('*');
  return cors({
    origin: (origin, callback) => callback(null, Boolean(origin) && (any || origins.includes(origin!))),
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
}

/** A preflight `cors` did not answer (an origin not allowed) still gets 204, without CORS headers. */
const preflightAnswered: RequestHandler = (req, res, next) => (req.method === 'OPTIONS' ? void res.status(204).end() : next());

/**
 * A bound on each request: past `ms`, the client gets `{"data":null,"errors":[{code:REQUEST_TIMEOUT}]}`
 * (HTTP 200, as GraphQL-over-HTTP answers a well-formed request whose execution failed) and whatever
 * the server would still write is dropped.
 */
export function requestTimeout(ms: number): RequestHandler {
  return (_req, res, next) => {
    if (!ms) return next();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res
        .status(200)
        .type('application/json')
        .send(
          JSON.stringify({
            data: null,
            errors: [{ message: `The request took longer than ${ms} ms and was stopped.`, extensions: { code: 'REQUEST_TIMEOUT' } }],
          }),
        );
    }, ms);
    timer.unref();
    const clear = () => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}

/** The handlers in front of Apollo's `expressMiddleware` on `/graphql`. */
export function graphqlHttpHandlers(options: EdgeHttpOptions = {}): RequestHandler[] {
  return [
    ...(options.requestTimeoutMs ? [requestTimeout(options.requestTimeoutMs)] : []),
    ...(options.corsOrigins ? [corsHandler(options.corsOrigins), preflightAnswered] : []),
    methodAndMediaType,
    // keeps the exact bytes received (`req.rawBody`): a subgraph checks the gateway's signature over them
    express.json({ limit: BODY_LIMIT, verify: (req, _res, buf) => void ((req as { rawBody?: Buffer }).rawBody = buf) }),
    bodyShape,
    ...(options.trustedDocuments ? [options.trustedDocuments] : []),
  ];
}

const bodyParserErrors: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'BAD_REQUEST', 'The body is not valid JSON.'],
  'entity.too.large': [413, 'PAYLOAD_TOO_LARGE', `The body is larger than the limit of ${BODY_LIMIT.replace('mb', ' MB')}.`],
  'charset.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be UTF-8 JSON (content-type: application/json; charset=utf-8).'],
  'encoding.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content-encoding: send gzip, deflate, br or none.'],
  'request.aborted': [400, 'BAD_REQUEST', 'The request was aborted.'],
  'request.size.invalid': [400, 'BAD_REQUEST', 'The body is shorter or longer than its content-length.'],
};

/** Unknown paths and every error express sees become JSON; call after the routes. */
export function finishHttp(app: express.Express) {
  app.use((_req, res) => sendJsonError(res, 404, 'NOT_FOUND', 'Nothing here: the GraphQL endpoint is /graphql.'));
  const handler: ErrorRequestHandler = (error, _req, res, _next) => {
    if (res.headersSent) return; // a request that timed out: its answer is already sent
    const known = bodyParserErrors[(error as { type?: string })?.type ?? ''];
    if (known) return sendJsonError(res, known[0], known[1], known[2]);
    const status = Number((error as { status?: number })?.status);
    if (status >= 400 && status < 500) return sendJsonError(res, status, 'BAD_REQUEST', 'The request could not be read.');
    console.error('[hub] unexpected HTTP error', error);
    sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
  };
  app.use(handler);
}

/**
 * Apollo plugin: operation kinds the hub does not serve (subscriptions) and documents whose
 * operation cannot be chosen (several without `operationName`, or an unknown name) are a 400.
 */
export function operationShapePlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request, document }) {
          if (!operation) {
            const count = document.definitions.filter((d) => d.kind === 'OperationDefinition').length;
            const message = request.operationName
              ? `The document has no operation named "${String(request.operationName).slice(0, 50)}".`
              : `The document has ${count} operations: name the one to run in "operationName".`;
            throw new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } });
          }
          if (operation.operation === 'subscription') {
            throw new GraphQLError('Subscriptions are not supported: use a query or a mutation.', {
              extensions: { code: 'OPERATION_NOT_SUPPORTED', http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/** Removes "Did you mean …?" suggestions, which describe the schema, from an error message. */
export const withoutSuggestions = (formatted: GraphQLFormattedError): GraphQLFormattedError => ({
  ...formatted,
  message: formatted.message.replace(/ ?Did you mean [^?]*\?/g, ''),
});
