import type { HubContext } from '../../shared/context';
import { City } from './entities/City';
import { Membership } from './entities/Membership';
import { Network } from './entities/Network';
import { NetworkPillar } from './entities/NetworkPillar';
import { Organisation } from './entities/Organisation';
import { SettlementYear } from './entities/SettlementYear';

/** The batched reads of the cities subgraph, one per relation. */
export const loaders = (ctx: HubContext) => ({
  city: ctx.loaders.byId(City),
  organisation: ctx.loaders.byId(Organisation),
  network: ctx.loaders.byId(Network),
  membershipsOfCity: ctx.loaders.manyBy(Membership, 'city', { orderBy: { joinedOn: 'asc' } }),
  membershipsOfOrganisation: ctx.loaders.manyBy(Membership, 'organisation', { orderBy: { joinedOn: 'asc' } }),
  membershipsOfNetwork: ctx.loaders.manyBy(Membership, 'network', { orderBy: { joinedOn: 'asc' } }),
  pillarsOfNetwork: ctx.loaders.manyBy(NetworkPillar, 'network', { orderBy: { position: 'asc' } }),
  settlementYearsOfCity: ctx.loaders.manyBy(SettlementYear, 'city', { orderBy: { year: 'asc' } }),
});
