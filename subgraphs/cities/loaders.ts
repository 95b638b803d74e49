import type { HubContext } from '../../shared/context';
import { City } from './entities/City';
import { Membership } from './entities/Membership';
import { Network } from './entities/Network';
import { NetworkPillar } from './entities/NetworkPillar';
import { Organisation } from './entities/Organisation';
import { SettlementYear } from './entities/SettlementYear';
import { NetworkSettlementTotals } from './entities/NetworkSettlementTotals';

interface TotalsRow {
  network_id: string;
  year: number;
  member_cities: number;
  cities_reporting: number;
  requested: number | null;
  decided: number | null;
  extra_capacity: number | null;
  settled: number | null;
}

/**
 * The member cities' settlement figures of (network, year) pairs, summed in ONE statement: the
 * cities that were members in that year (joined no later, left no earlier), their live ledger
 * entries of the year. `sum` over no figure is null, so an unknown total stays unknown.
 */
const networkSettlementTotals = (ctx: HubContext) =>
  ctx.loaders.custom<string, NetworkSettlementTotals>('networkSettlementTotals', async (em, keys) => {
    const pairs = keys.map((key) => key.split('/'));
    const rows: TotalsRow[] = await em.getConnection().execute(
      `select k.network_id, k.year, count(distinct c.id)::int as member_cities, count(s.id)::int as cities_reporting,
         sum(s.requested)::int as requested, sum(s.decided)::int as decided,
         sum(s.extra_capacity)::int as extra_capacity, sum(s.settled)::int as settled
       from unnest(?::uuid[], ?::int[]) as k(network_id, year)
       left join membership m on m.network_id = k.network_id and m.deleted_at is null and m.city_id is not null
         and (m.joined_on is null or extract(year from m.joined_on) <= k.year)
         and (m.left_on is null or extract(year from m.left_on) >= k.year)
       left join city c on c.id = m.city_id and c.deleted_at is null
       left join settlement_year s on s.city_id = c.id and s.year = k.year and s.deleted_at is null
       group by k.network_id, k.year`,
      // Postgres array literals: the keys are ids of loaded networks and integer years
      [`{${pairs.map(([id]) => id).join(',')}}`, `{${pairs.map(([, year]) => Number(year)).join(',')}}`],
      'all',
      em.getTransactionContext(),
    );
    const byKey = new Map(rows.map((r) => [`${r.network_id}/${r.year}`, r]));
    return keys.map((key) => {
      const [, year] = key.split('/');
      const r = byKey.get(key);
      return Object.assign(new NetworkSettlementTotals(), {
        year: Number(year),
        memberCities: r?.member_cities ?? 0,
        citiesReporting: r?.cities_reporting ?? 0,
        requested: r?.requested ?? null,
        decided: r?.decided ?? null,
        extraCapacity: r?.extra_capacity ?? null,
        settled: r?.settled ?? null,
      });
    });
  });

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
  /** Keys are `<networkId>/<year>`. */
  networkSettlementTotals: networkSettlementTotals(ctx),
});
