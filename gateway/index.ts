import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { publicCachePlugin } from '../shared/cache-control';
import type { Identity } from '../shared/identity';
import { IDENTITY_EXTENSION, SIGNATURE_HEADER, signRequest } from '../shared/signature';
import { shortenMessage } from '../shared/errors';
import { literalGuardPlugin } from './literal-guard';
import { listen, type RunningServer } from '../shared/server';
import { healthRoutes } from './health';
import {
  DEFAULT_SUBGRAPH_TIMEOUT_MS,
  failedPaths,
  isConnectionReset,
  isMutation,
  isTimeout,
  isUnreachable,
  SERVICE_UNAVAILABLE,
  subgraphFetcher,
  unavailableMessage,
  sharedReads,
} from './subgraph-client';
import { apolloEdgeConfig, edgeOptions, type EdgeOptions } from '../shared/edge';
import { finishHttp, graphqlHttpHandlers } from '../shared/http';
import { trustedDocumentsHandler } from '../shared/trusted-documents';
import { exportRouter } from './exports';
import { explorerRoutes } from './explorer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { rootLogger, type Logger } from '../shared/logger';
import { ServerMetrics } from '../shared/metrics';
import { observabilityPlugin, observeRequests, outgoingHeaders, traceSubgraphCall } from '../shared/telemetry';

export interface GatewayContext {
  identity: Identity;
  acceptLanguage?: string;
}

export interface GatewayOptions {
  /** The composed supergraph SDL (schema/supergraph.graphql); never composed at request time. */
  supergraphSdl: string;
  /** Subgraph name -> GraphQL URL; overrides the URL written in the supergraph. */
  subgraphUrls: Record<string, string>;
  verifyBearer: (authorization: string | undefined) => Promise<Identity>;
  internalSecret: string;
  port: number;
  host: string;
  /** Time limit of one gateway->subgraph call (HUB_SUBGRAPH_TIMEOUT_MS); default 10 s. */
  subgraphTimeoutMs?: number;
  /** Operation limits, request timeout, CORS, trusted documents, introspection (defaults: shared/edge.ts). */
  edge?: Partial<EdgeOptions>;
  /** Where the request log goes (default: the process's logger, shared/logger.ts). */
  logger?: Logger;
  /** Add the process's CPU, memory and event-loop metrics to /metrics (the processes started by bin/). */
  processMetrics?: boolean;
}

/**
 * Puts the caller's identity into the request body (`extensions.hubIdentity`), signs the exact
 * bytes sent to the subgraph (shared/signature.ts), and forwards Accept-Language. A call
 * has a time limit; a query whose connection was reset is sent once more (never a mutation); a
 * subgraph that is down, too slow or failing leaves its fields null, each with an error naming the
 * subgraph (`extensions.serviceName`) and the field's path, while the rest of the answer keeps its data.
 */
export class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly internalSecret: string,
    readonly serviceName = 'subgraph',
    readonly timeoutMs = DEFAULT_SUBGRAPH_TIMEOUT_MS,
    /** The gateway's metrics: each call is counted and timed per subgraph. */
    private readonly metrics?: ServerMetrics,
  ) {
    super({ url });
    // RemoteGraphQLDataSource serialises the body itself (JSON.stringify in sendRequest) and hands
    // the string to its fetcher: signing there covers exactly the bytes that go on the wire.
    const send = subgraphFetcher(timeoutMs);
    const reads = sharedReads();
    this.fetcher = (input, init) => {
      const body = typeof init?.body === 'string' ? init.body : '';
      // the request id and (tracing on) the W3C trace context travel as headers: the signature covers the body
      const call = () => {
        const headers = outgoingHeaders({
          ...(init?.headers as Record<string, string> | undefined),
          [SIGNATURE_HEADER]: signRequest(this.internalSecret, this.serviceName, body),
        });
        return send(input, { ...init, headers });
      };
      const language = (init?.headers as Record<string, string> | undefined)?.['accept-language'];
      return reads.fetch(input, body, language, () => this.observedCall(input, call));
    };
  }

  /** One call to the subgraph, traced and counted in the gateway's metrics. */
  private observedCall(input: string, call: () => Promise<FetcherResponse>): Promise<FetcherResponse> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    return traceSubgraphCall(this.serviceName, input, call).then(
      (response) => {
        this.metrics?.observeSubgraphCall(this.serviceName, response.status >= 400 ? 'error' : 'ok', seconds());
        return response;
      },
      (error: unknown) => {
        this.metrics?.observeSubgraphCall(
          this.serviceName,
          isTimeout(error) ? 'timeout' : isUnreachable(error) ? 'unreachable' : 'error',
          seconds(),
        );
        throw error;
      },
    );
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (error) {
      // Only calls made for a client's operation (not schema loading or health checks).
      if ((options.kind as string) !== 'incoming operation') throw error;
      const query = options.request.query ?? '';
      if (isConnectionReset(error) && !isMutation(query, 'document' in options ? options.document : undefined)) {
        try {
          return await super.process(options);
        } catch (again) {
          return this.failed(options, again);
        }
      }
      return this.failed(options, error);
    }
  }

  /** The answer of a call that failed: no data, and one error per field it should have answered. */
  private failed(options: GraphQLDataSourceProcessOptions<GatewayContext>, error: unknown) {
    const stable = error instanceof GraphQLError ? error.extensions?.code : undefined;
    const transport = isTimeout(error) || isUnreachable(error) || !(error instanceof GraphQLError);
    if (typeof stable === 'string' && stable !== 'INTERNAL_SERVER_ERROR' && !transport) throw error;
    if (!isTimeout(error) && !isUnreachable(error)) console.error(`[gateway] call to the ${this.serviceName} subgraph failed:`, error);
    const message = unavailableMessage(this.serviceName, error, this.timeoutMs);
    const paths = failedPaths(options.request.query ?? '', options.request.variables as Record<string, unknown> | undefined);
    return {
      errors: paths.map(
        (path) => new GraphQLError(message, { path: path.length ? path : undefined, extensions: { code: SERVICE_UNAVAILABLE } }),
      ),
    };
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const identity = (context as Partial<GatewayContext>).identity ?? { subject: null, roles: [] };
    request.extensions = { ...request.extensions, [IDENTITY_EXTENSION]: identity };
    const language = (context as Partial<GatewayContext>).acceptLanguage;
    if (language) request.http?.headers.set('accept-language', language);
  }

  /**
   * A subgraph answers some bad input with an HTTP 400 (a custom scalar such as a date is parsed
   * only there); keep its error message and code instead of a bare "400: Bad Request".
   */
  override async errorFromResponse(response: FetcherResponse) {
    const body = (await this.parseBody(response).catch(() => null)) as {
      errors?: { message?: string; extensions?: { code?: unknown } }[];
    } | null;
    const first = body && typeof body === 'object' ? body.errors?.[0] : undefined;
    if (first?.message && typeof first.extensions?.code === 'string') {
      return new GraphQLError(first.message, { extensions: { code: first.extensions.code } });
    }
    return new GraphQLError(`${response.status}: ${response.statusText}`, {
      extensions: { code: response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR' },
    });
  }
}

