import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import { createContext, type HubContext } from './context';
import type { Database } from './database';
import { formatError } from './errors';
import { ANONYMOUS, INTERNAL_HEADER, verifyInternal, type Identity } from './identity';
import { DEFAULT_LOCALE, localeFromAcceptLanguage } from './locale';
import { buildSubgraphSchema, type SubgraphDefinition } from './subgraph';
import { apolloEdgeConfig, edgeOptions, type EdgeOptions } from './edge';
import { finishHttp, graphqlHttpHandlers } from './http';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0: any free port) and resolves once the server accepts connections. */
export async function listen(app: express.Express, port: number, host: string, onClose?: () => Promise<void>) {
  const httpServer: Server = createServer(app);
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
    async close() {
      await onClose?.();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeAllConnections?.();
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
}

/** Serves a subgraph over HTTP: POST /graphql for the gateway, GET /health for monitoring. */
export async function startSubgraphServer(options: SubgraphServerOptions): Promise<RunningServer> {
  const { definition, database } = options;
  const schema = await buildSubgraphSchema(definition);
  const app = express();
  app.disable('x-powered-by');
  const { formatErrorWrapper, plugins: edgePlugins, ...edgeConfig } = apolloEdgeConfig<HubContext>(edgeOptions(options.edge), 'subgraph');
  const apollo = new ApolloServer<HubContext>({
    schema,
    formatError: formatErrorWrapper(formatError),
    includeStacktraceInErrorResponses: false,
    ...edgeConfig,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...edgePlugins],
  });
  await apollo.start();

  app.get('/health', async (_req, res) => {
    try {
      await database.fork().getConnection().execute('select 1');
      res.json({ status: 'ok', subgraph: definition.name, database: database.embedded ? 'embedded' : 'server' });
    } catch {
      res.status(503).json({ status: 'down', subgraph: definition.name, database: 'unreachable' });
    }
  });

  app.use(
    '/graphql',
    ...graphqlHttpHandlers(),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const signature = req.headers[INTERNAL_HEADER];
        let identity: Identity;
        if (typeof signature === 'string') {
          try {
            identity = await verifyInternal(options.internalSecret, signature);
          } catch (error) {
            throw unauthenticatedHttp((error as Error).message);
          }
        } else if (options.devMode) {
          identity = options.verifyBearer ? await options.verifyBearer(req.headers.authorization) : ANONYMOUS;
        } else {
          throw unauthenticatedHttp('This service accepts requests only from the Intercity Hub gateway.');
        }
        const locale = localeFromAcceptLanguage(req.headers['accept-language']) ?? DEFAULT_LOCALE;
        return createContext(database.fork(), identity, locale);
      },
    }),
  );

  finishHttp(app);
  const running = await listen(app, options.port, options.host, () => apollo.stop());
  return { url: running.url, port: running.port, close: running.close };
}
