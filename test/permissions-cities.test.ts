import { sampleIds } from '../shared/sample-ids';
import { cities } from '../subgraphs/cities';
import { codes, startTestHub, type TestHub } from './helpers';
import { describePermissionMatrix, MATRIX_ROLES, mutationsOf, type MatrixIdentities } from './permission-matrix';

/**
 * Who may call each mutation of the cities subgraph, for the 7 roles of the matrix, over HTTP. The
 * allowed roles are written out here, not read from subgraphs/cities/permissions.ts: this is what the
 * table must say. Then what each role sees: everything live is public, a tombstone is NOT_FOUND to all.
 */

let hub: TestHub;
let admin: string;
beforeAll(async () => {
  hub = await startTestHub([cities]);
  admin = await hub.token({ roles: ['admin'] });
});
afterAll(() => hub?.close());

const trondheim = sampleIds.city('trondheim');
const unhcr = sampleIds.organisation('unhcr');

/** The roles bound to sample data: the owning city is Trondheim, the reviewer comes from it too. */
const identities: MatrixIdentities = {
  otherCity: { roles: ['municipality'], cityId: sampleIds.city('oslo') },
  owningCity: { roles: ['municipality'], cityId: trondheim },
  organiser: { roles: ['organiser'], organisationId: unhcr },
  funder: { roles: ['funder'], organisationId: sampleIds.organisation('european-commission') },
  reviewer: { roles: ['reviewer'], subject: 'matrix-reviewer', cityId: trondheim },
  admin: { roles: ['admin'] },
};

/**
 * The city or organisation the target `prepare` just made belongs to: the harness mints each role's
 * token after `prepare`, so the getters below bind the owning municipality, or an organiser and a
 * funder of the organisation itself, to that very target.
 */
const target = { cityId: trondheim, organisationId: unhcr };
const ofTargetCity = {
  get owningCity() {
    return { roles: ['municipality' as const], cityId: target.cityId };
  },
  get reviewer() {
    return { roles: ['reviewer' as const], subject: 'matrix-reviewer', cityId: target.cityId };
  },
};
const ofTargetOrganisation = {
  get organiser() {
    return { roles: ['organiser' as const], organisationId: target.organisationId };
  },
  get funder() {
    return { roles: ['funder' as const], organisationId: target.organisationId };
  },
};

let counter = 0;
const unique = (prefix: string) => `${prefix}-${++counter}`;
let nextYear = 2100;

/** Runs a mutation as admin and returns the id of what it made. */
async function made(query: string, variables: Record<string, unknown> = {}): Promise<string> {
  const result = await hub.query(query, variables, { token: admin });
  expect(result.errors).toBeUndefined();
  return Object.values(result.data as Record<string, { id: string }>)[0].id;
}

const freshCity = async () => {
  const slug = unique('matrix-city');
  target.cityId = await made(`mutation($slug: String!) { createCity(input: { slug: $slug, name: $slug, countryCode: "NO" }) { id } }`, {
    slug,
  });
  return target.cityId;
};
const freshOrganisation = async () => {
  const slug = unique('matrix-org');
  target.organisationId = await made(
    `mutation($slug: String!) { createOrganisation(input: { slug: $slug, name: $slug, kind: NGO }) { id } }`,
    { slug },
  );
  return target.organisationId;
};
/** A network whose secretariat is the organiser's organisation (UNHCR). */
const freshNetwork = async () => {
  target.organisationId = unhcr;
  const slug = unique('matrix-network');
  return made(
    `mutation($slug: String!, $s: ID) { createNetwork(input: { slug: $slug, name: $slug, kind: CITY_NETWORK, secretariatId: $s }) { id } }`,
    { slug, s: unhcr },
  );
};
/** Trondheim (the owning city) in the Eurocities network. */
const freshMembership = async () => {
  target.cityId = trondheim;
  return made(`mutation($input: MembershipInput!) { addMembership(input: $input) { id } }`, {
    input: { networkId: sampleIds.network('eurocities'), cityId: trondheim, joinedOn: '2024-01-01' },
  });
};
/** A ledger entry of Trondheim (the owning city), for a year of its own. */
const freshSettlementYear = async () => {
  target.cityId = trondheim;
  return made(`mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`, {
    input: { cityId: trondheim, year: nextYear++, decided: 10 },
  });
};

