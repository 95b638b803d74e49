import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { createContext, type HubContext } from './context';
import type { Database } from './database';
import { formatError } from './errors';
import { inRequestScope, setCaller } from './history';
import { ANONYMOUS, type Identity } from './identity';
import { SIGNATURE_HEADER, identityFromSignedBody, verifyRequest } from './signature';
import { DEFAULT_LOCALE, localeFromAcceptLanguage } from './locale';
import { buildSubgraphSchema, type SubgraphDefinition } from './subgraph';
import { healthRouter, probeState } from './health';
import { SERVER_HEADERS_TIMEOUT_MS, SERVER_KEEP_ALIVE_TIMEOUT_MS } from './keep-alive';
import { apolloEdgeConfig, edgeOptions, type EdgeOptions } from './edge';
import { finishHttp, graphqlHttpHandlers } from './http';
import { rootLogger, type Logger } from './logger';
import { ServerMetrics } from './metrics';
import { observabilityPlugin, observeRequests } from './telemetry';
import { publicCachePlugin } from './cache-control';

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Stops taking connections, lets the requests in flight finish (at most `graceMs`, default
   * DEFAULT_SHUTDOWN_GRACE_MS), then closes what is left.
   */
  close(graceMs?: number): Promise<void>;
}

export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/** Listens on `port` (0: any free port) and resolves once the server accepts connections. */
export async function listen(app: express.Express, port: number, host: string, onClose?: () => Promise<void>) {
  // requests in flight, so that close() can wait for them (draining)
  let inFlight = 0;
  let closing = false;
  let drained: (() => void) | null = null;
  const httpServer: Server = createServer((req, res) => {
    inFlight += 1;
    // a request that arrives on a kept-alive connection while draining is served, on that
    // connection's last turn
    if (closing) res.setHeader('connection', 'close');
    res.once('close', () => {
      inFlight -= 1;
      if (closing && inFlight === 0) drained?.();
    });
    app(req, res);
  });
  // Idle keep-alive connections stay open longer than the gateway keeps them (shared/keep-alive.ts).
  httpServer.keepAliveTimeout = SERVER_KEEP_ALIVE_TIMEOUT_MS;
  httpServer.headersTimeout = SERVER_HEADERS_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => resolve());
  });
  const actual = (httpServer.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '127.0.0.1' ? 'localhost' : host;
  return {
    httpServer,
    port: actual,
    url: `http://${shownHost}:${actual}/graphql`,
    async close(graceMs = DEFAULT_SHUTDOWN_GRACE_MS) {
      closing = true;
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
        ]);
        clearTimeout(timer);
      }
      httpServer.closeAllConnections();
      await closed;
      await onClose?.();
    },
  };
}

const unauthenticatedHttp = (message: string) =>
  new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

export interface SubgraphServerOptions {
  definition: SubgraphDefinition;
  database: Database;
  port: number;
  host: string;
  /** Secret the gateway signs requests with. */
  internalSecret: string;
  /** Accept requests that do not come from the gateway; `verifyBearer` then reads their bearer token. */
  devMode?: boolean;
  verifyBearer?: (authorization: string | undefined) => Promise<Identity>;
  /** Operation limits (a second line behind the gateway's) and introspection; defaults: shared/edge.ts. */
  edge?: Partial<EdgeOptions>;
  /** Where the request log goes (default: the process's logger, shared/logger.ts). */
  logger?: Logger;
  /** Add the process's CPU, memory and event-loop metrics to /metrics (the processes started by bin/). */
  processMetrics?: boolean;
}

/** Serves a subgraph over HTTP: POST /graphql for the gateway, GET /live, /ready and /metrics for monitoring. */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningServer> {
  const { definition, database } = options;
  const schema = await buildSubgraphSchema(definition);
  const app = express();
  app.disable('x-powered-by');
  const edge = edgeOptions(options.edge);
  const { formatErrorWrapper, plugins: edgePlugins, ...edgeConfig } = apolloEdgeConfig<HubContext>(edge, 'subgraph');
  const metrics = new ServerMetrics(definition.name, { processMetrics: options.processMetrics });
  metrics.watchDatabasePool(definition.name, database);
  const observe = observeRequests({ service: definition.name, metrics, logger: options.logger ?? rootLogger() });
  const apollo = new ApolloServer<HubContext>({
    schema,
    formatError: formatErrorWrapper(formatError),
    includeStacktraceInErrorResponses: false,
    stopOnTerminationSignals: false,
    ...edgeConfig,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      // a subgraph answers only the gateway: no landing page (and none loaded from a CDN)
      ...(edge.introspection ? [ApolloServerPluginLandingPageDisabled()] : []),
      observabilityPlugin<HubContext>(),
      // the @cacheControl hints make the Cache-Control header the gateway reads (shared/cache-control.ts)
      publicCachePlugin<HubContext>(),
      ...edgePlugins,
    ],
  });
  await apollo.start();

  app.use(
    healthRouter(async () => {
      const state = await probeState(async () => (await database.fork().getConnection().execute('select 1'), true));
      return { ready: state === 'up', subgraph: definition.name, database: state };
    }),
  );

  app.get('/metrics', metrics.handler());

  app.use(
    '/graphql',
    observe.start,
    // keeps the exact bytes received (req.rawBody): the gateway's signature covers them
    ...graphqlHttpHandlers(),
    observe.bind,
    // a request scope: the changes this request makes are recorded as its caller's (shared/history.ts)
    (_req: express.Request, _res: express.Response, next: express.NextFunction) => inRequestScope(next),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const signature = req.headers[SIGNATURE_HEADER];
        let identity: Identity;
        if (typeof signature === 'string') {
          try {
            verifyRequest(options.internalSecret, definition.name, signature, (req as { rawBody?: Buffer }).rawBody);
            identity = identityFromSignedBody(req.body);
          } catch (error) {
            throw unauthenticatedHttp((error as Error).message);
          }
        } else if (options.devMode) {
          identity = options.verifyBearer ? await options.verifyBearer(req.headers.authorization) : ANONYMOUS;
        } else {
          throw unauthenticatedHttp('This service accepts requests only from the Intercity Hub gateway.');
        }
        const locale = localeFromAcceptLanguage(req.headers['accept-language']) ?? DEFAULT_LOCALE;
        setCaller(identity);
        return createContext(database.fork(), identity, locale);
      },
    }),
  );

  finishHttp(app);
  const running = await listen(app, options.port, options.host, () => apollo.stop());
  return { url: running.url, port: running.port, close: running.close };
}
