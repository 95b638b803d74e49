import { MikroORM } from '@mikro-orm/postgresql';
import { createContext, type HubContext } from '../../shared/context';
import { HubError } from '../../shared/errors';
import { ANONYMOUS, type Identity, type Role } from '../../shared/identity';
import { authorise, holdsRight, type Rule } from '../../shared/permissions';
import { City } from '../../subgraphs/cities/entities/City';
import { NetworkKind, OrganisationKind } from '../../subgraphs/cities/entities/enums';
import { Membership } from '../../subgraphs/cities/entities/Membership';
import { Network } from '../../subgraphs/cities/entities/Network';
import { NetworkPillar } from '../../subgraphs/cities/entities/NetworkPillar';
import { Organisation } from '../../subgraphs/cities/entities/Organisation';
import { SettlementYear } from '../../subgraphs/cities/entities/SettlementYear';
import { permissions } from '../../subgraphs/cities/permissions';

/**
 * The cities permission table on its own: no database, no HTTP (the ORM is set up without connecting,
 * to make entities). For every action, every role, bound to the target's city or organisation or
 * not, allowed or refused — both sides of every condition, for mutation testing.
 */

const OWN = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const ORG = '00000000-0000-4000-8000-00000000000c';

let orm: MikroORM;
beforeAll(() => {
  orm = MikroORM.initSync({
    dbName: 'not-connected',
    entities: [City, Organisation, Network, NetworkPillar, Membership, SettlementYear],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: true,
  });
});
afterAll(() => orm?.close(true));

const person = (roles: Role[], extra: Partial<Identity> = {}): Identity => ({ subject: `person-${roles.join('-')}`, roles, ...extra });

/** Every kind of caller, each with a city and an organisation where that could wrongly bind it. */
const CALLERS = {
  anonymous: ANONYMOUS,
  signedInWithoutRole: person([], { cityId: OWN, organisationId: ORG }),
  municipalityOfTheCity: person(['municipality'], { cityId: OWN }),
  municipalityOfAnotherCity: person(['municipality'], { cityId: OTHER }),
  municipalityWithoutCity: person(['municipality']),
  organiserFromTheCity: person(['organiser'], { cityId: OWN, organisationId: ORG }),
  funderFromTheCity: person(['funder'], { cityId: OWN, organisationId: ORG }),
  reviewerFromTheCity: person(['reviewer'], { cityId: OWN, organisationId: ORG }),
  admin: person(['admin']),
  adminAndMunicipalityOfAnotherCity: person(['municipality', 'admin'], { cityId: OTHER }),
} satisfies Record<string, Identity>;
type Caller = keyof typeof CALLERS;

const context = (identity: Identity): HubContext => createContext(orm.em.fork(), identity, 'en');

/** A new, unsaved entity (the ORM never connects). */
const fork = () => orm.em.fork();
const city = (id: string) => fork().create(City, { id, slug: `city-${id}`, name: 'A city', countryCode: 'NO' });
const organisation = () => fork().create(Organisation, { id: ORG, slug: 'org', name: 'Org', kind: OrganisationKind.NGO, seatCity: OWN });
const network = () => fork().create(Network, { slug: 'net', name: 'Net', kind: NetworkKind.CITY_NETWORK, secretariat: ORG });
const membership = () => fork().create(Membership, { network: fork().getReference(Network, ORG), city: OWN, organisation: null });
const settlementYear = (cityId: string) => fork().create(SettlementYear, { city: cityId, year: 2024 });
const nothing = () => null;

interface Expectation {
  allowed: Caller[];
  refusal: string;
  holds(identity: Identity): Promise<boolean>;
  authorise(identity: Identity): Promise<unknown>;
}
/** An action's rule on a fresh target of its type, the callers allowed (all others refused), and what the refused are told. */
const expect_ = <T>(right: Rule<T>, target: () => T, allowed: Caller[], refusal: string): Expectation => ({
  allowed,
  refusal,
  holds: (identity) => holdsRight(context(identity), right, target()),
  authorise: (identity) => authorise(context(identity), right, target()),
});

const SECRETARIAT_ONLY: Caller[] = ['admin', 'adminAndMunicipalityOfAnotherCity'];
const OWN_CITY_AND_SECRETARIAT: Caller[] = ['municipalityOfTheCity', ...SECRETARIAT_ONLY];
const secretariatOnly = (what: string) => `Only the network secretariat (admin) may ${what}.`;
const OWN_CITY_ONLY = 'A municipality may edit only its own city.';
const ownCity = () => city(OWN);
const ownEntry = () => settlementYear(OWN);

