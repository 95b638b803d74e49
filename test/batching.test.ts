import { cities, meetings } from '../subgraphs/catalog';
import { startTestHub, type TestHub } from './helpers';

let hub: TestHub;
let admin: string;

beforeAll(async () => {
  hub = await startTestHub([cities], { seed: false });
  admin = await hub.token({ roles: ['admin'] });
  const network = await hub.query(
    `mutation { createNetwork(input: { slug: "bench-network", name: "Bench network", kind: CITY_NETWORK }) { id } }`,
    {},
    { token: admin },
  );
  const other = await hub.query(
    `mutation { createNetwork(input: { slug: "other-network", name: "Other network", kind: NATIONAL_NETWORK }) { id } }`,
    {},
    { token: admin },
  );
  for (let i = 0; i < 24; i++) {
    const city = await hub.query(
      `mutation($slug: String!) { createCity(input: { slug: $slug, name: $slug, countryCode: "NO" }) { id } }`,
      { slug: `city-${String(i).padStart(2, '0')}` },
      { token: admin },
    );
    for (const networkId of [network.data.createNetwork.id, other.data.createNetwork.id]) {
      await hub.query(
        `mutation($input: MembershipInput!) { addMembership(input: $input) { id } }`,
        { input: { networkId, cityId: city.data.createCity.id } },
        { token: admin },
      );
    }
    await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { id } }`,
      { input: { cityId: city.data.createCity.id, year: 2024, decided: i } },
      { token: admin },
    );
  }
});
afterAll(() => hub?.close());

const pageQuery = `query($first: Int) {
  cities(first: $first) {
    nodes {
      name
      memberships { role network { name secretariat { name } pillars { code } settlementTotals(year: 2024) { decided citiesReporting } } }
      settlementYears { year decided requestedBy { name } }
    }
  }
}`;

async function statementsFor(first: number) {
  const { result, statements } = await hub.subgraphs.cities.database.countStatements(() => hub.query(pageQuery, { first }));
  expect(result.errors).toBeUndefined();
  expect(result.data.cities.nodes).toHaveLength(first);
  expect(result.data.cities.nodes[0].memberships).toHaveLength(2);
  // every city of the data set is in both networks and decided its index: 0 + 1 + … + 23
  expect(result.data.cities.nodes[0].memberships[0].network.settlementTotals).toEqual({ decided: 276, citiesReporting: 24 });
  return statements;
}

test('a page of N cities with their memberships and networks costs the same number of SQL statements for any N', async () => {
  const few = await statementsFor(2);
  const many = await statementsFor(20);
  expect(many).toBe(few);
  // cities page, memberships, networks, pillars, network totals, settlement years: one statement each
  expect(few).toBeLessThanOrEqual(7);
});

describe('City.commitments, added by the meetings subgraph', () => {
  let federated: TestHub;
  beforeAll(async () => {
    federated = await startTestHub([cities, meetings]);
    // the webhook dispatcher's start-up look for work runs once, after the start: not inside a measured request
    await federated.query(`{ cities(first: 1) { nodes { commitments { places } } } }`);
  });
  afterAll(() => federated?.close());

  test('a page of cities with their commitments and declarations costs the same number of SQL statements for any N', async () => {
    const query = `query($first: Int) { cities(country: "NO", first: $first) { nodes { name commitments { places declaration { kind } } } } }`;
    const count = async (first: number) => {
      const { result, statements } = await federated.subgraphs.meetings.database.countStatements(() => federated.query(query, { first }));
      expect(result.errors).toBeUndefined();
      expect(result.data.cities.nodes).toHaveLength(first);
      return statements;
    };
    const few = await count(2);
    const many = await count(8);
    expect(many).toBe(few);
    // the commitments of every city in the page, then their declarations: one statement each
    expect(few).toBe(2);
  });
});