/**
 * What the gateway answers: a subgraph's stable code is kept, internals never leave the hub, and an
 * unreachable subgraph is named rather than shown as a fetch error.
 */
export function gatewayFormatError(subgraphUrls: Record<string, string>) {
  return (unshortened: GraphQLFormattedError): GraphQLFormattedError => {
    // graphql-js's variable-coercion messages echo the whole value: quote only a prefix
    const formatted = { ...unshortened, message: shortenMessage(unshortened.message) };
    const { stacktrace: _s, exception: _e, response: _r, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const code = extensions.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') return { ...formatted, extensions };
    const failedUrl = /request to (\S+) failed/.exec(formatted.message)?.[1];
    const service =
      (typeof extensions.serviceName === 'string' ? extensions.serviceName : null) ??
      Object.entries(subgraphUrls).find(([, url]) => url === failedUrl)?.[0] ??
      null;
    const unreachable = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up|fetch failed/i.test(formatted.message);
    if (unreachable && service) {
      return {
        message: `The ${service} service is unavailable; try again shortly.`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code: SERVICE_UNAVAILABLE, serviceName: service },
      };
    }
    return {
      message: 'Internal server error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(service ? { serviceName: service } : {}) },
    };
  };
}

/**
 * The gateway: the supergraph behind one endpoint; /live and /health say it runs, /ready reports
 * every subgraph, /metrics counts requests; a browser asking for /graphql gets the explorer.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const metrics = new ServerMetrics('gateway', { processMetrics: options.processMetrics });
  const observe = observeRequests({ service: 'gateway', metrics, logger: options.logger ?? rootLogger() });
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new HubDataSource(
        options.subgraphUrls[name] ?? url!,
        options.internalSecret,
        name,
        options.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS,
        metrics,
      ),
  });
  const edge = edgeOptions(options.edge);
  const { formatErrorWrapper, plugins: edgePlugins, ...edgeConfig } = apolloEdgeConfig<GatewayContext>(edge, 'gateway');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: formatErrorWrapper(gatewayFormatError(options.subgraphUrls)),
    includeStacktraceInErrorResponses: false,
    // the process stops on signals itself (shared/shutdown.ts), draining the HTTP server first
    stopOnTerminationSignals: false,
    ...edgeConfig,
    plugins: [
      // the explorer is the gateway's own (gateway/explorer.ts), never Apollo's CDN-loaded Sandbox
      ...(edge.introspection ? [ApolloServerPluginLandingPageDisabled()] : []),
      literalGuardPlugin(),
      observabilityPlugin<GatewayContext>(),
      // Cache-Control from the subgraphs' hints (Apollo Server's cache control plugin, on by default)
      publicCachePlugin<GatewayContext>(),
      ...edgePlugins,
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.use(healthRoutes(options.subgraphUrls));
  app.get('/metrics', metrics.handler());
  if (edge.introspection) app.use(explorerRoutes());
  app.use(
    '/graphql',
    observe.start,
    ...graphqlHttpHandlers({
      corsOrigins: edge.corsOrigins,
      requestTimeoutMs: edge.requestTimeoutMs,
      trustedDocuments: edge.trustedDocuments && trustedDocumentsHandler(edge.trustedDocuments),
    }),
    observe.bind,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        let identity: Identity;
        try {
          identity = await options.verifyBearer(req.headers.authorization);
        } catch (error) {
          throw new GraphQLError((error as Error).message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
        }
        return { identity, acceptLanguage: req.headers['accept-language'] };
      },
    }),
  );
  app.use('/export', exportRouter(apollo));
  finishHttp(app);
  const running = await listen(app, options.port, options.host, () => apollo.stop());
  return { url: running.url, port: running.port, close: running.close };
}
