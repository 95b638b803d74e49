import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { propagation, SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startHub, type Hub } from '../gateway/hub';
import { createLogger } from '../shared/logger';
import { MAX_OPERATION_NAMES, ServerMetrics } from '../shared/metrics';
import { startTracing, startTracingFromEnv, stopTracing, flushTracing, tracingEnabled } from '../shared/telemetry';
import { cities } from '../subgraphs/cities';
import { run, type Child } from './child-hub';
import { composeSupergraph, createScratchDatabase, postGraphQL, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './helpers';
import { freePort } from './subgraph-process';

/**
 * Traces, metrics and logs of a real hub (gateway + the cities subgraph on a real database), over
 * real HTTP. In this process the spans go to an in-memory exporter; the last test runs the gateway
 * and the subgraph as two processes (`npm run start:gateway`, `start:subgraph`) that export over
 * OTLP/HTTP to a receiver on 127.0.0.1 started here, as they would to a collector.
 */

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: OtlpValue }[];
}
interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number;
  service: string;
  attributes: Record<string, string | number | undefined>;
}

// OTLP's numbering of span kinds
const SERVER = 2;
const CLIENT = 3;

let receiver: Server;
let receiverUrl: string;
const memory = new InMemorySpanExporter();
/** Spans of the in-process hub (from the in-memory exporter), as OTLP would carry them. */
const received: ReceivedSpan[] = [];
/** Spans the child processes sent over OTLP/HTTP. */
const exported: ReceivedSpan[] = [];
const exportRequests: { path: string; contentType: string | undefined }[] = [];
const logLines: Record<string, unknown>[] = [];
let hub: Hub;
let dropDatabase: (() => Promise<void>) | undefined;

function collectMemorySpans() {
  const kinds: Record<number, number> = {
    [SpanKind.INTERNAL]: 1,
    [SpanKind.SERVER]: SERVER,
    [SpanKind.CLIENT]: CLIENT,
    [SpanKind.PRODUCER]: 4,
    [SpanKind.CONSUMER]: 5,
  };
  for (const span of memory.getFinishedSpans()) {
    received.push({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      parentSpanId: span.parentSpanContext?.spanId ?? null,
      name: span.name,
      kind: kinds[span.kind],
      service: String(span.resource.attributes['service.name']),
      attributes: Object.fromEntries(
        Object.entries(span.attributes).map(([key, value]) => [
          key,
          typeof value === 'number' ? value : value === undefined ? undefined : String(value),
        ]),
      ),
    });
  }
  memory.reset();
}

