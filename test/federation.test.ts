import { readFileSync } from 'node:fs';
import { PROJECT_ROOT, SUPERGRAPH_PATH } from '../shared/paths';
import { sampleIds } from '../shared/sample-ids';
import { CONFIGURED_SUBGRAPHS } from '../subgraphs/catalog';
import { startTestHub, type TestHub } from './helpers';
import { readmeAnswers, readmeOperations } from './readme-examples';

/**
 * Smoke tests of the whole federation behind the checked-in supergraph (what `npm start` serves),
 * with the sample data of the five sources: the cross-subgraph reads the brief names.
 */
let hub: TestHub;

beforeAll(async () => {
  hub = await startTestHub(CONFIGURED_SUBGRAPHS, { supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
});
afterAll(() => hub?.close());

const totalStatements = async <T>(fn: () => Promise<T>) => {
  const before = Object.values(hub.subgraphs).reduce((sum, s) => sum + s.database.statements, 0);
  const result = await fn();
  const after = Object.values(hub.subgraphs).reduce((sum, s) => sum + s.database.statements, 0);
  return { result, statements: after - before };
};

test('the checked-in supergraph serves every subgraph', async () => {
  const ready = await fetch(hub.url.replace('/graphql', '/ready'));
  expect(ready.status).toBe(200);
  expect(await ready.json()).toEqual({ status: 'ready', subgraphs: Object.fromEntries(CONFIGURED_SUBGRAPHS.map((s) => [s.name, 'up'])) });
});

test('a city with its memberships, settlement years, projects and the peer review it hosted', async () => {
  const result = await hub.query(`{
    city(slug: "goteborg") {
      name
      memberships { network { name } }
      settlementYears { year }
      fundingActivities { identifier fund { name } }
      reviewsHosted { status visitStart visitEnd reviewers { countryCode } fundingActivity { identifier } network { name } }
    }
  }`);
  expect(result.errors).toBeUndefined();
  const city = result.data.city;
  expect(city.name).toBe('Göteborg');
  expect(city.memberships).toEqual([{ network: { name: 'Eurocities' } }]);
  expect(city.fundingActivities).toEqual([
    { identifier: 'XI-HUB-AMIF-CONSOLIDATE-EUROCITIES', fund: { name: 'Asylum, Migration and Integration Fund' } },
  ]);
  expect(city.reviewsHosted).toHaveLength(1);
  expect(city.reviewsHosted[0]).toMatchObject({ visitStart: '2025-02-17', visitEnd: '2025-02-20', network: { name: 'Eurocities' } });
  expect(city.reviewsHosted[0].reviewers).toHaveLength(9);
  expect(new Set(city.reviewsHosted[0].reviewers.map((r: { countryCode: string }) => r.countryCode))).toEqual(
    new Set(['BE', 'GB', 'DE', 'AT']),
  );
});

test('a meeting with its venue city, organisers and the recommendation on migration units', async () => {
  const result = await hub.query(
    `query($id: ID!) { meeting(id: $id) {
      edition status startDate timeZone
      title { text(locale: "tr") }
      venueCity { name countryCode }
      organisers { acronym }
      network { name }
      outcomes { kind text { text(locale: "en") } }
    } }`,
    { id: sampleIds.meeting('turkey-platform-iii-2019') },
  );
  expect(result.errors).toBeUndefined();
  const meeting = result.data.meeting;
  expect(meeting).toMatchObject({
    edition: 'III.',
    status: 'CLOSED',
    startDate: '2019-11-06',
    timeZone: 'Europe/Istanbul',
    venueCity: { name: 'İstanbul', countryCode: 'TR' },
  });
  expect(meeting.organisers.map((o: { acronym: string }) => o.acronym).sort()).toEqual(['UNHCR', 'WALD']);
  expect(meeting.network.name).toBe('Mülteciler Alanında Belediyeler Arası Koordinasyon Platformu');
  expect(meeting.outcomes).toEqual(
    expect.arrayContaining([expect.objectContaining({ kind: 'RECOMMENDATION', text: { text: expect.stringMatching(/migration/i) } })]),
  );
});

test('a funding activity with its cities’ settlement figures and the peer review it paid for', async () => {
  const { result, statements } = await totalStatements(() =>
    hub.query(
      `query($id: ID!) { fundingActivity(id: $id) {
        title { text(locale: "en") }
        fund { name }
        cities { name settlementYears { year decided } }
        peerReviews { hostCity { name } status }
      } }`,
      { id: sampleIds.fundingActivity('consolidate-eurocities') },
    ),
  );
  expect(result.errors).toBeUndefined();
  const activity = result.data.fundingActivity;
  expect(activity.cities.map((c: { name: string }) => c.name)).toContain('Göteborg');
  expect(activity.peerReviews).toEqual([{ hostCity: { name: 'Göteborg' }, status: 'REPORTED' }]);
  expect(statements).toBeLessThan(20);
});

test('the KS letter and the city figures it speaks of', async () => {
  const result = await hub.query(`{
    declarations(kind: POSITION_LETTER) { nodes { title { text(locale: "nb") } network { name } recipients { organisation { acronym } } } }
    settlementYears(year: 2020, first: 20) { nodes { extraCapacity city { name } } }
  }`);
  expect(result.errors).toBeUndefined();
  const letter = result.data.declarations.nodes[0];
  expect(letter.network.name).toBe('KS storbynettverk');
  expect(letter.recipients.map((r: { organisation: { acronym: string } }) => r.organisation.acronym)).toEqual(
    expect.arrayContaining(['KD', 'KMD', 'SMK']),
  );
  const capacity = Object.fromEntries(
    result.data.settlementYears.nodes.map((n: { city: { name: string }; extraCapacity: number }) => [n.city.name, n.extraCapacity]),
  );
  expect(capacity).toEqual({ Oslo: 73, Bergen: 50, Trondheim: 115, Stavanger: 50, Bærum: 30, Kristiansand: 30, Tromsø: 50 });
});

test('every example query in the README runs without errors, and answers what the README shows', async () => {
  const queries = readmeOperations();
  expect(queries.length).toBeGreaterThanOrEqual(6);
  for (const query of queries) {
    const result = await hub.query(query);
    expect({ query, errors: result.errors }).toEqual({ query, errors: undefined });
  }
  const answered = readmeAnswers();
  // the national figures, the network total, the speakers of child agenda items, unknown budgets
  expect(answered.length).toBeGreaterThanOrEqual(5);
  for (const { query, answer } of answered) {
    const result = await hub.query(query);
    expect({ query, answer: { data: result.data } }).toEqual({ query, answer });
  }
});

test('the README’s write example records IMDi’s 730 for 2023 as a request, not a decision, and answers what it shows', async () => {
  const readme = readFileSync(`${PROJECT_ROOT}/README.md`, 'utf8');
  const [, payload, answer] =
    /-d "(\{\\"query\\":\\"mutation[^\n]*recordSettlementYear[^\n]*)"\n```\n[^`]*```json\n([\s\S]*?)```/.exec(readme) ?? [];
  expect(payload).toBeDefined();
  // the shell's escapes undone and its variables filled in: what curl sends
  const body = JSON.parse(
    payload
      .replace(/\\"/g, '"')
      .replace(/\\\$/g, '$')
      .replace('$CITY', sampleIds.city('trondheim'))
      .replace('$IMDI', sampleIds.organisation('imdi')),
  ) as { query: string; variables: Record<string, string> };
  expect(body.query).toContain('requested: 730');
  expect(body.query).not.toContain('decided:');
  const token = await hub.token({ roles: ['municipality'], cityId: sampleIds.city('trondheim') });
  const result = await hub.query(body.query, body.variables, { token });
  expect(result.errors).toBeUndefined();
  expect({ data: result.data }).toEqual(JSON.parse(answer));
  expect(result.data.recordSettlementYear).toMatchObject({ requested: 730, decided: null, hasDecision: false });
});
