import { sampleIds } from '../shared/sample-ids';
import { cities, meetings } from '../subgraphs/catalog';
import { codes, startTestHub, type TestHub } from './helpers';

/**
 * National and network figures as data (issue 13, part 4), through the gateway over HTTP: the
 * national settlement request with its revisions, the network's totals summed by the database, a
 * city's commitments in the letters it is named in, and the facts the sources give only in prose.
 */
let hub: TestHub;
let admin: string;

const KS_LETTER =
  'KS storbynettverk, «Bykommunene står klare til å bistå regjeringen i å bosette flere flyktninger», letter to KD, copy KMD and SMK, 2020';

beforeAll(async () => {
  hub = await startTestHub([cities, meetings]);
  admin = await hub.token({ roles: ['admin'] });
});
afterAll(() => hub?.close());

test('IMDi’s request for 2020: 5120 revised to 3600, and 1300 decided above it; the decided total is computed', async () => {
  const result = await hub.query(`{
    nationalSettlementRequests(country: "NO", year: 2020) { totalCount nodes {
      countryCode year requestedBy { acronym } revisions { figure date source }
      initialFigure currentFigure change decidedAboveRequest decidedAboveRequestSource decidedByMunicipalities illustrative
      notes { text(locale: "en") } } } }`);
  expect(result.errors).toBeUndefined();
  expect(result.data.nationalSettlementRequests.totalCount).toBe(1);
  expect(result.data.nationalSettlementRequests.nodes[0]).toEqual({
    countryCode: 'NO',
    year: 2020,
    requestedBy: { acronym: 'IMDi' },
    revisions: [
      { figure: 5120, date: null, source: KS_LETTER },
      { figure: 3600, date: '2020-09', source: KS_LETTER },
    ],
    initialFigure: 5120,
    currentFigure: 3600,
    change: -1520,
    decidedAboveRequest: 1300,
    decidedAboveRequestSource: KS_LETTER,
    decidedByMunicipalities: 4900,
    illustrative: false,
    notes: { text: expect.stringContaining('from 5120 to 3600') },
  });
  // no request of another year or country: an empty list, not zeros
  const none = await hub.query(`{ nationalSettlementRequests(country: "SE") { totalCount nodes { year } } }`);
  expect(none.data).toEqual({ nationalSettlementRequests: { totalCount: 0, nodes: [] } });
  const bad = await hub.query(`{ nationalSettlementRequests(country: "Norway") { totalCount } }`);
  expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
});

test('the KS big-city network’s extra capacity in 2020 is summed by the database from its member cities: 398', async () => {
  const query = `query($year: Int!) { network(slug: "ks-storbynettverk") {
    settlementTotals(year: $year) { year memberCities citiesReporting requested decided extraCapacity settled } } }`;
  const { result, statements } = await hub.subgraphs.cities.database.countStatements(() => hub.query(query, { year: 2020 }));
  expect(result.errors).toBeUndefined();
  expect(result.data.network.settlementTotals).toEqual({
    year: 2020,
    memberCities: 7,
    citiesReporting: 7,
    // the letter gives no request or decision per city: unknown, not 0
    requested: null,
    decided: null,
    extraCapacity: 398,
    settled: null,
  });
  // the network and one aggregate statement
  expect(statements).toBe(2);
  // the sum follows the ledger: Trondheim's 2022 entry is the only one that year
  const y2022 = await hub.query(query, { year: 2022 });
  expect(y2022.data.network.settlementTotals).toEqual({
    year: 2022,
    memberCities: 7,
    citiesReporting: 1,
    requested: null,
    decided: 740,
    extraCapacity: null,
    settled: 600,
  });
  // a change to a member's ledger changes the total; a city that is not a member does not count
  const oslo = await hub.query(
    `mutation($c: ID!) { recordSettlementYear(input: { cityId: $c, year: 2020, extraCapacity: 80 }) { extraCapacity } }`,
    { c: sampleIds.city('oslo') },
    { token: admin },
  );
  expect(oslo.errors).toBeUndefined();
  const goteborg = await hub.query(
    `mutation($c: ID!) { recordSettlementYear(input: { cityId: $c, year: 2020, extraCapacity: 1000 }) { extraCapacity } }`,
    { c: sampleIds.city('goteborg') },
    { token: admin },
  );
  expect(goteborg.errors).toBeUndefined();
  expect((await hub.query(query, { year: 2020 })).data.network.settlementTotals.extraCapacity).toBe(405);
  const restored = await hub.query(
    `mutation($c: ID!) { recordSettlementYear(input: { cityId: $c, year: 2020, extraCapacity: 73 }) { extraCapacity } }`,
    { c: sampleIds.city('oslo') },
    { token: admin },
  );
  expect(restored.errors).toBeUndefined();
  expect((await hub.query(query, { year: 2020 })).data.network.settlementTotals.extraCapacity).toBe(398);
  const badYear = await hub.query(`{ network(slug: "ks-storbynettverk") { settlementTotals(year: 20) { extraCapacity } } }`);
  expect(codes(badYear)).toEqual(['BAD_USER_INPUT']);
  expect(badYear.errors?.[0].extensions?.field).toBe('year');
});

