import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createGatewayRuntime,
  type GatewayConfigSupergraph,
  type GatewayContext,
  type GatewayPlugin,
  type UnifiedGraphConfig,
} from '@graphql-hive/gateway';
import { GraphQLError } from 'graphql';
import { ConfigError } from '../shared/config';
import { edgeOptions, type EdgeOptions } from '../shared/edge';
import { ANONYMOUS, type Identity } from '../shared/identity';
import { checkOperationLimits, type OperationLimits } from '../shared/limits';
import { IDENTITY_EXTENSION, SIGNATURE_HEADER, signRequest } from '../shared/signature';
import type { RunningServer } from '../shared/server';
import { DEFAULT_SUBGRAPH_TIMEOUT_MS } from './subgraph-client';

/**
 * Hive Gateway (`@graphql-hive/gateway`) in front of the same subgraphs, on the same checked-in
 * supergraph, with the hub's own token verification and upstream signature: the second gateway of
 * README, "A second gateway: Hive Gateway". `npm run start:hive` (bin/start-hive-gateway.ts) runs it
 * with the variables of `npm run start:gateway`.
 *
 * Two small plugins do what gateway/index.ts does around Apollo Gateway:
 * - hubIdentityPlugin verifies the caller's bearer token with shared/identity.ts bearerVerifier (the
 *   same claims, lifetime and messages; an invalid token is UNAUTHENTICATED with HTTP 401);
 * - hubSignaturePlugin writes the caller's identity into each subgraph request's
 *   `extensions.hubIdentity` and signs the exact bytes sent with shared/signature.ts signRequest.
 * Hive's built-in `hmacSignature` cannot stand in for the second: it puts a base64 HMAC of the
 * request without a timestamp or the target into the body's extensions, which a subgraph here
 * refuses (it wants `x-hub-gateway-signature: t=…, v1=…` over the body, the target and the time).
 */

export interface HubHiveContext {
  identity: Identity;
}

export interface HiveGatewayOptions {
  /** The composed supergraph: its SDL, or a path or URL Hive Gateway loads it from. */
  supergraph: UnifiedGraphConfig;
  /** Subgraph name -> GraphQL URL; overrides the URL written in the supergraph. */
  subgraphUrls: Record<string, string>;
  verifyBearer: (authorization: string | undefined) => Promise<Identity>;
  internalSecret: string;
  /** Time limit of one gateway->subgraph call (HUB_SUBGRAPH_TIMEOUT_MS); default 10 s. */
  subgraphTimeoutMs?: number;
  /**
   * The operation limits, introspection and CORS origins of the hub's gateway (HUB_MAX_*,
   * HUB_INTROSPECTION, HUB_CORS_ORIGINS; defaults: shared/edge.ts). Trusted documents are not
   * carried over: Hive Gateway has its own persisted documents.
   */
  edge?: Partial<EdgeOptions>;
  /** Hive Gateway's own log (default off: the tests and the hub's log stay quiet). */
  logging?: boolean | 'debug' | 'info' | 'warn' | 'error';
}

