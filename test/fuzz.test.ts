import fc from 'fast-check';
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { SUBGRAPHS } from '../subgraphs';
import { startTestHub, type TestHub } from './helpers';

/**
 * Property-based: every argument of every query and mutation of the composed schema gets generated
 * hostile values (long strings, NUL bytes, extreme numbers and dates, malformed ids and cursors, big
 * lists), as an anonymous caller and as an admin. Every answer must be JSON with a 2xx or 4xx
 * status, and no error may be INTERNAL_SERVER_ERROR or carry a stack trace. Documents stay shallow
 * (`{ __typename }` selections): deep and wide documents are the operation limits' tests.
 *
 * FUZZ_RUNS (default 2) samples per field, alternating anonymous and admin; FUZZ_SEED to replay a failure.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

let hub: TestHub;
let schema: GraphQLSchema;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub(SUBGRAPHS);
  admin = await hub.token({ roles: ['admin'] });
  const introspection = await hub.query<IntrospectionQuery>(getIntrospectionQuery());
  schema = buildClientSchema(introspection.data!);
}, 600_000);
afterAll(() => hub?.close());

const uuid = () => fc.uuid();
const hostileString = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '💥'.repeat(50), "'; drop table city; --", '%_\\', 'null', '-1', '1e400', 'NaN'),
  fc.integer({ min: 1, max: 25_000 }).map((n) => 'x'.repeat(n)),
  fc.constantFrom('0000-01-01', '9999-12-31', '2026-02-30', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'),
  fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff'),
  uuid(),
  // cursors: garbage, base64 of garbage, base64 of a well-formed shape with wrong values
  fc.constantFrom(
    'forged',
    Buffer.from('["name","x"]').toString('base64url'),
    Buffer.from(JSON.stringify(['changes', Buffer.from('[{"$date":"0000"},"x"]').toString('base64url')])).toString('base64url'),
    Buffer.from(JSON.stringify(['name-asc', Buffer.from('[1e308,null,"x"]').toString('base64url')])).toString('base64url'),
  ),
);
const SCALARS: Record<string, fc.Arbitrary<unknown>> = {
  String: hostileString,
  ID: fc.oneof(uuid(), hostileString),
  Int: fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2147483647, -2147483648, 2147483648, 1e15, 1.5)),
  Float: fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1e308, -1e308, 5e-324)),
  Boolean: fc.boolean(),
  DateTimeISO: fc.oneof(
    fc.constantFrom(
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '+275760-09-13T00:00:00Z',
      '2026-01-01T00:00:00Z',
      'yesterday',
      '2026-13-45T99:99:99Z',
    ),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  ),
  LocalDate: fc.constantFrom('0000-01-01', '2026-02-30', '9999-12-31', '2025-06-01', '1800-01-01', '2025-6-1', ''),
  LocalTime: fc.constantFrom('09:00', '25:61', '00:00:00', 'noon', ''),
  Decimal: fc.oneof(
    fc.constantFrom('0.1', '-0', '1.123456', '1'.repeat(30), '1e5', '0.30', '99999999999999999999.9999'),
    fc.integer().map(String),
  ),
};

function arbitraryFor(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return arbitraryFor(type.ofType as GraphQLInputType, depth);
  const nullable = (arb: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: arb, weight: 5 }, { arbitrary: fc.constant(null), weight: 1 });
  if (isListType(type)) {
    const item = arbitraryFor(type.ofType as GraphQLInputType, depth + 1);
    return nullable(
      fc.oneof(
        { arbitrary: fc.array(item, { maxLength: 3 }), weight: 4 },
        { arbitrary: item.map((v) => Array.from({ length: 250 }, () => v)), weight: 1 },
      ),
    );
  }
  const named = getNamedType(type);
  if (isEnumType(named)) return nullable(fc.oneof(fc.constantFrom(...named.getValues().map((v) => v.name)), fc.constant('NOT_A_VALUE')));
  if (isInputObjectType(named)) {
    if (depth > 3) return fc.constant(null);
    const fields = Object.values(named.getFields());
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const field of fields) model[field.name] = arbitraryFor(field.type, depth + 1);
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return nullable(fc.record(model, { requiredKeys: required }));
  }
  return nullable(SCALARS[named.name] ?? hostileString);
}

/** A shallow document for one root field, its arguments as variables. */
function documentFor(operation: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const variables = field.args.map((a) => `$${a.name}: ${a.type.toString()}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${operation}${variables ? `(${variables})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

interface Failure {
  field: string;
  variables: unknown;
  caller: string;
  status: number;
  body: string;
}

/** What must never happen: a 5xx, non-JSON, an internal error or a stack trace. */
function broken(status: number, text: string): boolean {
  if (status >= 500) return true;
  let body: { errors?: { extensions?: Record<string, unknown> }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return true;
  }
  if (/stacktrace|\n\s+at [\w.<>]+ \(/.test(text)) return true;
  return (body.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
}

async function send(query: string, variables: unknown, token?: string) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, text: await response.text() };
}

test('generated values for every argument of every query and mutation never make the hub fail', async () => {
  const failures: Failure[] = [];
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  let requests = 0;
  for (const [operation, root] of roots) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      if (field.name.startsWith('__')) continue;
      const query = documentFor(operation, field);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const arg of field.args) model[arg.name] = arbitraryFor(arg.type);
      const samples = fc.sample(fc.record(model, { requiredKeys: field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name) }), {
        numRuns: RUNS,
        seed: SEED + requests,
      });
      for (const [index, variables] of samples.entries()) {
        // bodies over the HTTP limit (1 MB) are the HTTP layer's concern, not the arguments'
        if (JSON.stringify(variables).length > 900_000) continue;
        // samples alternate between an anonymous caller and an admin
        const [caller, token] = index % 2 === 0 ? ['anonymous', undefined] : ['admin', admin];
        requests += 1;
        const { status, text } = await send(query, variables, token);
        if (broken(status, text)) {
          failures.push({
            field: `${operation}.${field.name}`,
            variables: JSON.stringify(variables).slice(0, 300),
            caller,
            status,
            body: text.slice(0, 500),
          });
        }
      }
    }
  }
  expect(requests).toBeGreaterThan(100);
  expect(failures).toEqual([]);
}, 600_000);
