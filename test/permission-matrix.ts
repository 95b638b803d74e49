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
 * schema must have a case, and every case is called once per role, on a fresh target whenever the
 * call before was let through. A role in `allowed` must not be refused (the call may still fail on
 * state, which the matrix does not judge); any other is refused with UNAUTHENTICATED (anonymous) or
 * FORBIDDEN, and nothing else.
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
        // a refused call changes nothing (a failed write leaves nothing behind), so the next role
        // calls on the same target; after a call that was let through, the next one gets a fresh one
        let target: Awaited<ReturnType<MutationCase['prepare']>> | null = null;
        for (const role of MATRIX_ROLES) {
          target ??= await mutationCase.prepare(hub);
          const { query, variables } = target;
          const identity = role === 'anonymous' ? null : { ...options.identities[role], ...mutationCase.as?.[role] };
          const token = identity ? await hub.token(identity) : undefined;
          const result = await hub.query(query, variables, { token });
          const refusal = codes(result).find((code) => REFUSALS.includes(code));
          outcome[role] = refusal ?? 'allowed';
          if (!refusal) target = null;
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
