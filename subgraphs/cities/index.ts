import 'reflect-metadata';
import { RecordVersion } from './entities/RecordVersion';
import { CityHistoryResolver, SettlementYearHistoryResolver, RestoreCityVersionResolver } from './resolvers/HistoryResolver';
import type { SubgraphDefinition } from '../../shared/subgraph';
import { CATALOG } from '../catalog';
import { City } from './entities/City';
import { Membership } from './entities/Membership';
import { NationalSettlementRequest } from './entities/NationalSettlementRequest';
import { Network } from './entities/Network';
import { NetworkPillar } from './entities/NetworkPillar';
import { Organisation } from './entities/Organisation';
import { SettlementYear } from './entities/SettlementYear';
import { migrations } from './migrations';
import { references } from './references';
import { CityResolver } from './resolvers/CityResolver';
import { MembershipResolver } from './resolvers/MembershipResolver';
import { NationalSettlementRequestResolver } from './resolvers/NationalSettlementRequestResolver';
import { NetworkResolver } from './resolvers/NetworkResolver';
import { OrganisationResolver } from './resolvers/OrganisationResolver';
import { SettlementYearResolver } from './resolvers/SettlementYearResolver';
import { seedCities } from './seed';

/** Cities, networks, memberships, organisations and the settlement ledger. */
export const cities: SubgraphDefinition = {
  ...CATALOG.cities,
  entities: [City, Organisation, Network, NetworkPillar, Membership, SettlementYear, NationalSettlementRequest, RecordVersion],
  migrations,
  resolvers: [
    CityResolver,
    OrganisationResolver,
    NetworkResolver,
    MembershipResolver,
    SettlementYearResolver,
    NationalSettlementRequestResolver,
    CityHistoryResolver,
    SettlementYearHistoryResolver,
    RestoreCityVersionResolver,
  ],
  references,
  seed: seedCities,
};
