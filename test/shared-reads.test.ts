import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sharedReads, subgraphFetcher } from '../gateway/subgraph-client';

/**
 * The gateway's in-flight deduplication (gateway/subgraph-client.ts sharedReads), against a real
 * HTTP server that holds every answer for a moment, so that the calls made together are in flight
 * together: it counts what actually arrives.
 */
describe('identical reads in flight share one subgraph call', () => {
  let server: Server;
  let url: string;
  const received: { body: string; language: string | undefined }[] = [];

  const readBody = (request: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => resolve(body));
    });

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const body = await readBody(request);
      received.push({ body, language: request.headers['accept-language'] });
      const n = received.length;
      setTimeout(() => {
        response.writeHead(200, { 'content-type': 'application/json', 'x-answer': String(n) });
        response.end(JSON.stringify({ data: { answer: n } }));
      }, 300);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => void (received.length = 0));

  const send = subgraphFetcher(5_000);
  const body = (query: string, identity: object = { subject: null, roles: [] }) =>
    JSON.stringify({ query, variables: {}, extensions: { hubIdentity: identity } });
  const call = (b: string, language?: string) => () =>
    send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(language ? { 'accept-language': language } : {}) },
      body: b,
    });

  test('three identical queries at once: one call, three full answers', async () => {
    const reads = sharedReads();
    const b = body('{ cities { id } }');
    const answers = await Promise.all([1, 2, 3].map(() => reads.fetch(url, b, undefined, call(b))));
    expect(received).toHaveLength(1);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-answer')).toBe('1');
      expect(await answer.json()).toEqual({ data: { answer: 1 } });
    }
    expect(reads.size).toBe(0);
  });

  test('a read made after the first was answered calls again', async () => {
    const reads = sharedReads();
    const b = body('{ cities { id } }');
    await (await reads.fetch(url, b, undefined, call(b))).text();
    await (await reads.fetch(url, b, undefined, call(b))).text();
    expect(received).toHaveLength(2);
  });

  test('another identity, other variables or another language: separate calls', async () => {
    const reads = sharedReads();
    const anonymous = body('{ cities { id } }');
    const signedIn = body('{ cities { id } }', { subject: 'u1', roles: ['MEMBER'] });
    const other = body('{ meetings { id } }');
    await Promise.all([
      reads.fetch(url, anonymous, undefined, call(anonymous)),
      reads.fetch(url, signedIn, undefined, call(signedIn)),
      reads.fetch(url, other, undefined, call(other)),
      reads.fetch(url, anonymous, 'nb', call(anonymous, 'nb')),
    ]);
    expect(received).toHaveLength(4);
    expect(received.map((r) => r.language ?? '')).toContain('nb');
  });

  test('mutations are never shared', async () => {
    const reads = sharedReads();
    const b = body('mutation { publishMeeting(id: "m1") { id } }');
    await Promise.all([reads.fetch(url, b, undefined, call(b)), reads.fetch(url, b, undefined, call(b))]);
    expect(received).toHaveLength(2);
  });

  test('a failed call fails every request that waited on it, and the next one calls again', async () => {
    const reads = sharedReads();
    const b = body('{ cities { id } }');
    const refused = () => send('http://127.0.0.1:1/graphql', { method: 'POST', body: b });
    const results = await Promise.allSettled([reads.fetch(url, b, undefined, refused), reads.fetch(url, b, undefined, refused)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(reads.size).toBe(0);
    expect((await reads.fetch(url, b, undefined, call(b))).status).toBe(200);
    expect(received).toHaveLength(1);
  });
});
