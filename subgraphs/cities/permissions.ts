import { ADMIN, bound, rule, secretariatOnly, type Grant, type PermissionTable } from '../../shared/permissions';
import type { City } from './entities/City';
import type { Membership } from './entities/Membership';
import type { Network } from './entities/Network';
import type { Organisation } from './entities/Organisation';
import type { SettlementYear } from './entities/SettlementYear';

const OWN_CITY_ONLY = 'A municipality may edit only its own city.';

/** Admins, and a municipality on the records of its own city. */
const ownCity = <T>(cityOf: (target: T) => string) =>
  rule<T>(OWN_CITY_ONLY, ADMIN, { role: 'municipality', when: bound.toCity(cityOf) } satisfies Grant<T>);

/**
 * Who may change what in the cities subgraph: the network secretariat manages cities, organisations,
 * networks and memberships; a municipality edits its own city's profile and settlement ledger.
 * A create has no target yet (`null`).
 */
export const permissions = {
  createCity: secretariatOnly<null>('add cities'),
  updateCity: ownCity<City>((city) => city.id),
  /** An update that changes the city's slug or country (what other systems know it by). */
  renameCity: rule<City>('Only the network secretariat may change a city’s slug or country.', ADMIN),
  deleteCity: secretariatOnly<City>('delete cities'),

  createOrganisation: secretariatOnly<null>('add organisations'),
  updateOrganisation: secretariatOnly<Organisation>('edit organisations'),
  deleteOrganisation: secretariatOnly<Organisation>('delete organisations'),

  createNetwork: secretariatOnly<null>('add networks'),
  updateNetwork: secretariatOnly<Network>('edit networks'),
  deleteNetwork: secretariatOnly<Network>('delete networks'),

  addMembership: secretariatOnly<null>('manage memberships'),
  updateMembership: secretariatOnly<Membership>('manage memberships'),
  removeMembership: secretariatOnly<Membership>('manage memberships'),

  /** Recording a year's figures: the target is the city's entry of the year, a new one when it has none. */
  recordSettlementYear: ownCity<SettlementYear>((entry) => entry.city.id),
  deleteSettlementYear: ownCity<SettlementYear>((entry) => entry.city.id),
} satisfies PermissionTable;

/*
 * Visibility: everything the cities subgraph holds is public. Every live city, organisation, network,
 * membership and settlement year is visible to every caller, anonymous included; a deleted one is a
 * tombstone that only the change feed (`changedSince`) lists and that answers NOT_FOUND by id to
 * everyone. So there is no canSee/visibleWhere here: the `live` filter of shared/database.ts is the
 * whole rule (test/permissions-cities.test.ts pins it for every role).
 */