describePermissionMatrix('cities: who may call each mutation', {
  hub: () => hub,
  mutations: () => mutationsOf(cities),
  identities,
  cases: [
    {
      mutation: 'createCity',
      allowed: ['admin'],
      prepare: async () => ({
        query: `mutation($slug: String!) { createCity(input: { slug: $slug, name: "New city", countryCode: "NO" }) { id } }`,
        variables: { slug: unique('created-city') },
      }),
    },
    {
      mutation: 'updateCity',
      allowed: ['owningCity', 'admin'],
      as: ofTargetCity,
      prepare: async () => ({
        query: `mutation($id: ID!) { updateCity(id: $id, input: { mayor: "Someone", population: 1000 }) { id } }`,
        variables: { id: await freshCity() },
      }),
    },
    {
      mutation: 'deleteCity',
      allowed: ['admin'],
      as: ofTargetCity,
      prepare: async () => ({ query: `mutation($id: ID!) { deleteCity(id: $id) { id } }`, variables: { id: await freshCity() } }),
    },
    {
      mutation: 'createOrganisation',
      allowed: ['admin'],
      prepare: async () => ({
        query: `mutation($slug: String!) { createOrganisation(input: { slug: $slug, name: "New organisation", kind: NGO }) { id } }`,
        variables: { slug: unique('created-org') },
      }),
    },
    {
      mutation: 'updateOrganisation',
      allowed: ['admin'],
      as: ofTargetOrganisation,
      prepare: async () => ({
        query: `mutation($id: ID!) { updateOrganisation(id: $id, input: { acronym: "NEW" }) { id } }`,
        variables: { id: await freshOrganisation() },
      }),
    },
    {
      mutation: 'deleteOrganisation',
      allowed: ['admin'],
      as: ofTargetOrganisation,
      prepare: async () => ({
        query: `mutation($id: ID!) { deleteOrganisation(id: $id) { id } }`,
        variables: { id: await freshOrganisation() },
      }),
    },
    {
      mutation: 'createNetwork',
      allowed: ['admin'],
      prepare: async () => ({
        query: `mutation($slug: String!, $s: ID) { createNetwork(input: { slug: $slug, name: "New network", kind: INITIATIVE, secretariatId: $s }) { id } }`,
        variables: { slug: unique('created-network'), s: unhcr },
      }),
    },
    {
      mutation: 'updateNetwork',
      allowed: ['admin'],
      as: ofTargetOrganisation,
      prepare: async () => ({
        query: `mutation($id: ID!) { updateNetwork(id: $id, input: { foundedYear: 2020, pillars: [{ code: "ONE", title: [{ locale: "en", text: "One" }] }] }) { id } }`,
        variables: { id: await freshNetwork() },
      }),
    },
    {
      mutation: 'deleteNetwork',
      allowed: ['admin'],
      as: ofTargetOrganisation,
      prepare: async () => ({ query: `mutation($id: ID!) { deleteNetwork(id: $id) { id } }`, variables: { id: await freshNetwork() } }),
    },
    {
      mutation: 'addMembership',
      allowed: ['admin'],
      prepare: async () => ({
        query: `mutation($input: MembershipInput!) { addMembership(input: $input) { id } }`,
        variables: { input: { networkId: sampleIds.network('solidarity-cities'), cityId: trondheim } },
      }),
    },
    {
      mutation: 'updateMembership',
      allowed: ['admin'],
      prepare: async () => ({
        query: `mutation($id: ID!) { updateMembership(id: $id, input: { leftOn: "2025-01-01" }) { id } }`,
        variables: { id: await freshMembership() },
      }),
    },
    {
      mutation: 'removeMembership',
      allowed: ['admin'],
      prepare: async () => ({
        query: `mutation($id: ID!) { removeMembership(id: $id) { id } }`,
        variables: { id: await freshMembership() },
      }),
    },
    {
      mutation: 'recordSettlementYear',
      allowed: ['owningCity', 'admin'],
      prepare: async () => ({
        query: `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`,
        variables: { input: { cityId: trondheim, year: nextYear++, requested: 100 } },
      }),
    },
    {
      // A mutant that let anyone signed in delete a ledger entry survived the suite once: pinned here.
      mutation: 'deleteSettlementYear',
      allowed: ['owningCity', 'admin'],
      prepare: async () => ({
        query: `mutation($id: ID!) { deleteSettlementYear(id: $id) { id } }`,
        variables: { id: await freshSettlementYear() },
      }),
    },
    {
      mutation: 'restoreCityVersion',
      allowed: ['owningCity', 'admin'],
      as: ofTargetCity,
      // a fresh city whose population changed once: its creation is the version to go back to
      prepare: async () => {
        const id = await freshCity();
        await made(`mutation($id: ID!) { updateCity(id: $id, input: { population: 1000 }) { id } }`, { id });
        const history = await hub.query(`query($id: ID!) { city(id: $id) { history { nodes { id } } } }`, { id });
        const nodes = (history.data as { city: { history: { nodes: { id: string }[] } } }).city.history.nodes;
        return {
          query: `mutation($id: ID!, $v: ID!) { restoreCityVersion(id: $id, versionId: $v) { id } }`,
          variables: { id, v: nodes[nodes.length - 1].id },
        };
      },
    },
  ],
});

