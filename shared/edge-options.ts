import { DEFAULT_LIMITS as DEFAULTS, DEFAULT_REQUEST_TIMEOUT_MS } from './config';
import type { OperationLimits } from './limits';
import { loadTrustedDocuments, type TrustedDocuments } from './trusted-documents';

/*
 * The edge's options and how the variables give them: apart from shared/edge.ts, which applies them
 * and loads Apollo Server, so that an entry point reads its configuration before it loads the rest.
 */

/** What the hub shows and refuses at its public edge: gateway and subgraphs alike unless noted. */
export interface EdgeOptions {
  limits: OperationLimits;
  /** Introspection, the landing page and "Did you mean" suggestions. */
  introspection: boolean;
  /** Gateway only: the longest a request may take (0: no limit). */
  requestTimeoutMs: number;
  /** Gateway only: origins allowed to call from a browser. */
  corsOrigins: string[];
  /** Gateway only: when set, only these operations run. */
  trustedDocuments?: TrustedDocuments;
}

export const defaultEdgeOptions = (): EdgeOptions => ({
  limits: { ...DEFAULTS },
  introspection: process.env.NODE_ENV !== 'production',
  requestTimeoutMs: DEFAULT_REQUEST_TIMEOUT_MS,
  corsOrigins: [],
});

export const edgeOptions = (given: Partial<EdgeOptions> = {}): EdgeOptions => {
  const defaults = defaultEdgeOptions();
  return { ...defaults, ...given, limits: { ...defaults.limits, ...given.limits } };
};

/** Maps validated variables (limitSpecs, gatewayEdgeSpecs of shared/config.ts) to EdgeOptions. */
export function edgeOptionsFromEnv(config: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): EdgeOptions {
  // a subgraph started alone reads only limitSpecs: envalid's result throws on any other name
  const read = (name: string) => (name in config ? config[name] : undefined);
  const origins = typeof read('HUB_CORS_ORIGINS') === 'string' ? (read('HUB_CORS_ORIGINS') as string) : '';
  const trusted = typeof read('HUB_TRUSTED_DOCUMENTS') === 'string' ? (read('HUB_TRUSTED_DOCUMENTS') as string) : '';
  return {
    limits: {
      maxDepth: config.HUB_MAX_DEPTH as number,
      maxAliases: config.HUB_MAX_ALIASES as number,
      maxTokens: config.HUB_MAX_TOKENS as number,
      maxDirectives: config.HUB_MAX_DIRECTIVES as number,
      maxCost: config.HUB_MAX_COST as number,
    },
    introspection: (config.HUB_INTROSPECTION as boolean | undefined) ?? env.NODE_ENV !== 'production',
    requestTimeoutMs: (read('HUB_REQUEST_TIMEOUT_MS') as number | undefined) ?? DEFAULT_REQUEST_TIMEOUT_MS,
    corsOrigins: origins
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustedDocuments: trusted ? loadTrustedDocuments(trusted) : undefined,
  };
}
