import type { EntityManager } from '@mikro-orm/postgresql';
import { build } from '../../shared/entity';
import { seededRandom } from '../../shared/random';
import { City } from './entities/City';
import { MembershipRole, NetworkKind } from './entities/enums';
import { Membership } from './entities/Membership';
import { Network } from './entities/Network';
import { SettlementYear } from './entities/SettlementYear';

const COUNTRIES = ['NO', 'SE', 'DK', 'FI', 'DE', 'AT', 'BE', 'NL', 'TR', 'GR', 'IT', 'ES'];

/** A large, repeatable synthetic data set for benchmarks: cities, networks, memberships, ledgers. */
export async function generateCities(em: EntityManager, options: { cities: number; networks: number; seed: number }) {
  const random = seededRandom(options.seed);
  const networks = Array.from({ length: options.networks }, (_, i) =>
    build(em, Network, { slug: `synthetic-network-${i}`, name: `Synthetic network ${i}`, kind: random.pick(Object.values(NetworkKind)) }),
  );
  for (let i = 0; i < options.cities; i++) {
    const city = build(em, City, {
      slug: `synthetic-city-${i}`,
      name: `Synthetic city ${String(i).padStart(6, '0')}`,
      countryCode: random.pick(COUNTRIES),
      population: random.int(5000, 2000000),
      languages: ['en'],
      profile: { en: { text: `Synthetic profile ${i}` } },
    });
    for (let m = random.int(1, 3); m > 0; m--) {
      build(em, Membership, {
        network: random.pick(networks),
        city,
        role: MembershipRole.MEMBER,
        joinedOn: `20${random.int(10, 24)}-01-01`,
      });
    }
    for (let year = 2020; year <= 2024; year++) {
      build(em, SettlementYear, {
        city,
        year,
        requested: random.int(0, 800),
        decided: random.next() < 0.8 ? random.int(0, 800) : null,
        settled: random.int(0, 700),
      });
    }
    if (i % 500 === 499) {
      await em.flush();
      em.clear();
      networks.forEach((n) => em.merge(n));
    }
  }
  await em.flush();
}
