import { codes, type TestHub } from './helpers';
import type { Identity, Role } from '../shared/identity';
import { buildSubgraphSchema, type SubgraphDefinition } from '../shared/subgraph';

/**
 * The roles the permission matrix walks every mutation with. Each subgraph's matrix binds them to
 * its sample data (the owning city, the organiser's organisation, the assigned reviewer…).
 */
export const MATRIX_ROLES = ['anonymous', 'otherCity', 'owningCity', 'organiser', 'funder', 'reviewer', 'admin'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

export type MatrixIdentities = Record<Exclude<MatrixRole, 'anonymous'>, Partial<Identity> & { roles: Role[] }>;

/** One mutation of the matrix: how to call it on a fresh target, and which roles may. */
export interface MutationCase {
  mutation: string;
  /** Makes a fresh target for one call (so that one role's call never decides another's). */
  prepare(hub: TestHub): Promise<{ query: string; variables: Record<string, unknown> }>;
  allowed: readonly MatrixRole[];
  /** Identities that differ from the subgraph's defaults for this mutation. */
  as?: Partial<MatrixIdentities>;
}

const REFUSALS = ['UNAUTHENTICATED', 'FORBIDDEN'];

/**
 * Declares the permission matrix of one subgraph as jest tests: every mutation of the subgraph's
 * schema must have a case, and every case is called once per role, each on a fresh target. A role in
 * `allowed` must not be refused (the call may still fail on state, which the matrix does not judge);
 * any other is refused with UNAUTHENTICATED (anonymous) or FORBIDDEN, and nothing else.
 */
export function describePermissionMatrix(
  title: string,
  options: { hub: () => TestHub; mutations: () => Promise<string[]>; identities: MatrixIdentities; cases: MutationCase[] },
) {
  describe(title, () => {
    test('every mutation of the subgraph has a case', async () => {
      const names = options.cases.map((c) => c.mutation).sort();
      expect(names).toEqual([...(await options.mutations())].sort());
    });

    for (const mutationCase of options.cases) {
      test(`${mutationCase.mutation}: allowed for ${mutationCase.allowed.join(', ') || 'nobody'}`, async () => {
        const hub = options.hub();
        const outcome: Record<string, string> = {};
        const expected: Record<string, string> = {};
        for (const role of MATRIX_ROLES) {
          const { query, variables } = await mutationCase.prepare(hub);
          const identity = role === 'anonymous' ? null : { ...options.identities[role], ...mutationCase.as?.[role] };
          const token = identity ? await hub.token(identity) : undefined;
          const result = await hub.query(query, variables, { token });
          const refusal = codes(result).find((code) => REFUSALS.includes(code));
          outcome[role] = refusal ?? 'allowed';
          expected[role] = mutationCase.allowed.includes(role) ? 'allowed' : role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        }
        expect(outcome).toEqual(expected);
      });
    }
  });
}

/** The names of the mutations a subgraph's schema declares (built from its definition, as it runs). */
export async function mutationsOf(definition: SubgraphDefinition): Promise<string[]> {
  const schema = await buildSubgraphSchema(definition);
  return Object.keys(schema.getMutationType()?.getFields() ?? {});
}
