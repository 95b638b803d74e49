import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { INTERNAL_HEADER, signInternal, type Identity } from '../shared/identity';
import { listen, type RunningServer } from '../shared/server';
import { exportRouter } from './exports';

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
}

export const readSupergraph = (path: string) => readFileSync(path, 'utf8');

/** Signs the caller's identity and forwards Accept-Language on every request to a subgraph. */
class HubDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(url: string, private readonly internalSecret: string) {
    super({ url });
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const identity = (context as Partial<GatewayContext>).identity ?? { subject: null, roles: [] };
    request.http?.headers.set(INTERNAL_HEADER, await signInternal(this.internalSecret, identity));
    const language = (context as Partial<GatewayContext>).acceptLanguage;
    if (language) request.http?.headers.set('accept-language', language);
  }

  /**
   * A subgraph answers some bad input with an HTTP 400 (a custom scalar such as a date is parsed
   * only there); keep its error message and code instead of a bare "400: Bad Request".
   */
  override async errorFromResponse(response: FetcherResponse) {
    const body = (await this.parseBody(response).catch(() => null)) as { errors?: { message?: string; extensions?: { code?: unknown } }[] } | null;
    const first = body && typeof body === 'object' ? body.errors?.[0] : undefined;
    if (first?.message && typeof first.extensions?.code === 'string') {
      return new GraphQLError(first.message, { extensions: { code: first.extensions.code } });
    }
    return new GraphQLError(`${response.status}: ${response.statusText}`, { extensions: { code: response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR' } });
  }
}

/**
 * What the gateway answers: a subgraph's stable code is kept, internals never leave the hub, and an
 * unreachable subgraph is named rather than shown as a fetch error.
 */
export function gatewayFormatError(subgraphUrls: Record<string, string>) {
  return (formatted: GraphQLFormattedError): GraphQLFormattedError => {
    const { stacktrace: _s, exception: _e, response: _r, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    const code = extensions.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR') return { ...formatted, extensions };
    const failedUrl = /request to (\S+) failed/.exec(formatted.message)?.[1];
    const service =
      (typeof extensions.serviceName === 'string' ? extensions.serviceName : null) ??
      Object.entries(subgraphUrls).find(([, url]) => url === failedUrl)?.[0] ??
      null;
    const unreachable = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket hang up|fetch failed/i.test(formatted.message);
    return {
      message: unreachable && service ? `The ${service} service is unavailable; try again shortly.` : 'Internal server error.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(service ? { serviceName: service } : {}) },
    };
  };
}

async function probe(url: string) {
  const started = Date.now();
  try {
    const response = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(2000) });
    return { status: response.ok ? 'up' : 'down', httpStatus: response.status, latencyMs: Date.now() - started };
  } catch (error) {
    return { status: 'down', error: (error as Error).cause ? String((error as Error).cause) : (error as Error).message, latencyMs: Date.now() - started };
  }
}

/** The gateway: the supergraph behind one endpoint, with /health reporting every subgraph. */
export async function startGateway(options: GatewayOptions): Promise<RunningServer> {
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) => new HubDataSource(options.subgraphUrls[name] ?? url!, options.internalSecret),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError: gatewayFormatError(options.subgraphUrls),
    includeStacktraceInErrorResponses: false,
    introspection: true,
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    const names = Object.keys(options.subgraphUrls);
    const results = await Promise.all(names.map(async (name) => ({ name, url: options.subgraphUrls[name], ...(await probe(options.subgraphUrls[name])) })));
    const ok = results.every((r) => r.status === 'up');
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', subgraphs: results });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
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
  const running = await listen(app, options.port, options.host, () => apollo.stop());
  return { url: running.url, port: running.port, close: running.close };
}