test('Trondheim reaches its commitment in the KS letter from its own city record: 115 places', async () => {
  const result = await hub.query(`{ city(slug: "trondheim") {
    commitments { places followUpStatus text { text(locale: "nb") } declaration { kind adoptedYear title { text(locale: "nb") } network { name } } } } }`);
  expect(result.errors).toBeUndefined();
  expect(result.data.city.commitments).toEqual([
    {
      places: 115,
      followUpStatus: 'OPEN',
      text: { text: 'Trondheim har ekstra kapasitet til å bosette 115 flyktninger i år, utover IMDis reviderte anmodning.' },
      declaration: {
        kind: 'POSITION_LETTER',
        adoptedYear: 2020,
        title: { text: 'Bykommunene står klare til å bistå regjeringen i å bosette flere flyktninger' },
        network: { name: 'KS storbynettverk' },
      },
    },
  ]);
  // the letter's commitments add up to the network's total in the ledger
  const letter = await hub.query(`{ declarations(kind: POSITION_LETTER) { nodes { commitments { places ownerCity { name } } } } }`);
  const places = letter.data.declarations.nodes[0].commitments.map((c: { places: number }) => c.places);
  expect(places.reduce((sum: number, n: number) => sum + n, 0)).toBe(398);
  // a city without commitments has an empty list
  const lillehammer = await hub.query(`{ city(slug: "lillehammer") { commitments { places } } }`);
  expect(lillehammer.data.city.commitments).toEqual([]);
});

test('Lillehammer: residents from more than 80 countries, a lower bound with its source', async () => {
  const result = await hub.query(`{ city(slug: "lillehammer") { residentCountryCount { value qualifier lowerBound source } } }`);
  expect(result.errors).toBeUndefined();
  expect(result.data.city.residentCountryCount).toEqual({
    value: 80,
    qualifier: 'MORE_THAN',
    lowerBound: true,
    source: 'Solidarity Cities, «Lillehammer: Solidaritetsby» (statement of mayor Ingunn Trosholmen)',
  });
  // unknown elsewhere: null, not 0
  const trondheim = await hub.query(`{ city(slug: "trondheim") { residentCountryCount { value } } }`);
  expect(trondheim.data.city.residentCountryCount).toBeNull();

  // the city's own municipality records it; null clears it again
  const officer = await hub.token({ roles: ['municipality'], cityId: sampleIds.city('trondheim') });
  const UPDATE = `mutation($id: ID!, $count: QualifiedCountInput) { updateCity(id: $id, input: { residentCountryCount: $count }) {
    residentCountryCount { value qualifier lowerBound source } } }`;
  const set = await hub.query(
    UPDATE,
    { id: sampleIds.city('trondheim'), count: { value: 150, qualifier: 'ABOUT', source: 'test' } },
    { token: officer },
  );
  expect(set.errors).toBeUndefined();
  expect(set.data.updateCity.residentCountryCount).toEqual({ value: 150, qualifier: 'ABOUT', lowerBound: false, source: 'test' });
  const negative = await hub.query(UPDATE, { id: sampleIds.city('trondheim'), count: { value: -1 } }, { token: officer });
  expect(codes(negative)).toEqual(['BAD_USER_INPUT']);
  const cleared = await hub.query(UPDATE, { id: sampleIds.city('trondheim'), count: null }, { token: officer });
  expect(cleared.errors).toBeUndefined();
  expect(cleared.data.updateCity.residentCountryCount).toBeNull();
});

test('the 2018 platform declaration: signed by more than 20 municipalities, a number the source gives instead of names', async () => {
  const result = await hub.query(
    `query($id: ID!) { declaration(id: $id) { adoptedYear source signatories { organisation { name } }
        signatoryCount { value qualifier lowerBound source } } }`,
    { id: sampleIds.declaration('turkey-platform-declaration-2018') },
  );
  expect(result.errors).toBeUndefined();
  const declaration = result.data.declaration;
  expect(declaration.signatoryCount).toEqual({ value: 20, qualifier: 'MORE_THAN', lowerBound: true, source: declaration.source });
  expect(declaration.source).toMatch(/Türkiye Belediyeler Birliği|Marmara|platform/i);
  // the one signatory the source names: the Union of Municipalities of Turkey
  expect(declaration.signatories).toHaveLength(1);
  // a declaration whose signatories are all named gives no number
  const others = await hub.query(`{ declarations(first: 20) { nodes { id signatoryCount { value } } } }`);
  expect(others.errors).toBeUndefined();
  const counted = others.data.declarations.nodes.filter((d: { signatoryCount: unknown }) => d.signatoryCount !== null);
  expect(counted.map((d: { id: string }) => d.id)).toEqual([sampleIds.declaration('turkey-platform-declaration-2018')]);
});