const EXPECTED: Record<keyof typeof permissions, Expectation> = {
  createCity: expect_(permissions.createCity, nothing, SECRETARIAT_ONLY, secretariatOnly('add cities')),
  updateCity: expect_(permissions.updateCity, ownCity, OWN_CITY_AND_SECRETARIAT, OWN_CITY_ONLY),
  renameCity: expect_(
    permissions.renameCity,
    ownCity,
    SECRETARIAT_ONLY,
    'Only the network secretariat may change a city’s slug or country.',
  ),
  deleteCity: expect_(permissions.deleteCity, ownCity, SECRETARIAT_ONLY, secretariatOnly('delete cities')),
  createOrganisation: expect_(permissions.createOrganisation, nothing, SECRETARIAT_ONLY, secretariatOnly('add organisations')),
  updateOrganisation: expect_(permissions.updateOrganisation, organisation, SECRETARIAT_ONLY, secretariatOnly('edit organisations')),
  deleteOrganisation: expect_(permissions.deleteOrganisation, organisation, SECRETARIAT_ONLY, secretariatOnly('delete organisations')),
  createNetwork: expect_(permissions.createNetwork, nothing, SECRETARIAT_ONLY, secretariatOnly('add networks')),
  updateNetwork: expect_(permissions.updateNetwork, network, SECRETARIAT_ONLY, secretariatOnly('edit networks')),
  deleteNetwork: expect_(permissions.deleteNetwork, network, SECRETARIAT_ONLY, secretariatOnly('delete networks')),
  addMembership: expect_(permissions.addMembership, nothing, SECRETARIAT_ONLY, secretariatOnly('manage memberships')),
  updateMembership: expect_(permissions.updateMembership, membership, SECRETARIAT_ONLY, secretariatOnly('manage memberships')),
  removeMembership: expect_(permissions.removeMembership, membership, SECRETARIAT_ONLY, secretariatOnly('manage memberships')),
  recordSettlementYear: expect_(permissions.recordSettlementYear, ownEntry, OWN_CITY_AND_SECRETARIAT, OWN_CITY_ONLY),
  deleteSettlementYear: expect_(permissions.deleteSettlementYear, ownEntry, OWN_CITY_AND_SECRETARIAT, OWN_CITY_ONLY),
};

test('the table has exactly the actions listed here', () => {
  expect(Object.keys(permissions).sort()).toEqual(Object.keys(EXPECTED).sort());
});

describe.each(Object.entries(EXPECTED))('%s', (_action, expected) => {
  test.each(Object.keys(CALLERS) as Caller[])('%s', async (caller) => {
    const identity = CALLERS[caller];
    const allowed = expected.allowed.includes(caller);
    expect(await expected.holds(identity)).toBe(allowed);
    const outcome = await expected.authorise(identity).then(
      () => 'allowed',
      (error: HubError) => `${error.extensions.code}: ${error.message}`,
    );
    const refused = identity === ANONYMOUS ? 'UNAUTHENTICATED: You must be signed in to do this.' : `FORBIDDEN: ${expected.refusal}`;
    expect(outcome).toBe(allowed ? 'allowed' : refused);
  });
});

describe('the binding follows the target, not the caller', () => {
  test('a ledger entry binds to its own city: the same municipality is refused on another city’s entry', async () => {
    const ownEntry = settlementYear(OWN);
    const otherEntry = settlementYear(OTHER);
    const municipality = context(CALLERS.municipalityOfTheCity);
    for (const action of ['recordSettlementYear', 'deleteSettlementYear'] as const) {
      expect(await holdsRight(municipality, permissions[action], ownEntry)).toBe(true);
      expect(await holdsRight(municipality, permissions[action], otherEntry)).toBe(false);
      expect(await holdsRight(context(CALLERS.municipalityOfAnotherCity), permissions[action], otherEntry)).toBe(true);
    }
  });

  test('a city binds by its own id', async () => {
    const other = city(OTHER);
    expect(await holdsRight(context(CALLERS.municipalityOfTheCity), permissions.updateCity, other)).toBe(false);
    expect(await holdsRight(context(CALLERS.municipalityOfAnotherCity), permissions.updateCity, other)).toBe(true);
  });
});