/** Verifies the caller's bearer token once per operation; the identity rides in the context. */
export function hubIdentityPlugin(verifyBearer: HiveGatewayOptions['verifyBearer']): GatewayPlugin<HubHiveContext> {
  return {
    async onContextBuilding({ context, extendContext }) {
      const request = (context as Partial<GatewayContext>).request;
      let identity: Identity;
      try {
        identity = await verifyBearer(request?.headers.get('authorization') ?? undefined);
      } catch (error) {
        throw new GraphQLError((error as Error).message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      }
      extendContext({ identity });
    },
  };
}

/**
 * The hub's operation limits (shared/limits.ts: depth, aliases, directives, cost), measured on
 * each validated operation before it executes: the same refusals, codes and messages as the hub's
 * gateway (HTTP 400). The token limit is graphql-js's own and stays with each subgraph.
 */
export function hubLimitsPlugin(limits: OperationLimits): GatewayPlugin<HubHiveContext> {
  return {
    onExecute({ args }) {
      checkOperationLimits(args.schema, args.document, limits, {
        variables: args.variableValues as Record<string, unknown> | undefined,
        operationName: args.operationName,
      });
    },
  };
}

/** The subgraph a request goes to, as the supergraph names it (cities, meetings, funding, peer-reviews). */
const subgraphOf = (executionRequest: { subgraphName?: string } | undefined) => executionRequest?.subgraphName;

/**
 * The caller's identity into each subgraph request (before it is serialised, so that Hive's
 * deduplication of identical requests in flight never merges two callers), then the signature over
 * the exact body that goes on the wire. Register it after any plugin that changes the body.
 */
export function hubSignaturePlugin(internalSecret: string): GatewayPlugin<HubHiveContext> {
  return {
    onSubgraphExecute({ executionRequest, setExecutionRequest }) {
      const identity = (executionRequest.context as Partial<HubHiveContext> | undefined)?.identity ?? ANONYMOUS;
      setExecutionRequest({ ...executionRequest, extensions: { ...executionRequest.extensions, [IDENTITY_EXTENSION]: identity } });
    },
    onFetch({ executionRequest, options, setOptions }) {
      const subgraph = subgraphOf(executionRequest);
      // not a subgraph call (Hive Gateway fetching a supergraph from a URL): nothing to sign
      if (!subgraph) return;
      if (typeof options.body !== 'string')
        throw new Error(`hub signature: the request to the ${subgraph} subgraph has no text body to sign`);
      const headers =
        options.headers instanceof Headers
          ? Object.fromEntries(options.headers.entries())
          : { ...(options.headers as Record<string, string>) };
      setOptions({ ...options, headers: { ...headers, [SIGNATURE_HEADER]: signRequest(internalSecret, subgraph, options.body) } });
    },
  };
}

/** The Hive Gateway configuration of the hub: the supergraph, the subgraphs' URLs and the two plugins. */
export function hiveGatewayConfig(options: HiveGatewayOptions): GatewayConfigSupergraph<HubHiveContext> {
  const edge = edgeOptions(options.edge);
  if (edge.trustedDocuments)
    throw new ConfigError('HUB_TRUSTED_DOCUMENTS is not supported by Hive Gateway here: use its persistedDocuments option.');
  const introspection = edge.introspection;
  return {
    supergraph: options.supergraph,
    transportEntries: Object.fromEntries(Object.entries(options.subgraphUrls).map(([name, location]) => [name, { location }])),
    logging: options.logging ?? false,
    // the client's language reaches the subgraphs, which answer translated text in it
    propagateHeaders: {
      fromClientToSubgraphs: ({ request }: { request: Request }) => {
        const language = request.headers.get('accept-language');
        return language ? { 'accept-language': language } : {};
      },
    },
    upstreamTimeout: options.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS,
    cors: edge.corsOrigins.length === 0 ? false : { origin: edge.corsOrigins.includes('*') ? '*' : edge.corsOrigins },
    graphiql: introspection,
    landingPage: false,
    disableIntrospection: introspection ? undefined : { disableIf: () => true },
    // the probe paths of the hub's gateway (deploy/k8s): /live while the process runs, /ready once the supergraph is loaded
    healthCheckEndpoint: '/live',
    readinessCheckEndpoint: '/ready',
    plugins: () => [hubIdentityPlugin(options.verifyBearer), hubLimitsPlugin(edge.limits), hubSignaturePlugin(options.internalSecret)],
  };
}

/** Hive Gateway on its own HTTP server (the tests, and `npm run start:hive`). */
export async function startHiveGateway(options: HiveGatewayOptions & { port: number; host: string }): Promise<RunningServer> {
  const gateway = createGatewayRuntime<HubHiveContext>(hiveGatewayConfig(options));
  const server = createServer(gateway);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}/graphql`,
    port,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      await closed;
      clearTimeout(timer);
      await gateway.dispose();
    },
  };
}