function readSpans(body: string) {
  const parsed = JSON.parse(body) as {
    resourceSpans: { resource: { attributes: { key: string; value: OtlpValue }[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
  };
  for (const resourceSpans of parsed.resourceSpans) {
    const service = resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
    for (const scope of resourceSpans.scopeSpans) {
      for (const span of scope.spans) {
        exported.push({
          traceId: span.traceId,
          spanId: span.spanId,
          parentSpanId: span.parentSpanId || null,
          name: span.name,
          kind: span.kind,
          service,
          attributes: Object.fromEntries(
            span.attributes.map((a) => [
              a.key,
              a.value.stringValue ?? (a.value.intValue === undefined ? undefined : Number(a.value.intValue)),
            ]),
          ),
        });
      }
    }
  }
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      exportRequests.push({ path: req.url ?? '', contentType: req.headers['content-type'] });
      readSpans(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  await startTracing({ serviceName: 'intercity-hub-test', exporter: memory, simple: true });

  const logger = createLogger({
    level: 'info',
    destination: new Writable({
      write(chunk: Buffer, _encoding, callback) {
        for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) logLines.push(JSON.parse(line) as Record<string, unknown>);
        callback();
      },
    }),
  });
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : null;
  dropDatabase = scratch?.drop;
  hub = await startHub({
    subgraphs: [cities],
    dataDir: ':memory:',
    databaseUrl: scratch?.url,
    seed: 'auto',
    host: '127.0.0.1',
    gatewayPort: 0,
    subgraphPorts: { cities: 0 },
    jwtSecret: TEST_JWT_SECRET,
    internalSecret: TEST_INTERNAL_SECRET,
    devMode: false,
    supergraphSdl: await composeSupergraph([cities]),
    subgraphTimeoutMs: 30_000,
    logger,
  });
});

afterAll(async () => {
  await stopTracing();
  await hub?.close();
  await dropDatabase?.();
  await new Promise<void>((resolve) => receiver?.close(() => resolve()));
});

const CITY_QUERY = `query CityProfile { city(slug: "trondheim") { name settlementYears { year decided } } }`;

async function metricsOf(url: string): Promise<string> {
  const response = await fetch(url.replace(/\/graphql$/, '/metrics'));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  return response.text();
}

/** The value of one sample line, `name{labels} value`, or null when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const body = /^[^{]+\{([^}]*)\}\s+(\S+)$/.exec(line);
    if (!body) continue;
    const found = Object.fromEntries([...body[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v) && Object.keys(found).length === Object.keys(labels).length)
      return Number(body[2]);
  }
  return null;
}

test('one request is one trace: gateway server span → call to the subgraph → subgraph server span → SQL spans', async () => {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: CITY_QUERY }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data?: { city?: { name?: string } } };
  expect(body.data?.city?.name).toBe('Trondheim');
  const requestId = response.headers.get('x-request-id');
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);

  await flushTracing();
  collectMemorySpans();

  const root = received.find(
    (s) => s.kind === SERVER && s.attributes['hub.service'] === 'gateway' && s.attributes['hub.request_id'] === requestId,
  );
  expect(root).toBeDefined();
  expect(root!.parentSpanId).toBeNull();
  expect(root!.service).toBe('intercity-hub-test');
  expect(root!.attributes['graphql.operation.name']).toBe('CityProfile');
  expect(root!.attributes['http.response.status_code']).toBe(200);
  expect(root!.name).toBe('query CityProfile');

  const trace = received.filter((s) => s.traceId === root!.traceId);
  const byId = new Map(trace.map((s) => [s.spanId, s]));
  const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
    const chain: ReceivedSpan[] = [];
    for (
      let parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      parent;
      parent = parent.parentSpanId ? byId.get(parent.parentSpanId) : undefined
    )
      chain.push(parent);
    return chain;
  };

  // the gateway's call to the subgraph, inside the gateway's span (through Apollo Gateway's own spans)
  const call = trace.find((s) => s.kind === CLIENT && s.attributes['hub.subgraph'] === 'cities');
  expect(call).toBeDefined();
  expect(ancestors(call!)).toContain(root);

  // the subgraph's server span: its parent is that call, known to the subgraph only through the traceparent header
  const subgraph = trace.find((s) => s.kind === SERVER && s.attributes['hub.service'] === 'cities');
  expect(subgraph).toBeDefined();
  expect(subgraph!.parentSpanId).toBe(call!.spanId);
  expect(subgraph!.attributes['hub.request_id']).toBe(requestId);

  // each SQL statement of the subgraph's work, under the subgraph's span
  const sql = trace.filter((s) => s.attributes['db.system.name'] === 'postgresql');
  expect(sql.length).toBeGreaterThan(0);
  for (const statement of sql) {
    expect(ancestors(statement)).toContain(subgraph);
    expect(statement.attributes['db.namespace']).toBe('cities');
  }
  expect(
    sql.some((s) => /^select\b/i.test(String(s.attributes['db.query.text'])) && /"city"|city/.test(String(s.attributes['db.query.text']))),
  ).toBe(true);
});

test('one JSON log line per request at the gateway and at the subgraph, with the request id, trace id, operation, status and duration', async () => {
  logLines.length = 0;
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'log-test-1' },
    body: JSON.stringify({ query: CITY_QUERY }),
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('x-request-id')).toBe('log-test-1');
  await response.json();
  await flushTracing();
  collectMemorySpans();
  const lines = logLines.filter((line) => line.requestId === 'log-test-1');
  expect(lines.map((line) => line.service).sort()).toEqual(['cities', 'gateway']);
  const gateway = lines.find((line) => line.service === 'gateway')!;
  expect(gateway).toEqual(
    expect.objectContaining({
      level: 'info',
      msg: 'request',
      operation: 'CityProfile',
      status: 200,
      method: 'POST',
      durationMs: expect.any(Number),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
    }),
  );
  const root = received.find((s) => s.attributes['hub.request_id'] === 'log-test-1' && s.attributes['hub.service'] === 'gateway');
  expect(gateway.traceId).toBe(root?.traceId);
  const subgraph = lines.find((line) => line.service === 'cities')!;
  expect(subgraph.traceId).toBe(gateway.traceId);
  expect(subgraph.status).toBe(200);
  // the gateway's operation sent to the subgraph is named after the client's
  expect(String(subgraph.operation)).toMatch(/^CityProfile__cities__\d+$/);
});

test('/metrics on the gateway and on the subgraph reflects the requests made', async () => {
  const before = await metricsOf(hub.url);
  const count = (text: string) => sample(text, 'hub_requests_total', { service: 'gateway', operation: 'CityProfile', status: '200' }) ?? 0;
  const histogramCount = (text: string) =>
    sample(text, 'hub_request_duration_seconds_count', { service: 'gateway', operation: 'CityProfile' }) ?? 0;
  const calls = (text: string) => sample(text, 'hub_subgraph_requests_total', { subgraph: 'cities', outcome: 'ok' }) ?? 0;
  const failures = (text: string) =>
    sample(text, 'hub_request_errors_total', { service: 'gateway', operation: 'Broken', code: 'GRAPHQL_VALIDATION_FAILED' }) ?? 0;

  for (let i = 0; i < 3; i++) expect((await postGraphQL(hub.url, CITY_QUERY)).status).toBe(200);
  const broken = await postGraphQL(hub.url, `query Broken { noSuchField }`);
  expect(broken.status).toBe(400);

  const after = await metricsOf(hub.url);
  expect(count(after) - count(before)).toBe(3);
  expect(histogramCount(after) - histogramCount(before)).toBe(3);
  expect(calls(after) - calls(before)).toBe(3);
  expect(failures(after) - failures(before)).toBe(1);
  expect(sample(after, 'hub_requests_total', { service: 'gateway', operation: 'Broken', status: '400' })).toBeGreaterThanOrEqual(1);

  // the subgraph counts the calls it answered and shows its database pool
  const subgraphMetrics = await metricsOf(hub.subgraphs.cities.server.url);
  const answered = subgraphMetrics
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('hub_requests_total{') && line.includes('service="cities"') && /operation="CityProfile__cities__\d+"/.test(line),
    )
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
  expect(answered).toBeGreaterThanOrEqual(3 + 2);
  for (const state of ['used', 'free', 'pending']) {
    expect(sample(subgraphMetrics, 'hub_database_pool_connections', { subgraph: 'cities', state })).not.toBeNull();
  }
  expect(sample(subgraphMetrics, 'hub_database_pool_max', { subgraph: 'cities' })).toBe(process.env.DATABASE_URL ? 10 : 1);
});

test('operation names from clients cannot grow the label set without bound', async () => {
  const anonymous = await postGraphQL(hub.url, `{ cities(first: 1) { totalCount } }`);
  expect(anonymous.status).toBe(200);
  const text = await metricsOf(hub.url);
  expect(sample(text, 'hub_requests_total', { service: 'gateway', operation: 'anonymous', status: '200' })).toBeGreaterThanOrEqual(1);

  const metrics = new ServerMetrics('gateway');
  const labels = Array.from({ length: MAX_OPERATION_NAMES + 50 }, (_, i) => metrics.operationLabel(`Operation${i}`));
  expect(new Set(labels).size).toBe(MAX_OPERATION_NAMES + 1);
  expect(labels.at(-1)).toBe('other');
  expect(metrics.operationLabel('Operation0')).toBe('Operation0');
  expect(metrics.operationLabel('not a name')).toBe('other');
  expect(metrics.operationLabel(null)).toBe('anonymous');
});

test('without OTEL_EXPORTER_OTLP_ENDPOINT nothing is registered, and requests make no spans and send no trace context', async () => {
  expect(await startTracingFromEnv('x', {})).toBe(false);
  collectMemorySpans();
  await stopTracing();
  expect(tracingEnabled()).toBe(false);
  expect(propagation.fields()).toEqual([]);
  const spansBefore = received.length;
  logLines.length = 0;
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': 'untraced-1' },
    body: JSON.stringify({ query: CITY_QUERY }),
  });
  expect(response.status).toBe(200);
  await response.json();
  await new Promise((resolve) => setTimeout(resolve, 200));
  collectMemorySpans();
  expect(received.length).toBe(spansBefore);
  const lines = logLines.filter((line) => line.requestId === 'untraced-1');
  expect(lines.map((line) => [line.service, line.traceId]).sort()).toEqual([
    ['cities', null],
    ['gateway', null],
  ]);
});

describe('as separate processes, exported over OTLP/HTTP', () => {
  const children: Child[] = [];
  afterAll(async () => {
    for (const child of children) {
      if (child.process.exitCode === null) child.process.kill('SIGKILL');
    }
  });

  const waitFor = async (child: Child, text: string) => {
    const outcome = await Promise.race([
      (async () => {
        while (!child.output().includes(text)) await new Promise((resolve) => setTimeout(resolve, 200));
        return 'ok';
      })(),
      child.exited.then((code) => `exited with ${code}`),
    ]);
    if (outcome !== 'ok') throw new Error(`${outcome}:\n${child.output()}`);
  };

  test('the gateway and the cities subgraph, each in its own process, send one trace to the collector; their logs carry its id', async () => {
    const [subgraphPort, gatewayPort] = [await freePort(), await freePort()];
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiverUrl, OTEL_SERVICE_NAME: undefined, HUB_LOG_LEVEL: 'info' };
    const subgraph = run('start-subgraph', ['cities'], {
      ...otel,
      HUB_DATA_DIR: ':memory:',
      CITIES_PORT: String(subgraphPort),
      HUB_HOST: '127.0.0.1',
    });
    children.push(subgraph);
    await waitFor(subgraph, 'Subgraph cities:');
    const gateway = run('start-gateway', [], {
      ...otel,
      HUB_GATEWAY_PORT: String(gatewayPort),
      HUB_HOST: '127.0.0.1',
      CITIES_URL: `http://127.0.0.1:${subgraphPort}/graphql`,
      // the other subgraphs are not running: nothing in this test asks them
      MEETINGS_URL: 'http://127.0.0.1:9/graphql',
      FUNDING_URL: 'http://127.0.0.1:9/graphql',
      PEER_REVIEWS_URL: 'http://127.0.0.1:9/graphql',
    });
    children.push(gateway);
    await waitFor(gateway, 'Gateway:');

    const response = await fetch(`http://127.0.0.1:${gatewayPort}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'otlp-test-1' },
      body: JSON.stringify({ query: CITY_QUERY }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { city: { name: string } } }).data.city.name).toBe('Trondheim');

    // a clean stop exports what is left
    gateway.process.kill('SIGTERM');
    subgraph.process.kill('SIGTERM');
    expect(await gateway.exited).toBe(0);
    expect(await subgraph.exited).toBe(0);

    expect(exportRequests.length).toBeGreaterThan(0);
    expect(exportRequests.every((r) => r.path === '/v1/traces' && /json/.test(r.contentType ?? ''))).toBe(true);
    const root = exported.find(
      (s) => s.kind === SERVER && s.service === 'intercity-hub-gateway' && s.attributes['hub.request_id'] === 'otlp-test-1',
    );
    expect(root).toBeDefined();
    const trace = exported.filter((s) => s.traceId === root!.traceId);
    const call = trace.find((s) => s.kind === CLIENT && s.service === 'intercity-hub-gateway' && s.attributes['hub.subgraph'] === 'cities');
    const server = trace.find((s) => s.kind === SERVER && s.service === 'intercity-hub-cities');
    expect(call).toBeDefined();
    expect(server?.parentSpanId).toBe(call!.spanId);
    expect(trace.some((s) => s.service === 'intercity-hub-cities' && s.attributes['db.system.name'] === 'postgresql')).toBe(true);

    // each process logged the request as one JSON line with the trace's id
    const requestLines = (child: Child) =>
      child
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.msg === 'request' && line.requestId === 'otlp-test-1');
    expect(requestLines(gateway)).toEqual([
      expect.objectContaining({ service: 'gateway', traceId: root!.traceId, operation: 'CityProfile', status: 200 }),
    ]);
    expect(requestLines(subgraph)).toEqual([expect.objectContaining({ service: 'cities', traceId: root!.traceId, status: 200 })]);
  });
});
