import { cities, meetings } from '../subgraphs/catalog';
import { IDENTITY_EXTENSION, signRequest } from '../shared/signature';
import { postRaw, postSigned, startTestHub, TEST_INTERNAL_SECRET, type TestHub } from './helpers';

/**
 * Gateway -> subgraph trust: the signature covers the exact body (with the caller's identity in
 * its extensions), the target subgraph and a timestamp valid for 30 s.
 */
let hub: TestHub;
let citiesUrl: string;
let meetingsUrl: string;

beforeAll(async () => {
  hub = await startTestHub([cities, meetings]);
  citiesUrl = hub.subgraphs.cities.server.url;
  meetingsUrl = hub.subgraphs.meetings.server.url;
}, 300_000);
afterAll(() => hub?.close());

const REFUSED = {
  status: 401,
  errors: [{ message: 'This service accepts requests only from the Intercity Hub gateway.', extensions: { code: 'UNAUTHENTICATED' } }],
};
const ADMIN = { subject: 'root', roles: ['admin' as const] };
const CREATE = `mutation { createCity(input: { slug: "replayed", name: "Replayed", countryCode: "NO" }) { slug } }`;
const now = () => Math.floor(Date.now() / 1000);

test('a request signed by the gateway for this subgraph, body and time is accepted', async () => {
  const signed = await postSigned(citiesUrl, 'cities', `{ cities { totalCount } }`, {}, { subject: null, roles: [] });
  expect(signed.status).toBe(200);
  expect(signed.data).toEqual({ cities: { totalCount: 11 } });
  // and the gateway itself signs what it sends: a query over both subgraphs answers
  const viaGateway = await hub.query(`{ city(slug: "trondheim") { name meetingsAttended { id } } }`);
  expect(viaGateway.status).toBe(200);
  expect(viaGateway.errors).toBeUndefined();
  expect(viaGateway.data.city.name).toBe('Trondheim');
});

test('a captured signature sent again with another body is refused', async () => {
  const captured = await postSigned(citiesUrl, 'cities', `{ cities { totalCount } }`, {}, ADMIN);
  expect(captured.status).toBe(200);
  const replay = JSON.stringify({ query: CREATE, variables: {}, extensions: { [IDENTITY_EXTENSION]: ADMIN } });
  expect(await postRaw(citiesUrl, replay, captured.header)).toEqual(REFUSED);
  // even a byte of whitespace is another body
  expect(await postRaw(citiesUrl, captured.body + ' ', captured.header)).toEqual(REFUSED);
  const created = await hub.query(`{ city(slug: "replayed") { slug } }`);
  expect(created.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
});

test('a captured signature sent to another subgraph is refused', async () => {
  const query = `{ __typename }`;
  const captured = await postSigned(citiesUrl, 'cities', query, {}, ADMIN);
  expect(captured.status).toBe(200);
  expect(await postRaw(meetingsUrl, captured.body, captured.header)).toEqual(REFUSED);
  // the same request signed for meetings is fine there
  expect((await postSigned(meetingsUrl, 'meetings', query, {}, ADMIN)).status).toBe(200);
});

test('a signature older than 30 seconds, or from the future, is refused', async () => {
  const query = `{ cities { totalCount } }`;
  expect((await postSigned(citiesUrl, 'cities', query, {}, ADMIN, { timestamp: now() - 25 })).status).toBe(200);
  const expired = await postSigned(citiesUrl, 'cities', query, {}, ADMIN, { timestamp: now() - 31 });
  expect({ status: expired.status, errors: expired.errors }).toEqual(REFUSED);
  const future = await postSigned(citiesUrl, 'cities', query, {}, ADMIN, { timestamp: now() + 60 });
  expect({ status: future.status, errors: future.errors }).toEqual(REFUSED);
});

test('an altered identity breaks the signature', async () => {
  const anonymous = await postSigned(citiesUrl, 'cities', CREATE, {}, { subject: null, roles: [] });
  expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  const promoted = anonymous.body.replace(`"subject":null,"roles":[]`, `"subject":"root","roles":["admin"]`);
  expect(promoted).not.toBe(anonymous.body);
  expect(await postRaw(citiesUrl, promoted, anonymous.header)).toEqual(REFUSED);
});

test('unsigned, malformed, wrongly keyed and identity-less requests are refused', async () => {
  const body = JSON.stringify({ query: '{ __typename }' });
  const response = await fetch(citiesUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  expect({ status: response.status, ...((await response.json()) as object) }).toEqual(REFUSED);
  expect(await postRaw(citiesUrl, body, 'garbage')).toEqual(REFUSED);
  expect(await postRaw(citiesUrl, body, signRequest('another-secret-another-secret-another', 'cities', body))).toEqual(REFUSED);
  // signed, but without the caller's identity in extensions
  expect(await postRaw(citiesUrl, body, signRequest(TEST_INTERNAL_SECRET, 'cities', body))).toEqual({
    status: 401,
    errors: [{ message: 'The signed request does not carry the caller’s identity.', extensions: { code: 'UNAUTHENTICATED' } }],
  });
});
