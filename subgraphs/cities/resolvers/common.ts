import type { HubContext } from '../../../shared/context';
import { getLive } from '../../../shared/lookup';
import { Membership } from '../entities/Membership';
import { Network } from '../entities/Network';


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