describe('cities: what each role sees', () => {
  const tokenOf = async (role: (typeof MATRIX_ROLES)[number]) => (role === 'anonymous' ? undefined : hub.token(identities[role]));
  const live = { cityId: '', organisationId: '', networkId: '', membershipId: '', yearId: '' };
  const gone = { cityId: '', organisationId: '', networkId: '', membershipId: '', yearId: '' };
  let since = '';

  beforeAll(async () => {
    since = new Date(Date.now() - 1000).toISOString();
    for (const record of [live, gone]) {
      const slug = unique(record === live ? 'visible' : 'deleted');
      record.cityId = await made(`mutation($slug: String!) { createCity(input: { slug: $slug, name: $slug, countryCode: "DK" }) { id } }`, {
        slug,
      });
      record.organisationId = await made(
        `mutation($slug: String!) { createOrganisation(input: { slug: $slug, name: $slug, kind: NGO }) { id } }`,
        { slug },
      );
      record.networkId = await made(
        `mutation($slug: String!, $s: ID) { createNetwork(input: { slug: $slug, name: $slug, kind: CITY_NETWORK, secretariatId: $s, pillars: [{ code: "P", title: [{ locale: "en", text: "P" }] }] }) { id } }`,
        { slug, s: record.organisationId },
      );
      record.membershipId = await made(`mutation($input: MembershipInput!) { addMembership(input: $input) { id } }`, {
        input: { networkId: record.networkId, cityId: record.cityId },
      });
      record.yearId = await made(`mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`, {
        input: { cityId: record.cityId, year: 2024, decided: 5 },
      });
    }
    // The deleted ones: the ledger entry and the membership first, while their city and network are live.
    await made(`mutation($id: ID!) { deleteSettlementYear(id: $id) { id } }`, { id: gone.yearId });
    await made(`mutation($id: ID!) { removeMembership(id: $id) { id } }`, { id: gone.membershipId });
    await made(`mutation($id: ID!) { deleteNetwork(id: $id) { id } }`, { id: gone.networkId });
    await made(`mutation($id: ID!) { deleteOrganisation(id: $id) { id } }`, { id: gone.organisationId });
    await made(`mutation($id: ID!) { deleteCity(id: $id) { id } }`, { id: gone.cityId });
  });

  test.each(MATRIX_ROLES)('%s sees every live city, organisation, network, membership and ledger entry', async (role) => {
    const result = await hub.query(
      `query($c: ID!, $o: ID!, $n: ID!) {
        city(id: $c) { id memberships { id } settlementYears { id } }
        organisation(id: $o) { id }
        network(id: $n) { id pillars { code } memberships { id } }
        settlementYears(city: $c) { nodes { id } }
      }`,
      { c: live.cityId, o: live.organisationId, n: live.networkId },
      { token: await tokenOf(role) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      city: { id: live.cityId, memberships: [{ id: live.membershipId }], settlementYears: [{ id: live.yearId }] },
      organisation: { id: live.organisationId },
      network: { id: live.networkId, pillars: [{ code: 'P' }], memberships: [{ id: live.membershipId }] },
      settlementYears: { nodes: [{ id: live.yearId }] },
    });
  });

  test.each(MATRIX_ROLES)('%s gets NOT_FOUND for a deleted city, organisation and network, and no deleted child in lists', async (role) => {
    const token = await tokenOf(role);
    for (const [field, id] of [
      ['city', gone.cityId],
      ['organisation', gone.organisationId],
      ['network', gone.networkId],
    ]) {
      const result = await hub.query(`query($id: ID!) { ${field}(id: $id) { id } }`, { id }, { token });
      expect(codes(result)).toEqual(['NOT_FOUND']);
    }
    const lists = await hub.query(
      `query($search: String!) { cities(search: $search) { totalCount } organisations(search: $search) { totalCount } networks(search: $search) { totalCount } }`,
      { search: 'deleted-' },
      { token },
    );
    expect(lists.data).toEqual({ cities: { totalCount: 0 }, organisations: { totalCount: 0 }, networks: { totalCount: 0 } });
    const ledger = await hub.query(`query($c: ID!) { settlementYears(city: $c) { totalCount } }`, { c: gone.cityId }, { token });
    expect(ledger.data).toEqual({ settlementYears: { totalCount: 0 } });
  });

  test.each(MATRIX_ROLES)('%s finds the tombstones in the change feed', async (role) => {
    const result = await hub.query(
      `query($since: DateTimeISO!) {
        cities(changedSince: $since, first: 100) { nodes { id deleted } }
        settlementYears(changedSince: $since, first: 100) { nodes { id deleted } }
      }`,
      { since },
      { token: await tokenOf(role) },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.cities.nodes).toContainEqual({ id: gone.cityId, deleted: true });
    expect(result.data.settlementYears.nodes).toContainEqual({ id: gone.yearId, deleted: true });
  });
});
