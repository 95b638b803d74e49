import { sampleIds } from '../shared/sample-ids';
import { cities } from '../subgraphs/catalog';
import { codes, startTestHub, type TestHub } from './helpers';

let hub: TestHub;
let admin: string;
let trondheimOfficer: string;
let osloOfficer: string;
let organiser: string;
const trondheim = sampleIds.city('trondheim');

beforeAll(async () => {
  hub = await startTestHub([cities]);
  admin = await hub.token({ roles: ['admin'] });
  trondheimOfficer = await hub.token({ roles: ['municipality'], cityId: trondheim });
  osloOfficer = await hub.token({ roles: ['municipality'], cityId: sampleIds.city('oslo') });
  organiser = await hub.token({ roles: ['organiser'], organisationId: sampleIds.organisation('unhcr') });
});
afterAll(() => hub?.close());

describe('reading', () => {
  test('a city by slug with its memberships, networks and settlement ledger', async () => {
    const result = await hub.query(`{
      city(slug: "trondheim") {
        id name countryCode mayor
        memberships { role active network { slug name } }
        settlementYears { year requested decided extraCapacity settled settledApproximate hasDecision breakdown { group share approximate } requestedBy { acronym } }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const city = result.data.city;
    expect(city).toMatchObject({ id: trondheim, name: 'Trondheim', countryCode: 'NO', mayor: 'Rita Ottervik' });
    expect(city.memberships).toEqual([{ role: 'MEMBER', active: true, network: { slug: 'ks-storbynettverk', name: 'KS storbynettverk' } }]);
    expect(city.settlementYears).toEqual([
      {
        year: 2020,
        requested: null,
        decided: null,
        extraCapacity: 115,
        settled: null,
        settledApproximate: false,
        hasDecision: false,
        breakdown: [],
        requestedBy: { acronym: 'IMDi' },
      },
      {
        year: 2022,
        requested: null,
        decided: 740,
        extraCapacity: null,
        settled: 600,
        settledApproximate: true,
        hasDecision: true,
        breakdown: [{ group: 'Ukraine', share: 0.75, approximate: true }],
        requestedBy: null,
      },
      {
        year: 2023,
        requested: 730,
        decided: null,
        extraCapacity: null,
        settled: null,
        settledApproximate: false,
        hasDecision: false,
        breakdown: [],
        requestedBy: { acronym: 'IMDi' },
      },
    ]);
  });

  test('the same city by id', async () => {
    const result = await hub.query(`query($id: ID!) { city(id: $id) { slug } }`, { id: trondheim });
    expect(result.data).toEqual({ city: { slug: 'trondheim' } });
  });

  test('cities filtered by country, network and name', async () => {
    const ks = sampleIds.network('ks-storbynettverk');
    const byCountry = await hub.query(`{ cities(country: "SE") { nodes { slug } totalCount } }`);
    expect(byCountry.data.cities).toEqual({ nodes: [{ slug: 'goteborg' }], totalCount: 1 });
    const byNetwork = await hub.query(`query($n: ID) { cities(network: $n, first: 100) { totalCount nodes { slug } } }`, { n: ks });
    expect(byNetwork.data.cities.totalCount).toBe(7);
    expect(byNetwork.data.cities.nodes.map((n: { slug: string }) => n.slug).sort()).toEqual([
      'baerum',
      'bergen',
      'kristiansand',
      'oslo',
      'stavanger',
      'tromso',
      'trondheim',
    ]);
    const byName = await hub.query(`{ cities(search: "TROND") { nodes { slug } } }`);
    expect(byName.data.cities.nodes).toEqual([{ slug: 'trondheim' }]);
    const literalWildcard = await hub.query(`{ cities(search: "%") { totalCount } }`);
    expect(literalWildcard.data.cities.totalCount).toBe(0);
  });

  test('organisations by kind and network; a network with its pillars and secretariat', async () => {
    const ministries = await hub.query(`{ organisations(kind: MINISTRY) { nodes { acronym } } }`);
    expect(ministries.data.organisations.nodes.map((o: { acronym: string }) => o.acronym).sort()).toEqual(['KD', 'KMD']);
    const conveners = await hub.query(`query($n: ID) { organisations(network: $n) { nodes { acronym } } }`, {
      n: sampleIds.network('turkey-inter-municipal-coordination-platform'),
    });
    expect(conveners.data.organisations.nodes.map((o: { acronym: string }) => o.acronym).sort()).toEqual(['TBB', 'UNHCR', 'WALD']);
    const network = await hub.query(
      `{ network(slug: "solidarity-cities") { kind secretariat { name } pillars { code position title { text } } memberships { role member { __typename ... on City { slug } ... on Organisation { slug } } } } }`,
    );
    expect(network.data.network.kind).toBe('INITIATIVE');
    expect(network.data.network.secretariat).toEqual({ name: 'Eurocities' });
    expect(network.data.network.pillars.map((p: { code: string }) => p.code)).toEqual([
      'INFORMATION_EXCHANGE',
      'FUNDING',
      'CAPACITY_BUILDING',
      'RELOCATION_PLEDGES',
    ]);
    expect(network.data.network.pillars[0].title.text).toBe('Information and knowledge exchange on the refugee situation in cities');
    expect(network.data.network.memberships).toEqual(
      expect.arrayContaining([
        { role: 'MEMBER', member: { __typename: 'City', slug: 'lillehammer' } },
        { role: 'SECRETARIAT', member: { __typename: 'Organisation', slug: 'eurocities' } },
      ]),
    );
  });

  test('the settlement ledger across cities for one year', async () => {
    const result = await hub.query(`{ settlementYears(year: 2020, first: 100) { totalCount nodes { extraCapacity city { slug } } } }`);
    expect(result.data.settlementYears.totalCount).toBe(7);
    const total = result.data.settlementYears.nodes.reduce((sum: number, n: { extraCapacity: number }) => sum + n.extraCapacity, 0);
    expect(total).toBe(73 + 50 + 115 + 50 + 30 + 30 + 50);
  });
});

describe('languages', () => {
  const query = `query($locale: String) { city(slug: "lillehammer") { profile { text(locale: $locale) translation(locale: $locale) { locale machineTranslated } translations { locale } } } }`;

  test('the locale argument picks the translation and marks machine translations', async () => {
    const nb = await hub.query(query, { locale: 'nb' });
    expect(nb.data.city.profile.text).toMatch(/^Lillehammer er en liten by/);
    expect(nb.data.city.profile.translation).toEqual({ locale: 'nb', machineTranslated: false });
    const en = await hub.query(query, { locale: 'en' });
    expect(en.data.city.profile.translation).toEqual({ locale: 'en', machineTranslated: true });
  });

  test('Accept-Language is forwarded by the gateway, with a fallback chain', async () => {
    const norwegian = await hub.query(query, {}, { headers: { 'accept-language': 'nb-NO,nb;q=0.9' } });
    expect(norwegian.data.city.profile.translation.locale).toBe('nb');
    const nynorsk = await hub.query(query, {}, { headers: { 'accept-language': 'nn' } });
    expect(nynorsk.data.city.profile.translation.locale).toBe('nb');
    const swedish = await hub.query(
      `{ city(slug: "goteborg") { profile { translation { locale } } } }`,
      {},
      { headers: { 'accept-language': 'sv' } },
    );
    expect(swedish.data.city.profile.translation.locale).toBe('sv');
    const turkish = await hub.query(query, {}, { headers: { 'accept-language': 'tr' } });
    expect(turkish.data.city.profile.translation.locale).toBe('en');
    const exact = await hub.query(`{ city(slug: "lillehammer") { profile { translation(locale: "tr", fallback: false) { locale } } } }`);
    expect(exact.data.city.profile.translation).toBeNull();
  });

  test('an unsupported locale argument is BAD_USER_INPUT', async () => {
    const result = await hub.query(`query($locale: String) { city(slug: "lillehammer") { profile { text(locale: $locale) } } }`, {
      locale: 'xx',
    });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toBe('Unsupported locale "xx". Supported locales: en, nb, nn, sv, tr, da, de, fr.');
  });
});

describe('writing', () => {
  test('an admin creates a city, organisation, network and membership', async () => {
    const created = await hub.query(
      `mutation { createCity(input: { slug: "lund", name: "Lund", countryCode: "SE", profile: [{ locale: "sv", text: "Lund kommun" }] }) { id slug version profile { text(locale: "sv") } } }`,
      {},
      { token: admin },
    );
    expect(created.errors).toBeUndefined();
    expect(created.data.createCity).toMatchObject({ slug: 'lund', version: 1, profile: { text: 'Lund kommun' } });
    const membership = await hub.query(
      `mutation($input: MembershipInput!) { addMembership(input: $input) { role joinedOn member { ... on City { slug } } } }`,
      { input: { networkId: sampleIds.network('eurocities'), cityId: created.data.createCity.id, joinedOn: '2024-05-01' } },
      { token: admin },
    );
    expect(membership.data.addMembership).toEqual({ role: 'MEMBER', joinedOn: '2024-05-01', member: { slug: 'lund' } });
  });

  test('a municipality edits its own profile and settlement figures', async () => {
    const profile = await hub.query(
      `mutation($id: ID!) { updateCity(id: $id, input: { population: 212660, populationYear: 2024 }) { population version } }`,
      { id: trondheim },
      { token: trondheimOfficer },
    );
    expect(profile.errors).toBeUndefined();
    expect(profile.data.updateCity.population).toBe(212660);
    const ledger = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { year decided requested hasDecision } }`,
      { input: { cityId: trondheim, year: 2023, decided: 730 } },
      { token: trondheimOfficer },
    );
    expect(ledger.data.recordSettlementYear).toEqual({ year: 2023, decided: 730, requested: 730, hasDecision: true });
    const zero = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { decided hasDecision } }`,
      { input: { cityId: trondheim, year: 2024, decided: 0 } },
      { token: trondheimOfficer },
    );
    expect(zero.data.recordSettlementYear).toEqual({ decided: 0, hasDecision: true });
  });

  test('a stale expectedVersion is CONFLICT and changes nothing', async () => {
    const before = await hub.query(`{ city(slug: "bergen") { version mayor } }`);
    const first = await hub.query(
      `mutation($id: ID!, $v: Int) { updateCity(id: $id, input: { mayor: "First" }, expectedVersion: $v) { version } }`,
      { id: sampleIds.city('bergen'), v: before.data.city.version },
      { token: admin },
    );
    expect(first.data.updateCity.version).toBe(before.data.city.version + 1);
    const second = await hub.query(
      `mutation($id: ID!, $v: Int) { updateCity(id: $id, input: { mayor: "Second" }, expectedVersion: $v) { version } }`,
      { id: sampleIds.city('bergen'), v: before.data.city.version },
      { token: admin },
    );
    expect(codes(second)).toEqual(['CONFLICT']);
    const after = await hub.query(`{ city(slug: "bergen") { mayor } }`);
    expect(after.data.city.mayor).toBe('First');
  });
});

describe('writing every kind of record', () => {
  const missing = '00000000-0000-4000-8000-000000000000';

  test('an admin edits an organisation, moves its seat, and deletes it', async () => {
    const created = await hub.query(
      `mutation { createOrganisation(input: { slug: "refugee-council-lund", name: "Refugee council", kind: NGO, countryCode: "SE" }) { id version seatCity { slug } } }`,
      {},
      { token: admin },
    );
    expect(created.data.createOrganisation).toMatchObject({ version: 1, seatCity: null });
    const id = created.data.createOrganisation.id;
    const updated = await hub.query(
      `mutation($id: ID!, $seat: ID) { updateOrganisation(id: $id, input: { acronym: "RC", seatCityId: $seat, description: [{ locale: "en", text: "A council" }] }, expectedVersion: 1) { name acronym version seatCity { slug } description { text } } }`,
      { id, seat: sampleIds.city('goteborg') },
      { token: admin },
    );
    expect(updated.data.updateOrganisation).toEqual({
      name: 'Refugee council',
      acronym: 'RC',
      version: 2,
      seatCity: { slug: 'goteborg' },
      description: { text: 'A council' },
    });
    const cleared = await hub.query(
      `mutation($id: ID!) { updateOrganisation(id: $id, input: { seatCityId: null, description: null }) { acronym seatCity { slug } description { text } } }`,
      { id },
      { token: admin },
    );
    expect(cleared.data.updateOrganisation).toEqual({ acronym: 'RC', seatCity: null, description: null });
    const deleted = await hub.query(`mutation($id: ID!) { deleteOrganisation(id: $id) { deleted } }`, { id }, { token: admin });
    expect(deleted.data.deleteOrganisation).toEqual({ deleted: true });
    expect(codes(await hub.query(`query($id: ID!) { organisation(id: $id) { id } }`, { id }))).toEqual(['NOT_FOUND']);
  });

  test('an admin edits a network: given pillars replace the old ones, in their order; then deletes it', async () => {
    const title = (text: string) => [{ locale: 'en', text }];
    const created = await hub.query(
      `mutation($input: CreateNetworkInput!) { createNetwork(input: $input) { id secretariat { slug } pillars { code position } } }`,
      {
        input: {
          slug: 'nordic-welcome',
          name: 'Nordic welcome',
          kind: 'CITY_NETWORK',
          secretariatId: sampleIds.organisation('ks'),
          pillars: [
            { code: 'A', title: title('A') },
            { code: 'B', title: title('B') },
          ],
        },
      },
      { token: admin },
    );
    expect(created.data.createNetwork).toMatchObject({
      secretariat: { slug: 'ks' },
      pillars: [
        { code: 'A', position: 1 },
        { code: 'B', position: 2 },
      ],
    });
    const id = created.data.createNetwork.id;
    const updated = await hub.query(
      `mutation($id: ID!, $input: UpdateNetworkInput!) { updateNetwork(id: $id, input: $input) { name foundedYear pillars { code position title { text } } } }`,
      {
        id,
        input: {
          foundedYear: 2025,
          pillars: [
            { code: 'C', title: title('C') },
            { code: 'A', title: title('A, renamed') },
          ],
        },
      },
      { token: admin },
    );
    expect(updated.data.updateNetwork).toEqual({
      name: 'Nordic welcome',
      foundedYear: 2025,
      pillars: [
        { code: 'C', position: 1, title: { text: 'C' } },
        { code: 'A', position: 2, title: { text: 'A, renamed' } },
      ],
    });
    const kept = await hub.query(
      `mutation($id: ID!) { updateNetwork(id: $id, input: { name: "Nordic welcome network" }) { pillars { code } } }`,
      { id },
      { token: admin },
    );
    expect(kept.data.updateNetwork.pillars).toEqual([{ code: 'C' }, { code: 'A' }]);
    const deleted = await hub.query(`mutation($id: ID!) { deleteNetwork(id: $id) { deleted } }`, { id }, { token: admin });
    expect(deleted.data.deleteNetwork).toEqual({ deleted: true });
    expect(codes(await hub.query(`query($id: ID!) { network(id: $id) { id } }`, { id }))).toEqual(['NOT_FOUND']);
  });

  test('an admin records that a member left, and removes a membership recorded in error', async () => {
    const added = await hub.query(
      `mutation($input: MembershipInput!) { addMembership(input: $input) { id role active } }`,
      {
        input: {
          networkId: sampleIds.network('solidarity-cities'),
          organisationId: sampleIds.organisation('unhcr'),
          role: 'PARTNER',
          joinedOn: '2019-03-01',
        },
      },
      { token: admin },
    );
    expect(added.data.addMembership).toMatchObject({ role: 'PARTNER', active: true });
    const id = added.data.addMembership.id;
    const left = await hub.query(
      `mutation($id: ID!) { updateMembership(id: $id, input: { leftOn: "2021-12-31" }, expectedVersion: 1) { role joinedOn leftOn active version } }`,
      { id },
      { token: admin },
    );
    expect(left.data.updateMembership).toEqual({
      role: 'PARTNER',
      joinedOn: '2019-03-01',
      leftOn: '2021-12-31',
      active: false,
      version: 2,
    });
    const backwards = await hub.query(
      `mutation($id: ID!) { updateMembership(id: $id, input: { joinedOn: "2022-01-01" }) { id } }`,
      { id },
      { token: admin },
    );
    expect(backwards.errors).toEqual([
      expect.objectContaining({
        message: '"leftOn" must not be before "joinedOn".',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'leftOn' }),
      }),
    ]);
    const stale = await hub.query(
      `mutation($id: ID!) { updateMembership(id: $id, input: { role: OBSERVER }, expectedVersion: 1) { id } }`,
      { id },
      { token: admin },
    );
    expect(codes(stale)).toEqual(['CONFLICT']);
    const removed = await hub.query(`mutation($id: ID!) { removeMembership(id: $id) { deleted } }`, { id }, { token: admin });
    expect(removed.data.removeMembership).toEqual({ deleted: true });
    const network = await hub.query(`{ network(slug: "solidarity-cities") { memberships { id } } }`);
    expect(network.data.network.memberships).not.toContainEqual({ id });
  });

  test('a municipality corrects and deletes its own ledger entry; a stale version is CONFLICT', async () => {
    const recorded = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id version settled breakdown { group share } notes { text } requestedBy { acronym } } }`,
      {
        input: {
          cityId: trondheim,
          year: 2019,
          settled: 50,
          breakdown: [{ group: 'Syria', share: 0.6 }],
          notes: [{ locale: 'nb', text: 'Foreløpig' }],
          requestedById: sampleIds.organisation('imdi'),
        },
      },
      { token: trondheimOfficer },
    );
    expect(recorded.data.recordSettlementYear).toMatchObject({
      version: 1,
      settled: 50,
      breakdown: [{ group: 'Syria', share: 0.6 }],
      notes: { text: 'Foreløpig' },
      requestedBy: { acronym: 'IMDi' },
    });
    const id = recorded.data.recordSettlementYear.id;
    const corrected = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id version settled decided breakdown { group } notes { text } requestedBy { acronym } } }`,
      { input: { cityId: trondheim, year: 2019, decided: 60, notes: null, requestedById: null, expectedVersion: 1 } },
      { token: trondheimOfficer },
    );
    expect(corrected.data.recordSettlementYear).toEqual({
      id,
      version: 2,
      settled: 50,
      decided: 60,
      breakdown: [{ group: 'Syria' }],
      notes: null,
      requestedBy: null,
    });
    const stale = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`,
      { input: { cityId: trondheim, year: 2019, decided: 70, expectedVersion: 1 } },
      { token: trondheimOfficer },
    );
    expect(codes(stale)).toEqual(['CONFLICT']);
    const notYetThere = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`,
      { input: { cityId: trondheim, year: 2018, decided: 70, expectedVersion: 3 } },
      { token: trondheimOfficer },
    );
    expect(codes(notYetThere)).toEqual(['CONFLICT']);
    expect(codes(await hub.query(`mutation($id: ID!) { deleteSettlementYear(id: $id) { id } }`, { id }, { token: osloOfficer }))).toEqual([
      'FORBIDDEN',
    ]);
    const deleted = await hub.query(
      `mutation($id: ID!) { deleteSettlementYear(id: $id) { year deleted } }`,
      { id },
      { token: trondheimOfficer },
    );
    expect(deleted.data.deleteSettlementYear).toEqual({ year: 2019, deleted: true });
    const ledger = await hub.query(`{ city(slug: "trondheim") { settlementYear(year: 2019) { id } } }`);
    expect(ledger.data.city.settlementYear).toBeNull();
    expect(
      codes(await hub.query(`mutation($id: ID!) { deleteSettlementYear(id: $id) { id } }`, { id }, { token: trondheimOfficer })),
    ).toEqual(['NOT_FOUND']);
  });

  test('an admin deletes a city: it answers NOT_FOUND and leaves the lists', async () => {
    const created = await hub.query(
      `mutation { createCity(input: { slug: "short-lived", name: "Short-lived", countryCode: "FI" }) { id } }`,
      {},
      { token: admin },
    );
    const id = created.data.createCity.id;
    const deleted = await hub.query(`mutation($id: ID!) { deleteCity(id: $id) { slug deleted } }`, { id }, { token: admin });
    expect(deleted.data.deleteCity).toEqual({ slug: 'short-lived', deleted: true });
    expect(codes(await hub.query(`query($id: ID!) { city(id: $id) { id } }`, { id }))).toEqual(['NOT_FOUND']);
    expect((await hub.query(`{ cities(country: "FI") { totalCount } }`)).data.cities.totalCount).toBe(0);
  });

  test('a missing target is NOT_FOUND for every signed-in caller, whatever their rights', async () => {
    for (const token of [admin, osloOfficer, organiser]) {
      for (const mutation of [
        `mutation($id: ID!) { updateCity(id: $id, input: { mayor: "X" }) { id } }`,
        `mutation($id: ID!) { deleteCity(id: $id) { id } }`,
        `mutation($id: ID!) { updateOrganisation(id: $id, input: { acronym: "X" }) { id } }`,
        `mutation($id: ID!) { deleteOrganisation(id: $id) { id } }`,
        `mutation($id: ID!) { updateNetwork(id: $id, input: { name: "X" }) { id } }`,
        `mutation($id: ID!) { deleteNetwork(id: $id) { id } }`,
        `mutation($id: ID!) { updateMembership(id: $id, input: { role: CHAIR }) { id } }`,
        `mutation($id: ID!) { removeMembership(id: $id) { id } }`,
        `mutation($id: ID!) { deleteSettlementYear(id: $id) { id } }`,
      ]) {
        expect(codes(await hub.query(mutation, { id: missing }, { token }))).toEqual(['NOT_FOUND']);
      }
      const ledger = await hub.query(
        `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`,
        { input: { cityId: missing, year: 2024 } },
        { token },
      );
      expect(codes(ledger)).toEqual(['NOT_FOUND']);
    }
  });

  test('a missing record the input refers to is BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const refused = async (query: string, variables: Record<string, unknown>, field: string) => {
      const result = await hub.query(query, variables, { token: admin });
      expect(result.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field }) })]);
    };
    const membership = `mutation($input: MembershipInput!) { addMembership(input: $input) { id } }`;
    await refused(membership, { input: { networkId: missing, cityId: trondheim } }, 'networkId');
    await refused(membership, { input: { networkId: sampleIds.network('eurocities'), cityId: missing } }, 'cityId');
    await refused(membership, { input: { networkId: sampleIds.network('eurocities'), organisationId: missing } }, 'organisationId');
    await refused(
      `mutation($s: ID) { createOrganisation(input: { slug: "seatless", name: "Seatless", kind: NGO, seatCityId: $s }) { id } }`,
      { s: missing },
      'seatCityId',
    );
    await refused(
      `mutation($s: ID) { createNetwork(input: { slug: "headless", name: "Headless", kind: INITIATIVE, secretariatId: $s }) { id } }`,
      { s: missing },
      'secretariatId',
    );
    await refused(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`,
      { input: { cityId: trondheim, year: 2040, requestedById: missing } },
      'requestedById',
    );
    await refused(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`,
      {
        input: {
          cityId: trondheim,
          year: 2040,
          breakdown: [
            { group: 'A', share: 0.7 },
            { group: 'B', share: 0.5 },
          ],
        },
      },
      'breakdown',
    );
    await refused(
      `mutation($p: [PillarInput!]) { createNetwork(input: { slug: "twice", name: "Twice", kind: INITIATIVE, pillars: $p }) { id } }`,
      {
        p: [
          { code: 'X', title: [{ locale: 'en', text: 'X' }] },
          { code: 'X', title: [{ locale: 'en', text: 'Again' }] },
        ],
      },
      'pillars',
    );
    const nothing = await hub.query(
      `{ organisations(search: "seatless") { totalCount } networks(search: "headless") { totalCount } city(slug: "trondheim") { settlementYear(year: 2040) { id } } }`,
    );
    expect(nothing.data).toEqual({ organisations: { totalCount: 0 }, networks: { totalCount: 0 }, city: { settlementYear: null } });
  });

  test('the create inputs require their fields in the schema', async () => {
    for (const mutation of [
      `mutation { createCity(input: { name: "No slug", countryCode: "NO" }) { id } }`,
      `mutation { createOrganisation(input: { slug: "no-kind", name: "No kind" }) { id } }`,
      `mutation { createNetwork(input: { slug: "no-name", kind: INITIATIVE }) { id } }`,
    ]) {
      expect(codes(await hub.query(mutation, {}, { token: admin }))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    }
  });
});

describe('permission denials', () => {
  const update = `mutation($id: ID!) { updateCity(id: $id, input: { mayor: "X" }) { mayor } }`;

  test('anonymous callers cannot write: UNAUTHENTICATED', async () => {
    const result = await hub.query(update, { id: trondheim });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'You must be signed in to do this.',
        extensions: { code: 'UNAUTHENTICATED', serviceName: 'cities' },
      }),
    ]);
  });

  test('a municipality cannot edit another city: FORBIDDEN', async () => {
    const result = await hub.query(update, { id: trondheim }, { token: osloOfficer });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: 'A municipality may edit only its own city.',
        extensions: { code: 'FORBIDDEN', serviceName: 'cities' },
      }),
    ]);
    const ledger = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { year } }`,
      { input: { cityId: trondheim, year: 2030, decided: 1 } },
      { token: osloOfficer },
    );
    expect(codes(ledger)).toEqual(['FORBIDDEN']);
  });

  test('a municipality cannot change its slug or country, nor manage networks: FORBIDDEN', async () => {
    const slug = await hub.query(
      `mutation($id: ID!) { updateCity(id: $id, input: { slug: "nidaros" }) { slug } }`,
      { id: trondheim },
      { token: trondheimOfficer },
    );
    expect(slug.errors).toEqual([
      expect.objectContaining({
        message: 'Only the network secretariat may change a city’s slug or country.',
        extensions: { code: 'FORBIDDEN', serviceName: 'cities' },
      }),
    ]);
    const country = await hub.query(
      `mutation($id: ID!) { updateCity(id: $id, input: { countryCode: "SE", mayor: "Y" }) { slug } }`,
      { id: trondheim },
      { token: trondheimOfficer },
    );
    expect(codes(country)).toEqual(['FORBIDDEN']);
    const unchanged = await hub.query(`{ city(slug: "trondheim") { countryCode mayor } }`);
    expect(unchanged.data.city).toEqual({ countryCode: 'NO', mayor: 'Rita Ottervik' });
    const network = await hub.query(
      `mutation { createNetwork(input: { slug: "x", name: "X", kind: CITY_NETWORK }) { id } }`,
      {},
      { token: trondheimOfficer },
    );
    expect(codes(network)).toEqual(['FORBIDDEN']);
  });

  test('other roles cannot manage cities, organisations or memberships: FORBIDDEN', async () => {
    for (const mutation of [
      `mutation { createCity(input: { slug: "x", name: "X", countryCode: "NO" }) { id } }`,
      `mutation { createOrganisation(input: { slug: "x", name: "X", kind: NGO }) { id } }`,
      `mutation($id: ID!) { deleteCity(id: $id) { id } }`,
    ]) {
      const result = await hub.query(mutation, { id: trondheim }, { token: organiser });
      expect(codes(result)).toEqual(['FORBIDDEN']);
    }
  });

  test('an invalid bearer token is UNAUTHENTICATED with HTTP 401', async () => {
    const result = await hub.query(`{ cities { totalCount } }`, {}, { token: 'not-a-token' });
    expect(result.status).toBe(401);
    expect(result.errors).toEqual([
      expect.objectContaining({ message: 'The bearer token is invalid or has expired.', extensions: { code: 'UNAUTHENTICATED' } }),
    ]);
  });
});

