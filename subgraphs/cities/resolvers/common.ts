import type { HubContext } from '../../../shared/context';
import { badInput } from '../../../shared/errors';
import { getLive } from '../../../shared/lookup';
import { Membership } from '../entities/Membership';
import { Network } from '../entities/Network';

/** Fields a create input must have (update inputs share the class and leave them optional). */
export function requireFields<T extends object>(input: T, fields: (keyof T & string)[]) {
  for (const field of fields) {
    if (input[field] === undefined || input[field] === null) throw badInput(`"${field}" is required.`, field);
  }
}

/** Ids of the current city or organisation members of a network (the `network` filter of lists). */
export async function memberIdsOfNetwork(ctx: HubContext, networkId: string, kind: 'city' | 'organisation'): Promise<string[]> {
  await getLive(ctx.em, Network, networkId, 'network');
  const today = new Date().toISOString().slice(0, 10);
  const rows = await ctx.em.find(
    Membership,
    { network: networkId, [kind]: { $ne: null }, $or: [{ leftOn: null }, { leftOn: { $gt: today } }] },
    { fields: [kind] as never },
  );
  return rows.map((m) => m[kind]!.id);
}
