import { cities } from '../subgraphs/cities';
import { meetings } from '../subgraphs/meetings';
import { Meeting } from '../subgraphs/meetings/entities/Meeting';
import { MeetingStatus } from '../subgraphs/meetings/entities/enums';
import { generateMeetings } from '../subgraphs/meetings/synthetic';
import { sampleIds } from '../shared/sample-ids';
import { startTestHub, type TestHub } from './helpers';

const NETWORK = sampleIds.network('synthetic-meetings-network');
const COUNT = 300;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub([cities, meetings], { shared: false }); // writes entities straight into its database
  await generateMeetings(hub.subgraphs.meetings.database.fork(), {
    meetings: COUNT,
    seed: 7,
    cityIds: ['oslo', 'bergen', 'trondheim', 'istanbul'].map(sampleIds.city),
    organisationIds: ['unhcr', 'wald', 'ks'].map(sampleIds.organisation),
    networkIds: [NETWORK],
  });
});
afterAll(() => hub?.close());

test('paging through many meetings, many with the same start, returns each visible one exactly once, in order, at a constant cost', async () => {
  const expected = await hub.subgraphs.meetings.database
    .fork()
    .count(Meeting, { networkId: NETWORK, status: { $ne: MeetingStatus.DRAFT } });
  expect(expected).toBeGreaterThan(COUNT / 2);

  const seen: { id: string; startsAt: string }[] = [];
  const costs = new Set<number>();
  let after: string | null = null;
  for (let page = 0; page < 50; page++) {
    const { result, statements } = await hub.subgraphs.meetings.database.countStatements(() =>
      hub.query(
        `query($n: ID!, $after: String) { meetings(network: $n, first: 37, after: $after) { totalCount pageInfo { hasNextPage endCursor }
          nodes { id status startsAt agenda { children { number } } participants { city { id } } outcomes { kind } } } }`,
        { n: NETWORK, after },
      ),
    );
    expect(result.errors).toBeUndefined();
    const connection = result.data.meetings;
    expect(connection.totalCount).toBe(expected);
    seen.push(...connection.nodes);
    if (connection.nodes.length === 37) costs.add(statements);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  expect(seen).toHaveLength(expected);
  expect(new Set(seen.map((m) => m.id)).size).toBe(expected);
  expect(seen.every((m: any) => m.status !== 'DRAFT')).toBe(true);
  for (let i = 1; i < seen.length; i++) expect(seen[i - 1].startsAt >= seen[i].startsAt).toBe(true);
  expect(costs.size).toBe(1);

  // backward from the end gives the last page, the same items
  const last = (await hub.query(`query($n: ID!) { meetings(network: $n, last: 37) { nodes { id } } }`, { n: NETWORK })).data.meetings.nodes;
  expect(last.map((m: any) => m.id)).toEqual(seen.slice(-37).map((m) => m.id));
});

test('lists show each role what visibility allows: drafts only to their organisers and admins; the search text is the shared searchKey', async () => {
  const fork = () => hub.subgraphs.meetings.database.fork();
  const unhcr = sampleIds.organisation('unhcr');
  const published = await fork().count(Meeting, { networkId: NETWORK, status: { $ne: MeetingStatus.DRAFT } });
  const unhcrDrafts = await fork().count(Meeting, { networkId: NETWORK, status: MeetingStatus.DRAFT, organiserIds: { $overlap: [unhcr] } });
  const all = await fork().count(Meeting, { networkId: NETWORK });
  expect(unhcrDrafts).toBeGreaterThan(0);
  expect(all).toBeGreaterThan(published + unhcrDrafts);
  const total = async (token?: string) =>
    (await hub.query(`query($n: ID!) { meetings(network: $n, first: 1) { totalCount } }`, { n: NETWORK }, { token })).data.meetings
      .totalCount;
  expect(await total()).toBe(published);
  expect(await total(await hub.token({ roles: ['municipality'], cityId: sampleIds.city('oslo') }))).toBe(published);
  expect(await total(await hub.token({ roles: ['funder'], organisationId: unhcr }))).toBe(published);
  expect(await total(await hub.token({ roles: ['organiser'], organisationId: unhcr }))).toBe(published + unhcrDrafts);
  expect(await total(await hub.token({ roles: ['admin'] }))).toBe(all);

  // the generator's Turkish titles are found by their folded form
  const found = await hub.query(
    `query($n: ID!) { meetings(network: $n, search: "SENTETİK TOPLANTI 7", first: 100) { nodes { title { text(locale: "tr") } } } }`,
    { n: NETWORK },
  );
  expect(found.data.meetings.nodes.length).toBeGreaterThan(0);
  expect(found.data.meetings.nodes.every((m: any) => m.title.text.startsWith('Sentetik toplantı 7'))).toBe(true);
});
