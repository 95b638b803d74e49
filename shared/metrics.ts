import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from './database';

/**
 * Prometheus metrics of one server (the gateway, or one subgraph), served on its `/metrics`. Each
 * server has a registry of its own, so that the one-process hub (`npm start`) still answers per
 * server. Operation names come from clients: only GraphQL names are kept, and past
 * MAX_OPERATION_NAMES distinct ones the rest are counted as `other`.
 */

export const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type RequestLabels = 'service' | 'operation' | 'status';

export class ServerMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  readonly requests: Counter<RequestLabels>;
  readonly errors: Counter<'service' | 'operation' | 'code'>;
  readonly duration: Histogram<'service' | 'operation'>;
  /** Gateway only: its calls to each subgraph. */
  readonly subgraphRequests: Counter<'subgraph' | 'outcome'>;
  readonly subgraphDuration: Histogram<'subgraph'>;

  constructor(
    readonly service: string,
    options: { processMetrics?: boolean } = {},
  ) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'hub_requests_total',
      help: 'GraphQL requests answered, by service, operation name and HTTP status',
      labelNames: ['service', 'operation', 'status'],
      registers,
    });
    this.errors = new Counter({
      name: 'hub_request_errors_total',
      help: 'Errors in GraphQL answers (and failed HTTP requests), by service, operation name and error code',
      labelNames: ['service', 'operation', 'code'],
      registers,
    });
    this.duration = new Histogram({
      name: 'hub_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by service and operation name',
      labelNames: ['service', 'operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.subgraphRequests = new Counter({
      name: 'hub_subgraph_requests_total',
      help: 'Gateway calls to a subgraph, by subgraph and outcome (ok, error, timeout, unreachable)',
      labelNames: ['subgraph', 'outcome'],
      registers,
    });
    this.subgraphDuration = new Histogram({
      name: 'hub_subgraph_request_duration_seconds',
      help: 'Duration of gateway calls to a subgraph, by subgraph',
      labelNames: ['subgraph'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
  }

  /** The label of a client's operation name: the name, `anonymous`, or `other` (invalid, or past the cap). */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_NAMES) return 'other';
    this.operations.add(name);
    return name;
  }

  /** One answered request. */
  observeRequest(operation: string | null | undefined, status: number, seconds: number, errorCodes: string[]) {
    const label = this.operationLabel(operation);
    this.requests.inc({ service: this.service, operation: label, status: String(status) });
    this.duration.observe({ service: this.service, operation: label }, seconds);
    const codes = errorCodes.length > 0 ? errorCodes : status >= 400 ? [`HTTP_${status}`] : [];
    for (const code of codes) this.errors.inc({ service: this.service, operation: label, code });
  }

  /** One gateway call to a subgraph. */
  observeSubgraphCall(subgraph: string, outcome: 'ok' | 'error' | 'timeout' | 'unreachable', seconds: number) {
    this.subgraphRequests.inc({ subgraph, outcome });
    this.subgraphDuration.observe({ subgraph }, seconds);
  }

  /** Gauges of a subgraph's database connection pool, read when /metrics is scraped. */
  watchDatabasePool(subgraph: string, database: Database) {
    const pool = () => poolOf(database);
    new Gauge({
      name: 'hub_database_pool_connections',
      help: 'Database pool connections of a subgraph: used (lent to a request), free (idle), pending (requests waiting for one)',
      labelNames: ['subgraph', 'state'],
      registers: [this.registry],
      collect() {
        const current = pool();
        if (!current) return;
        this.set({ subgraph, state: 'used' }, current.numUsed());
        this.set({ subgraph, state: 'free' }, current.numFree());
        this.set({ subgraph, state: 'pending' }, current.numPendingAcquires());
      },
    });
    new Gauge({
      name: 'hub_database_pool_max',
      help: 'Largest number of connections the pool of a subgraph opens',
      labelNames: ['subgraph'],
      registers: [this.registry],
      collect() {
        const current = pool();
        if (current) this.set({ subgraph }, current.max);
      },
    });
  }

  /** GET /metrics in the Prometheus text format. */
  handler(): RequestHandler {
    return (_req, res, next) => {
      this.registry
        .metrics()
        .then((text) => res.type(this.registry.contentType).send(text))
        .catch(next);
    };
  }
}

/** The knex (tarn) pool under a database's MikroORM connection; null before it exists. */
interface TarnPool {
  max: number;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

function poolOf(database: Database): TarnPool | null {
  const client = database.orm.em.getConnection().getKnex().client as { pool?: TarnPool | null };
  return client.pool ?? null;
}
