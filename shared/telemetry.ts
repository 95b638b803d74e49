import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { RequestHandler } from 'express';
import { Kind, type OperationDefinitionNode } from 'graphql';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Logger } from './logger';
import type { ServerMetrics } from './metrics';

/**
 * Observability of every server of the hub:
 * - traces (OpenTelemetry): a server span per request, the gateway's calls to subgraphs (W3C trace
 *   context in `traceparent`), and a span per SQL statement. Exported over OTLP/HTTP when
 *   OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise no SDK is loaded, no context manager or
 *   propagator is registered and the middleware below does not create spans.
 * - metrics (shared/metrics.ts) and one JSON log line per request (shared/logger.ts), always.
 */

export const TRACER_NAME = 'intercity-hub';
export const REQUEST_ID_HEADER = 'x-request-id';

interface Tracing {
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

let tracing: Tracing | null = null;

/** True when this process registered a tracer provider (startTracing). */
export const tracingEnabled = () => tracing !== null;

export interface TracingOptions {
  /** `service.name` of the spans (OTEL_SERVICE_NAME overrides it). */
  serviceName: string;
  /** Where spans go; default: the OTLP/HTTP exporter, configured by the OTEL_EXPORTER_OTLP_* variables. */
  exporter?: SpanExporter;
  /** Export each span when it ends instead of in batches (tests). */
  simple?: boolean;
}

/**
 * Registers a tracer provider, the AsyncLocalStorage context manager and the W3C trace-context
 * propagator for this process. Call it before the servers start.
 */
export async function startTracing(options: TracingOptions): Promise<void> {
  if (tracing) return;
  // loaded only when tracing is on
  const { NodeTracerProvider } = await import('@opentelemetry/sdk-trace-node');
  const { BatchSpanProcessor, SimpleSpanProcessor } = await import('@opentelemetry/sdk-trace-base');
  const { resourceFromAttributes } = await import('@opentelemetry/resources');
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  // its default agent factory loads node:http with a dynamic import(), which the test runner's VM refuses
  const exporter =
    options.exporter ??
    new OTLPTraceExporter({
      httpAgentOptions: (protocol: string) =>
        protocol === 'http:' ? new HttpAgent({ keepAlive: true }) : new HttpsAgent({ keepAlive: true }),
    });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME || options.serviceName }),
    spanProcessors: [options.simple ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)],
  });
  provider.register();
  tracing = provider;
}

/** Tracing from the environment: on only when OTEL_EXPORTER_OTLP_ENDPOINT (or its traces variant) is set. */
export async function startTracingFromEnv(serviceName: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return false;
  await startTracing({ serviceName });
  return true;
}

/** Exports what is left and unregisters the provider. */
export async function stopTracing(): Promise<void> {
  const current = tracing;
  if (!current) return;
  tracing = null;
  await current.forceFlush().catch(() => {});
  await current.shutdown().catch(() => {});
  trace.disable();
  context.disable();
  propagation.disable();
}

export const flushTracing = async () => tracing?.forceFlush();

const tracer = () => trace.getTracer(TRACER_NAME);

/** What the hub knows of the request being served, found through AsyncLocalStorage. */
export interface RequestRecord {
  id: string;
  service: string;
  started: bigint;
  operation: string | null;
  errorCodes: string[];
  span: Span | null;
}

const requests = new AsyncLocalStorage<RequestRecord>();

/** The request this code runs for, if any. */
export const currentRequest = () => requests.getStore();

const REQUEST_ID = /^[\w.:@-]{1,128}$/;

export interface ObserveOptions {
  /** `gateway`, or the subgraph's name (the `service` of its log lines and spans). */
  service: string;
  metrics: ServerMetrics;
  logger: Logger;
}

/**
 * The two handlers that observe `/graphql`: `start` goes first (request id, server span, the log
 * line and the metrics when the answer is sent); `bind` goes after the body is read and runs the
 * rest of the request inside the request's record and span (stream callbacks of body parsing would
 * lose an AsyncLocalStorage context entered earlier).
 */
export function observeRequests(options: ObserveOptions): { start: RequestHandler; bind: RequestHandler } {
  const { service, metrics } = options;
  const logger = options.logger.child({ service });
  const start: RequestHandler = (req, res, next) => {
    const given = req.headers[REQUEST_ID_HEADER];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader(REQUEST_ID_HEADER, id);
    let span: Span | null = null;
    if (tracing) {
      const parent = propagation.extract(ROOT_CONTEXT, req.headers);
      span = tracer().startSpan(
        `${req.method} /graphql`,
        {
          kind: SpanKind.SERVER,
          attributes: { 'hub.service': service, 'http.request.method': req.method, 'url.path': req.path, 'hub.request_id': id },
        },
        parent,
      );
    }
    const record: RequestRecord = { id, service, started: process.hrtime.bigint(), operation: null, errorCodes: [], span };
    res.locals.hubRequest = record;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - record.started) / 1e9;
      const status = res.headersSent ? res.statusCode : 499;
      metrics.observeRequest(record.operation, status, seconds, record.errorCodes);
      const traceId = span?.spanContext().traceId ?? traceIdOf(req.headers.traceparent);
      logger.info(
        {
          requestId: id,
          traceId,
          operation: record.operation,
          method: req.method,
          status,
          durationMs: Math.round(seconds * 1e4) / 10,
          ...(record.errorCodes.length ? { errors: record.errorCodes } : {}),
        },
        'request',
      );
      if (span) {
        span.setAttribute('http.response.status_code', status);
        if (record.operation) span.setAttribute('graphql.operation.name', record.operation);
        if (status >= 500 || record.errorCodes.length)
          span.setStatus({ code: SpanStatusCode.ERROR, message: record.errorCodes.join(', ') || `HTTP ${status}` });
        span.end();
      }
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
  const bind: RequestHandler = (_req, res, next) => {
    const record = res.locals.hubRequest as RequestRecord | undefined;
    if (!record) return next();
    const run = () => requests.run(record, next);
    if (record.span) return context.with(trace.setSpan(context.active(), record.span), run);
    run();
  };
  return { start, bind };
}