describe('bad input', () => {
  test('an unknown id is NOT_FOUND', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    const result = await hub.query(`query($id: ID!) { city(id: $id) { name } }`, { id });
    expect(result.errors).toEqual([
      expect.objectContaining({
        message: `City "${id}" was not found.`,
        extensions: { code: 'NOT_FOUND', type: 'City', serviceName: 'cities' },
      }),
    ]);
  });

  test('an unknown slug is NOT_FOUND; a malformed id is BAD_USER_INPUT', async () => {
    expect(codes(await hub.query(`{ organisation(slug: "nobody") { name } }`))).toEqual(['NOT_FOUND']);
    expect(codes(await hub.query(`{ city(id: "42") { name } }`))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await hub.query(`{ city { name } }`))).toEqual(['BAD_USER_INPUT']);
  });

  test('wrong types are rejected before any resolver runs', async () => {
    const variable = await hub.query(`query($first: Int) { cities(first: $first) { totalCount } }`, { first: 'ten' });
    expect(variable.status).toBe(400);
    expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
    const literal = await hub.query(`{ cities(first: "ten") { totalCount } }`);
    expect(codes(literal)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  test('invalid field values are BAD_USER_INPUT naming the field, and write nothing', async () => {
    const result = await hub.query(
      `mutation { createCity(input: { slug: "Not A Slug", name: "X", countryCode: "norway" }) { id } }`,
      {},
      { token: admin },
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors![0].message).toContain('slug: must be lower-case letters, digits and single hyphens');
    expect(result.errors![0].message).toContain('countryCode: must be an ISO 3166-1 alpha-2 code such as "NO"');
    const negative = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { year } }`,
      { input: { cityId: trondheim, year: 2031, decided: -5 } },
      { token: admin },
    );
    expect(codes(negative)).toEqual(['BAD_USER_INPUT']);
    const ledger = await hub.query(`{ city(slug: "trondheim") { settlementYear(year: 2031) { id } } }`);
    expect(ledger.data.city.settlementYear).toBeNull();
  });

  test('a duplicate slug is CONFLICT; a membership with two members is BAD_USER_INPUT', async () => {
    const duplicate = await hub.query(
      `mutation { createCity(input: { slug: "oslo", name: "Oslo", countryCode: "NO" }) { id } }`,
      {},
      { token: admin },
    );
    expect(codes(duplicate)).toEqual(['CONFLICT']);
    const both = await hub.query(
      `mutation($input: MembershipInput!) { addMembership(input: $input) { id } }`,
      { input: { networkId: sampleIds.network('eurocities'), cityId: trondheim, organisationId: sampleIds.organisation('ks') } },
      { token: admin },
    );
    expect(codes(both)).toEqual(['BAD_USER_INPUT']);
    const dates = await hub.query(
      `mutation($input: MembershipInput!) { addMembership(input: $input) { id } }`,
      { input: { networkId: sampleIds.network('eurocities'), cityId: trondheim, joinedOn: '2020-01-01', leftOn: '2019-01-01' } },
      { token: admin },
    );
    expect(codes(dates)).toEqual(['BAD_USER_INPUT']);
    expect(dates.errors![0].message).toBe('"leftOn" must not be before "joinedOn".');
    const impossible = await hub.query(
      `mutation($input: MembershipInput!) { addMembership(input: $input) { id } }`,
      { input: { networkId: sampleIds.network('eurocities'), cityId: trondheim, joinedOn: '2026-02-30' } },
      { token: admin },
    );
    expect(codes(impossible)).toEqual(['BAD_USER_INPUT']);
  });
});
