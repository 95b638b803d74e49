import { cities, funding, meetings, peerReviews } from '../subgraphs/catalog';
import { sampleIds } from '../shared/sample-ids';
import { codes, startTestHub, type GraphQLResult, type TestHub } from './helpers';

/**
 * Version history over real HTTP, through the gateway, for every subgraph: each change of a
 * versioned record (and of its parts) is kept with who, when, which fields and their previous
 * values, newest first, visible to whoever sees the record, restorable by whoever may edit it.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub([cities, meetings, funding, peerReviews]);
});
afterAll(() => hub?.close());

const UNHCR = sampleIds.organisation('unhcr');
const WALD = sampleIds.organisation('wald');
const TRONDHEIM = sampleIds.city('trondheim');
const GOTEBORG = sampleIds.city('goteborg');
const org = sampleIds.organisation;

const en = (text: string) => [{ locale: 'en', text }];

function ok<T = any>(result: GraphQLResult<T>): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.data as T;
}

interface Entry {
  id: string;
  recordType: string;
  recordId: string;
  event: string;
  version: number;
  actorSubject: string | null;
  actorName: string | null;
  at: string;
  changes: { field: string; previous: unknown; current: unknown }[];
}

const HISTORY = `history(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
  nodes { id recordType recordId event version actorSubject actorName at changes { field previous current } } }`;

const change = (entry: Entry, field: string) => entry.changes.find((c) => c.field === field);

describe('meetings', () => {
  const MEETING_HISTORY = `query($id: ID!, $first: Int, $after: String) { meeting(id: $id) { id version title { text } ${HISTORY} } }`;
  let organiser: string;
  let otherOrganiser: string;
  beforeAll(async () => {
    organiser = await hub.token({ roles: ['organiser'], organisationId: UNHCR, subject: 'history-unhcr', name: 'Ayşe Demir' });
    otherOrganiser = await hub.token({ roles: ['organiser'], organisationId: WALD, subject: 'history-wald' });
  });

  async function draftWithAgenda() {
    const created = ok(
      await hub.query(
        `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id version } }`,
        { input: { title: en('Coordination meeting'), timeZone: 'Europe/Istanbul', startsAt: '2027-03-01T09:00:00Z' } },
        { token: organiser },
      ),
    ).createMeeting;
    const updated = ok(
      await hub.query(
        `mutation($id: ID!, $input: UpdateMeetingInput!, $v: Int) { updateMeeting(id: $id, input: $input, expectedVersion: $v) { id version } }`,
        { id: created.id, input: { title: en('Fourth coordination meeting') }, v: created.version },
        { token: organiser },
      ),
    ).updateMeeting;
    const item = ok(
      await hub.query(
        `mutation($m: ID!, $input: CreateAgendaItemInput!) { addAgendaItem(meetingId: $m, input: $input) { id version } }`,
        { m: created.id, input: { kind: 'SPEECH', title: en('Opening speech') } },
        { token: organiser },
      ),
    ).addAgendaItem;
    const internal = ok(
      await hub.query(
        `mutation($m: ID!, $input: CreateAgendaItemInput!) { addAgendaItem(meetingId: $m, input: $input) { id version } }`,
        { m: created.id, input: { kind: 'OTHER', title: en('Organisers’ briefing'), public: false } },
        { token: organiser },
      ),
    ).addAgendaItem;
    return { id: created.id as string, version: updated.version as number, item, internal };
  }

  test('every change, of the meeting and of its agenda, newest first, with who, when and the previous values', async () => {
    const before = Date.now();
    const meeting = await draftWithAgenda();
    const data = ok(await hub.query(MEETING_HISTORY, { id: meeting.id }, { token: organiser })).meeting;
    const nodes: Entry[] = data.history.nodes;
    expect(data.history.totalCount).toBe(4);
    // newest first: the two agenda items, the title change, the creation
    expect(nodes.map((n) => n.recordType)).toEqual(['AgendaItem', 'AgendaItem', 'Meeting', 'Meeting']);
    expect(
      nodes
        .slice(0, 2)
        .map((n) => n.recordId)
        .sort(),
    ).toEqual([meeting.item.id, meeting.internal.id].sort());
    const [rename, creation] = nodes.slice(2);
    expect(creation).toMatchObject({ recordId: meeting.id, version: 1, actorSubject: 'history-unhcr', actorName: 'Ayşe Demir' });
    expect(creation.event).toBe('createMeeting');
    expect(change(creation, 'title')).toEqual({ field: 'title', previous: null, current: { en: { text: 'Coordination meeting' } } });
    expect(rename).toMatchObject({ recordId: meeting.id, version: 2, actorSubject: 'history-unhcr' });
    expect(rename.event).toBe('updateMeeting');
    expect(change(rename, 'title')).toMatchObject({
      previous: { en: { text: 'Coordination meeting' } },
      current: { en: { text: 'Fourth coordination meeting' } },
    });
    expect(rename.changes.map((c) => c.field)).not.toContain('updatedAt');
    for (const node of nodes) {
      expect(new Date(node.at).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(new Date(node.at).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    const times = nodes.map((n) => new Date(n.at).getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    // an agenda item has its own history too
    const item = ok(
      await hub.query(
        `query($id: ID!) { meeting(id: $id) { agenda(flat: true) { id history { nodes { recordType event version } } } } }`,
        { id: meeting.id },
        { token: organiser },
      ),
    ).meeting.agenda.find((i: { id: string }) => i.id === meeting.item.id);
    expect(item.history.nodes).toEqual([
      { recordType: 'AgendaItem', event: expect.stringMatching(/^(addAgendaItem|create)$/), version: 1 },
    ]);
  });

  test('pages with first/after; a forged cursor is BAD_USER_INPUT', async () => {
    const meeting = await draftWithAgenda();
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: { nodes: Entry[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } = ok(
        await hub.query(MEETING_HISTORY, { id: meeting.id, first: 1, after }, { token: organiser }),
      ).meeting.history;
      seen.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    const all = ok(await hub.query(MEETING_HISTORY, { id: meeting.id, first: 10 }, { token: organiser })).meeting.history.nodes.map(
      (n: Entry) => n.id,
    );
    expect(seen).toEqual(all);
    const forged = await hub.query(MEETING_HISTORY, { id: meeting.id, first: 1, after: 'bm90LWEtY3Vyc29y' }, { token: organiser });
    expect(codes(forged)).toEqual(['BAD_USER_INPUT']);
    expect(forged.errors![0].extensions?.field).toBe('after');
  });

  test('a draft’s history is seen only by who sees the draft; internal agenda items only by the organisers', async () => {
    const meeting = await draftWithAgenda();
    for (const token of [undefined, otherOrganiser]) {
      const hidden = await hub.query(MEETING_HISTORY, { id: meeting.id }, { token });
      expect(codes(hidden)).toEqual(['NOT_FOUND']);
    }
    ok(await hub.query(`mutation($id: ID!) { publishMeeting(id: $id) { id } }`, { id: meeting.id }, { token: organiser }));
    const anonymous: Entry[] = ok(await hub.query(MEETING_HISTORY, { id: meeting.id })).meeting.history.nodes;
    expect(anonymous.map((n) => n.recordId)).not.toContain(meeting.internal.id);
    expect(anonymous.map((n) => n.recordId)).toContain(meeting.item.id);
    const own: Entry[] = ok(await hub.query(MEETING_HISTORY, { id: meeting.id }, { token: organiser })).meeting.history.nodes;
    expect(own.map((n) => n.recordId)).toContain(meeting.internal.id);
    expect(own[0].event).toBe('publishMeeting');
    expect(change(own[0], 'status')).toEqual({ field: 'status', previous: 'DRAFT', current: 'PUBLISHED' });
  });

  test('a failed write leaves no history', async () => {
    const meeting = await draftWithAgenda();
    const stale = await hub.query(
      `mutation($id: ID!, $input: UpdateMeetingInput!, $v: Int) { updateMeeting(id: $id, input: $input, expectedVersion: $v) { id } }`,
      { id: meeting.id, input: { title: en('Lost') }, v: 1 },
      { token: organiser },
    );
    expect(codes(stale)).toEqual(['CONFLICT']);
    expect(ok(await hub.query(MEETING_HISTORY, { id: meeting.id }, { token: organiser })).meeting.history.totalCount).toBe(4);
  });

  test('restoreMeetingVersion sets the title back, is itself recorded, and checks the edit right and the version', async () => {
    const meeting = await draftWithAgenda();
    const nodes: Entry[] = ok(await hub.query(MEETING_HISTORY, { id: meeting.id }, { token: organiser })).meeting.history.nodes;
    const creation = nodes[nodes.length - 1];
    const RESTORE = `mutation($id: ID!, $versionId: ID!, $v: Int) { restoreMeetingVersion(id: $id, versionId: $versionId, expectedVersion: $v) { id version status title { text } } }`;

    expect(codes(await hub.query(RESTORE, { id: meeting.id, versionId: creation.id, v: meeting.version }))).toEqual(['UNAUTHENTICATED']);
    // another organisation's organiser does not see the draft at all
    expect(
      codes(await hub.query(RESTORE, { id: meeting.id, versionId: creation.id, v: meeting.version }, { token: otherOrganiser })),
    ).toEqual(['NOT_FOUND']);
    const municipality = await hub.token({ roles: ['municipality'], cityId: TRONDHEIM });
    ok(await hub.query(`mutation($id: ID!) { publishMeeting(id: $id) { id } }`, { id: meeting.id }, { token: organiser }));
    const published = ok(await hub.query(MEETING_HISTORY, { id: meeting.id }, { token: organiser })).meeting;
    expect(
      codes(await hub.query(RESTORE, { id: meeting.id, versionId: creation.id, v: published.version }, { token: municipality })),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(await hub.query(RESTORE, { id: meeting.id, versionId: creation.id, v: published.version - 1 }, { token: organiser })),
    ).toEqual(['CONFLICT']);
    const unknown = await hub.query(
      RESTORE,
      { id: meeting.id, versionId: sampleIds.city('oslo'), v: published.version },
      { token: organiser },
    );
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].extensions?.field).toBe('versionId');

    const restored = ok(
      await hub.query(RESTORE, { id: meeting.id, versionId: creation.id, v: published.version }, { token: organiser }),
    ).restoreMeetingVersion;
    // the content is back; the lifecycle is not undone
    expect(restored).toMatchObject({ title: { text: 'Coordination meeting' }, status: 'PUBLISHED', version: published.version + 1 });
    const after: Entry[] = ok(await hub.query(MEETING_HISTORY, { id: meeting.id }, { token: organiser })).meeting.history.nodes;
    expect(after[0]).toMatchObject({
      recordType: 'Meeting',
      event: 'restoreMeetingVersion',
      actorSubject: 'history-unhcr',
      version: published.version + 1,
    });
    expect(change(after[0], 'title')).toMatchObject({
      previous: { en: { text: 'Fourth coordination meeting' } },
      current: { en: { text: 'Coordination meeting' } },
    });
  });

  test('a declaration and its commitments', async () => {
    const admin = await hub.token({ roles: ['admin'], subject: 'history-secretariat' });
    const declaration = sampleIds.declaration('ks-storbynettverk-position-letter-2020');
    const DECLARATION_HISTORY = `query($id: ID!, $first: Int, $after: String) { declaration(id: $id) { id version commitments { id version followUpStatus } ${HISTORY} } }`;
    const before = ok(await hub.query(DECLARATION_HISTORY, { id: declaration })).declaration;
    // the sample data is nobody's change
    expect(before.history.totalCount).toBe(0);
    const commitment = before.commitments[0];
    ok(
      await hub.query(
        `mutation($id: ID!, $input: UpdateCommitmentInput!, $v: Int) { updateCommitment(id: $id, input: $input, expectedVersion: $v) { id } }`,
        { id: commitment.id, input: { followUpStatus: 'IN_PROGRESS' }, v: commitment.version },
        { token: admin },
      ),
    );
    const after = ok(await hub.query(DECLARATION_HISTORY, { id: declaration })).declaration;
    expect(after.history.nodes).toHaveLength(1);
    expect(after.history.nodes[0]).toMatchObject({ recordType: 'Commitment', recordId: commitment.id, version: commitment.version + 1 });
    expect(change(after.history.nodes[0], 'followUpStatus')).toEqual({
      field: 'followUpStatus',
      previous: commitment.followUpStatus,
      current: 'IN_PROGRESS',
    });
  });
});

describe('funding', () => {
  test('a budget change shows in its activity’s history; a draft’s history only for its participants', async () => {
    const funder = await hub.token({ roles: ['funder'], organisationId: org('european-commission'), subject: 'history-funder' });
    const activity = ok(
      await hub.query(
        `mutation($input: CreateFundingActivityInput!) { createFundingActivity(input: $input) { id version } }`,
        {
          input: {
            identifier: `XI-HISTORY-${Date.now()}`,
            title: en('History test activity'),
            status: 'IMPLEMENTATION',
            plannedStart: '2025-01-01',
            plannedEnd: '2025-12-31',
            defaultCurrency: 'EUR',
            themes: ['LANGUAGE'],
            recipientCountries: ['NO'],
            participatingCityIds: [TRONDHEIM],
            participatingOrganisations: [
              { organisationId: org('european-commission'), role: 'FUNDING' },
              { organisationId: org('eurocities'), role: 'IMPLEMENTING' },
            ],
          },
        },
        { token: funder },
      ),
    ).createFundingActivity;
    const budget = ok(
      await hub.query(
        `mutation($id: ID!, $input: BudgetInput!) { addBudget(activityId: $id, input: $input) { id } }`,
        {
          id: activity.id,
          input: {
            periodStart: '2025-01-01',
            periodEnd: '2025-12-31',
            value: { amount: '125000.50', currency: 'EUR', valueDate: '2025-01-01' },
          },
        },
        { token: funder },
      ),
    ).addBudget;
    const Q = `query($id: ID!, $first: Int, $after: String) { fundingActivity(id: $id) { id version ${HISTORY} } }`;
    expect(codes(await hub.query(Q, { id: activity.id }))).toEqual(['NOT_FOUND']);
    const data = ok(await hub.query(Q, { id: activity.id }, { token: funder })).fundingActivity;
    const nodes: Entry[] = data.history.nodes;
    const budgetEntry = nodes.find((n) => n.recordType === 'Budget')!;
    expect(budgetEntry).toMatchObject({ recordId: budget.id, version: 1, actorSubject: 'history-funder' });
    expect(change(budgetEntry, 'amount')).toMatchObject({ field: 'amount', previous: null });
    expect(Number(change(budgetEntry, 'amount')!.current)).toBe(125000.5);
    expect(nodes[nodes.length - 1]).toMatchObject({ recordType: 'FundingActivity', recordId: activity.id, version: 1 });

    // a budget's changes cannot be restored (its activity's total is kept by its own mutations)
    const refused = await hub.query(
      `mutation($id: ID!, $versionId: ID!) { restoreFundingActivityVersion(id: $id, versionId: $versionId) { id } }`,
      { id: activity.id, versionId: budgetEntry.id },
      { token: funder },
    );
    expect(codes(refused)).toEqual(['CONFLICT']);

    ok(await hub.query(`mutation($id: ID!) { publishFundingActivity(id: $id) { id } }`, { id: activity.id }, { token: funder }));
    const published = ok(await hub.query(Q, { id: activity.id })).fundingActivity;
    expect(published.history.totalCount).toBe(data.history.totalCount + 1);
    expect(change(published.history.nodes[0], 'published')).toEqual({ field: 'published', previous: false, current: true });
  });
});

describe('peer reviews', () => {
  test('a recommendation’s response and status show in its review’s history', async () => {
    const review = sampleIds.peerReview('goteborg-housing-2025');
    const host = await hub.token({ roles: ['municipality'], cityId: GOTEBORG, subject: 'history-goteborg' });
    const Q = `query($id: ID!, $first: Int, $after: String) { peerReview(id: $id) { id recommendations { id version response } ${HISTORY} } }`;
    const before = ok(await hub.query(Q, { id: review })).peerReview;
    expect(before.history.totalCount).toBe(0);
    const recommendation = before.recommendations.find((r: { response: string | null }) => r.response == null) ?? before.recommendations[0];
    ok(
      await hub.query(
        `mutation($id: ID!, $input: RecommendationResponseInput!, $v: Int) { respondToRecommendation(id: $id, input: $input, expectedVersion: $v) { id } }`,
        { id: recommendation.id, input: { response: 'ACCEPTED' }, v: recommendation.version },
        { token: host },
      ),
    );
    const after = ok(await hub.query(Q, { id: review })).peerReview;
    expect(after.history.totalCount).toBe(1);
    const entry: Entry = after.history.nodes[0];
    expect(entry).toMatchObject({ recordType: 'Recommendation', recordId: recommendation.id, actorSubject: 'history-goteborg' });
    expect(change(entry, 'response')).toEqual({ field: 'response', previous: recommendation.response, current: 'ACCEPTED' });
    // a review that is not reported yet: its history is as hidden as the review
    const admin = await hub.token({ roles: ['admin'] });
    const planned = ok(
      await hub.query(
        `mutation($input: CreatePeerReviewInput!) { createPeerReview(input: $input) { id } }`,
        { input: { hostCityId: GOTEBORG, topic: en('Housing'), visitStart: '2026-03-02', visitEnd: '2026-03-03' } },
        { token: admin },
      ),
    ).createPeerReview;
    expect(codes(await hub.query(Q, { id: planned.id }))).toEqual(['NOT_FOUND']);
    expect(ok(await hub.query(Q, { id: planned.id }, { token: admin })).peerReview.history.totalCount).toBe(1);
  });
});

describe('cities', () => {
  test('a city’s profile and settlement years, restored by its municipality', async () => {
    const municipality = await hub.token({ roles: ['municipality'], cityId: TRONDHEIM, subject: 'history-trondheim' });
    const Q = `query($first: Int, $after: String) { city(slug: "trondheim") { id version population profile { text } ${HISTORY} } }`;
    const before = ok(await hub.query(Q, {})).city;
    expect(before.history.totalCount).toBe(0);
    ok(
      await hub.query(
        `mutation($id: ID!, $v: Int) { updateCity(id: $id, input: { population: 212660, populationYear: 2024 }, expectedVersion: $v) { version } }`,
        { id: TRONDHEIM, v: before.version },
        { token: municipality },
      ),
    );
    ok(
      await hub.query(
        `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { year } }`,
        { input: { cityId: TRONDHEIM, year: 2031, requested: 730 } },
        { token: municipality },
      ),
    );
    const after = ok(await hub.query(Q, {})).city;
    const nodes: Entry[] = after.history.nodes;
    expect(nodes.map((n) => n.recordType)).toEqual(['SettlementYear', 'City']);
    expect(change(nodes[0], 'requested')).toEqual({ field: 'requested', previous: null, current: 730 });
    expect(change(nodes[1], 'population')).toEqual({ field: 'population', previous: before.population, current: 212660 });

    const RESTORE = `mutation($id: ID!, $versionId: ID!, $v: Int) { restoreCityVersion(id: $id, versionId: $versionId, expectedVersion: $v) { id population version } }`;
    const oslo = await hub.token({ roles: ['municipality'], cityId: sampleIds.city('oslo') });
    // restoring the ledger entry's creation: nothing changed since, so nothing to set back; the city's own change is set back
    expect(codes(await hub.query(RESTORE, { id: TRONDHEIM, versionId: nodes[1].id, v: after.version }, { token: oslo }))).toEqual([
      'FORBIDDEN',
    ]);
    const creation = await hub.query(
      `mutation($input: SettlementYearInput!) { recordSettlementYear(input: $input) { year } }`,
      { input: { cityId: TRONDHEIM, year: 2031, decided: 700 } },
      { token: municipality },
    );
    ok(creation);
    const ledger = ok(await hub.query(Q, {})).city.history.nodes as Entry[];
    const yearCreated = ledger.find((n) => n.recordType === 'SettlementYear' && n.version === 1)!;
    ok(await hub.query(RESTORE, { id: TRONDHEIM, versionId: yearCreated.id, v: 2 }, { token: municipality }));
    const years = ok(await hub.query(`{ city(slug: "trondheim") { settlementYears { year requested decided } } }`)).city.settlementYears;
    expect(years.find((y: { year: number }) => y.year === 2031)).toEqual({ year: 2031, requested: 730, decided: null });
    const latest = ok(await hub.query(Q, {})).city.history.nodes[0];
    expect(latest).toMatchObject({
      recordType: 'SettlementYear',
      event: 'restoreCityVersion',
      version: 3,
      actorSubject: 'history-trondheim',
    });
  });
});
