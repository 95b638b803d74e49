import type { HubContext } from '../../../shared/context';
import { getLive } from '../../../shared/lookup';
import { toTranslationMap, type TranslationInput, type TranslationMap } from '../../../shared/translated-text';
import { Membership } from '../entities/Membership';
import { Network } from '../entities/Network';

/** Ids of the current city or organisation members of a network (the `network` filter of lists). */
export async function memberIdsOfNetwork(ctx: HubContext, networkId: string, kind: 'city' | 'organisation'): Promise<string[]> {
  await getLive(ctx.em, Network, networkId, 'network');
  const today = new Date().toISOString().slice(0, 10);
  const rows = await ctx.em.find(Membership, {
    network: networkId,
    [kind]: { $ne: null },
    $or: [{ leftOn: null }, { leftOn: { $gt: today } }],
  });
  return rows.map((m) => m[kind]!.id);
}

/** A translated field of an input: left out keeps it (undefined), null clears it, a list replaces it. */
export function translations(inputs: TranslationInput[] | null | undefined, field: string): TranslationMap | null | undefined {
  if (inputs === undefined || inputs === null) return inputs;
  return toTranslationMap(inputs, field);
}