/** The trace id of a W3C `traceparent` header, when tracing is off but a caller sent one. */
function traceIdOf(header: string | string[] | undefined): string | null {
  const match = typeof header === 'string' ? /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}$/.exec(header.trim()) : null;
  return match ? match[1] : null;
}

/** Apollo plugin: tells the request record (and its span) the operation's name and the errors answered. */
export function observabilityPlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart({ request }) {
      const record = currentRequest();
      if (!record) return;
      if (typeof request.operationName === 'string') record.operation = request.operationName;
      return {
        // a document that fails validation is still counted under its operation's name
        async validationDidStart({ document }) {
          const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
          const chosen = request.operationName
            ? operations.find((o) => o.name?.value === request.operationName)
            : operations.length === 1
              ? operations[0]
              : undefined;
          if (chosen?.name) record.operation = chosen.name.value;
        },
        async didResolveOperation({ operationName, operation }) {
          record.operation = operationName ?? null;
          if (record.span && operation) {
            record.span.updateName(`${operation.operation}${operationName ? ` ${operationName}` : ''}`);
            record.span.setAttribute('graphql.operation.type', operation.operation);
          }
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const code = error.extensions?.code;
            record.errorCodes.push(typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR');
          }
        },
      };
    },
  };
}

/**
 * Headers for a gateway→subgraph call: the request id, and (tracing on) the W3C trace context of
 * the active span. The signature covers the body only, so these do not change it.
 */
export function outgoingHeaders(headers: Record<string, string>): Record<string, string> {
  const record = currentRequest();
  const result = record ? { ...headers, [REQUEST_ID_HEADER]: record.id } : { ...headers };
  if (tracing) propagation.inject(context.active(), result);
  return result;
}

/**
 * Runs a gateway→subgraph call in a client span (tracing on) so that the subgraph's server span is
 * its child.
 */
export async function traceSubgraphCall<T>(subgraph: string, url: string, call: () => Promise<T>): Promise<T> {
  if (!tracing) return call();
  return tracer().startActiveSpan(
    `POST ${subgraph}`,
    { kind: SpanKind.CLIENT, attributes: { 'hub.subgraph': subgraph, 'server.address': safeHost(url), 'http.request.method': 'POST' } },
    async (span) => {
      try {
        const result = await call();
        const status = (result as { status?: unknown }).status;
        if (typeof status === 'number') {
          span.setAttribute('http.response.status_code', status);
          if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        }
        return result;
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}

const safeHost = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
};

/** The events a knex instance emits for each statement (the `knex` under MikroORM). */
interface QueryEmitter {
  on(event: 'query', listener: (query: { __knexQueryUid?: string; sql?: string }) => void): unknown;
  on(event: 'query-response', listener: (response: unknown, query: { __knexQueryUid?: string }) => void): unknown;
  on(event: 'query-error', listener: (error: Error, query: { __knexQueryUid?: string }) => void): unknown;
}

/**
 * A span for each SQL statement sent inside a traced request (tracing on only; statements outside a
 * request, such as migrations at start, make none). The statement's text is recorded, its bound
 * values are not.
 */
export function traceSql(knex: QueryEmitter, subgraph: string, schema: string) {
  if (!tracing) return;
  const open = new Map<string, Span>();
  knex.on('query', (query) => {
    if (!tracing || !query.__knexQueryUid || !trace.getSpan(context.active())) return;
    const text = query.sql ?? '';
    const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';
    const span = tracer().startSpan(`${verb} ${schema}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        'db.system.name': 'postgresql',
        'db.namespace': schema,
        'db.operation.name': verb,
        'db.query.text': text.slice(0, 2000),
        'hub.service': subgraph,
      },
    });
    open.set(query.__knexQueryUid, span);
  });
  const end = (query: { __knexQueryUid?: string }, error?: Error) => {
    const span = query.__knexQueryUid ? open.get(query.__knexQueryUid) : undefined;
    if (!span) return;
    open.delete(query.__knexQueryUid!);
    if (error) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
    span.end();
  };
  knex.on('query-response', (_response, query) => end(query));
  knex.on('query-error', (error, query) => end(query, error));
}
