import { randomUUID } from 'node:crypto';
import { cities, peerReviews } from '../subgraphs/catalog';
import type { Identity } from '../shared/identity';
import { sampleIds } from '../shared/sample-ids';
import { codes, postSigned, startTestHub, type TestHub } from './helpers';

let hub: TestHub;
let admin: string;
let host: string; // the Gothenburg municipality
let otherCity: string; // the Trondheim municipality
let funder: string;

beforeAll(async () => {
  hub = await startTestHub([cities, peerReviews]);
  admin = await hub.token({ roles: ['admin'], subject: 'secretariat-1' });
  host = await hub.token({ roles: ['municipality'], subject: 'goteborg-officer', cityId: sampleIds.city('goteborg') });
  otherCity = await hub.token({ roles: ['municipality'], subject: 'trondheim-officer', cityId: sampleIds.city('trondheim') });
  funder = await hub.token({ roles: ['funder'], subject: 'funder-1', organisationId: sampleIds.organisation('european-commission') });
});
afterAll(() => hub?.close());

const GOTEBORG = sampleIds.city('goteborg');
const TRONDHEIM = sampleIds.city('trondheim');
const GOTEBORG_REVIEW = sampleIds.peerReview('goteborg-housing-2025');
const CONSOLIDATE = sampleIds.fundingActivity('consolidate-eurocities');

const reviewerToken = (subject: string, cityId = TRONDHEIM) => hub.token({ roles: ['reviewer'], subject, cityId });

const REVIEW_FIELDS = 'id status version visitStart visitEnd';

/** Runs a request and fails the test with the errors when there are any. */
async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const result = await hub.query<T>(query, variables, { token });
  if (result.errors) throw new Error(`${query}\n${JSON.stringify(result.errors, null, 2)}`);
  return result.data!;
}

const CREATE = `mutation($input: CreatePeerReviewInput!) { createPeerReview(input: $input) { ${REVIEW_FIELDS} } }`;
const ASSIGN = `mutation($id: ID!, $input: CreateReviewerInput!) { assignReviewer(peerReviewId: $id, input: $input) { id name role subject } }`;
const MOVE = `mutation($id: ID!, $status: PeerReviewStatus!, $v: Int) { movePeerReview(id: $id, status: $status, expectedVersion: $v) { ${REVIEW_FIELDS} } }`;
const ADD_RECOMMENDATION = `mutation($id: ID!, $input: CreateRecommendationInput!) { addRecommendation(peerReviewId: $id, input: $input) { id position version response followUpStatus } }`;
const SET_PROGRAMME = `mutation($id: ID!, $days: [ProgrammeDayInput!]!, $v: Int) { setVisitProgramme(peerReviewId: $id, days: $days, expectedVersion: $v) { ${REVIEW_FIELDS} programme { date sessions { position meetingWith topic { text } } } } }`;
const RESPOND = `mutation($id: ID!, $input: RecommendationResponseInput!, $v: Int) { respondToRecommendation(id: $id, input: $input, expectedVersion: $v) { id version response responseReason { text } respondedAt } }`;
const NOTE = `mutation($id: ID!, $input: ProgressNoteInput!) { addProgressNote(recommendationId: $id, input: $input) { id followUpStatus progressNotes { date status text { text } } } }`;
const GET = `query($id: ID!) { peerReview(id: $id) { ${REVIEW_FIELDS} } }`;

const en = (text: string) => [{ locale: 'en', text }];
const recommendationInput = (text = 'Coordinate housing in one pathway.') => ({
  text: en(text),
  addressedTo: ['OFFICIALS'],
  priority: 'HIGH',
});
const programme = [
  {
    date: '2026-03-02',
    title: en('Settlement unit'),
    sessions: [{ meetingWith: 'The settlement unit', startTime: '09:00', endTime: '12:00', topic: en('Coordination of housing') }],
  },
  { date: '2026-03-03', sessions: [{ meetingWith: 'Politicians and officials', topic: en('Presentation of the recommendations') }] },
];

/** Plans a review (PLANNED) as the secretariat. */
async function plan(extra: Record<string, unknown> = {}) {
  const data = await ok(
    CREATE,
    { input: { hostCityId: GOTEBORG, topic: en('Housing for refugees'), visitStart: '2026-03-02', visitEnd: '2026-03-03', ...extra } },
    admin,
  );
  return data.createPeerReview as { id: string; status: string; version: number };
}

/** Assigns a reviewer bound to `subject`. */
async function assign(reviewId: string, subject: string, extra: Record<string, unknown> = {}) {
  return (await ok(ASSIGN, { id: reviewId, input: { name: `Reviewer ${subject}`, countryCode: 'DE', subject, ...extra } }, admin))
    .assignReviewer;
}

const move = (id: string, status: string, token = admin, v?: number) => hub.query(MOVE, { id, status, v }, { token });

test('the sample data: the Gothenburg housing review of February 2025, in Swedish and English, with nine illustrative reviewers', async () => {
  const data = await ok(
    `query($id: ID!) { peerReview(id: $id) { status visitStart visitEnd networkId
        topic { sv: text(locale: "sv") en: translation(locale: "en") { text machineTranslated } }
        challengeQuestions { text }
        hostCity { id name } fundingActivity { id } fund { id peerReviews { id } } contactOrganisation { id name reviewsHosted { id } }
        reviewers { name countryCode role illustrative homePlace subject }
        programme { date title { text } sessions { meetingWith organisation { name } illustrative } }
        recommendations { position illustrative addressedTo addressedUnit priority text { sv: text(locale: "sv") } } } }`,
    { id: GOTEBORG_REVIEW },
  );
  const review = data.peerReview;
  expect(review).toMatchObject({
    status: 'REPORTED',
    visitStart: '2025-02-17',
    visitEnd: '2025-02-20',
    networkId: sampleIds.network('eurocities'),
    hostCity: { id: GOTEBORG, name: 'Göteborg' },
    fundingActivity: { id: CONSOLIDATE },
    fund: { id: sampleIds.fund('amif'), peerReviews: [{ id: GOTEBORG_REVIEW }] },
    contactOrganisation: { name: 'Göteborgs Stad, etableringsenheten', reviewsHosted: [{ id: GOTEBORG_REVIEW }] },
  });
  expect(review.topic.sv).toMatch(/Bostadslösningar för flyktingar/);
  expect(review.topic.en.machineTranslated).toBe(true);
  expect(review.challengeQuestions).toHaveLength(3);
  expect(review.reviewers).toHaveLength(9);
  expect(new Set(review.reviewers.map((r: { countryCode: string }) => r.countryCode))).toEqual(new Set(['BE', 'GB', 'DE', 'AT']));
  expect(
    review.reviewers.every(
      (r: { illustrative: boolean; name: string; subject: string | null }) =>
        r.illustrative && /illustrative/.test(r.name) && r.subject === null,
    ),
  ).toBe(true);
  expect(review.reviewers.filter((r: { role: string }) => r.role === 'LEAD_REVIEWER')).toHaveLength(1);
  expect(review.programme.map((d: { date: string }) => d.date)).toEqual(['2025-02-17', '2025-02-18', '2025-02-19', '2025-02-20']);
  expect(review.programme[0].sessions[0].organisation.name).toBe('Göteborgs Stad, etableringsenheten');
  expect(review.programme[3].sessions[0].meetingWith).toMatch(/Politicians and officials/);
  // the first and the last day are in the source; which officials the reviewers met on which day between is not
  expect(review.programme.map((d: { sessions: { illustrative: boolean }[] }) => d.sessions.map((s) => s.illustrative))).toEqual([
    [false],
    [true],
    [true],
    [false],
  ]);
  expect(review.recommendations.length).toBeGreaterThan(0);
  expect(review.recommendations.every((r: { illustrative: boolean }) => r.illustrative)).toBe(true);
  expect(JSON.stringify(review)).not.toMatch(/@|0728/); // no personal e-mails or phone numbers
});

test('the lifecycle: plan, assign, visit, programme and recommendations by a reviewer, report, host response and follow-up, close', async () => {
  // the secretariat plans and assigns
  const review = await plan({
    fundingActivityId: CONSOLIDATE,
    challengeQuestions: [{ text: en('How to move people to permanent housing?') }],
  });
  expect(review.status).toBe('PLANNED');
  const lead = await assign(review.id, 'lifecycle-lead', { role: 'LEAD_REVIEWER', homeCityId: TRONDHEIM });
  expect(lead).toMatchObject({ role: 'LEAD_REVIEWER', subject: 'lifecycle-lead' });
  await assign(review.id, 'lifecycle-second', { homeOrganisationId: sampleIds.organisation('eurocities'), countryCode: 'BE' });
  expect((await ok(MOVE, { id: review.id, status: 'VISIT', v: review.version }, admin)).movePeerReview.status).toBe('VISIT');

  // an assigned reviewer writes the programme, the recommendations and the report
  const reviewer = await reviewerToken('lifecycle-lead');
  const current = (await ok(GET, { id: review.id }, reviewer)).peerReview;
  const withProgramme = (await ok(SET_PROGRAMME, { id: review.id, days: programme, v: current.version }, reviewer)).setVisitProgramme;
  expect(withProgramme.programme).toEqual([
    { date: '2026-03-02', sessions: [{ position: 1, meetingWith: 'The settlement unit', topic: { text: 'Coordination of housing' } }] },
    {
      date: '2026-03-03',
      sessions: [{ position: 1, meetingWith: 'Politicians and officials', topic: { text: 'Presentation of the recommendations' } }],
    },
  ]);
  expect(withProgramme.version).toBe(current.version + 1);
  // setting it again replaces it
  const replaced = (await ok(SET_PROGRAMME, { id: review.id, days: programme.slice(1) }, reviewer)).setVisitProgramme;
  expect(replaced.programme.map((d: { date: string }) => d.date)).toEqual(['2026-03-03']);
  const first = (
    await ok(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput('Give early information in the right languages.') }, reviewer)
  ).addRecommendation;
  const second = (
    await ok(
      ADD_RECOMMENDATION,
      {
        id: review.id,
        input: {
          text: en('Name one owner of the housing pathway.'),
          addressedTo: ['POLITICIANS', 'UNIT'],
          addressedUnit: 'Settlement unit',
        },
      },
      reviewer,
    )
  ).addRecommendation;
  expect([first.position, second.position]).toEqual([1, 2]);
  await ok(
    `mutation($id: ID!) { writePeerReviewReport(id: $id, report: [{ locale: "en", text: "Summary" }]) { id } }`,
    { id: review.id },
    reviewer,
  );
  await ok(MOVE, { id: review.id, status: 'REPORTED' }, admin);

  // from REPORTED on the public sees it
  const seen = (
    await ok(
      `query($id: ID!) { peerReview(id: $id) { status report { text } recommendations { text { text } addressedTo addressedUnit priority } reviewers { name subject } } }`,
      { id: review.id },
    )
  ).peerReview;
  expect(seen.status).toBe('REPORTED');
  expect(seen.report.text).toBe('Summary');
  expect(seen.recommendations[1]).toEqual({
    text: { text: 'Name one owner of the housing pathway.' },
    addressedTo: ['POLITICIANS', 'UNIT'],
    addressedUnit: 'Settlement unit',
    priority: 'MEDIUM',
  });
  expect(seen.reviewers.every((r: { subject: string | null }) => r.subject === null)).toBe(true); // token subjects are not public

  // the host responds and records follow-up
  const accepted = (await ok(RESPOND, { id: first.id, input: { response: 'ACCEPTED' }, v: first.version }, host)).respondToRecommendation;
  expect(accepted.response).toBe('ACCEPTED');
  const partly = (
    await ok(
      RESPOND,
      { id: second.id, input: { response: 'PARTLY_ACCEPTED', reason: [{ locale: 'sv', text: 'Ansvaret delas av två förvaltningar.' }] } },
      host,
    )
  ).respondToRecommendation;
  expect(partly.responseReason.text).toBe('Ansvaret delas av två förvaltningar.');
  const noted = (
    await ok(NOTE, { id: first.id, input: { date: '2026-04-01', text: en('Translations commissioned.'), status: 'IN_PROGRESS' } }, host)
  ).addProgressNote;
  expect(noted.followUpStatus).toBe('IN_PROGRESS');
  await ok(MOVE, { id: review.id, status: 'FOLLOW_UP' }, admin);
  const done = (
    await ok(NOTE, { id: first.id, input: { date: '2026-09-01', text: en('Published in eight languages.'), status: 'DONE' } }, host)
  ).addProgressNote;
  expect(done).toMatchObject({
    followUpStatus: 'DONE',
    progressNotes: [
      { date: '2026-04-01', status: 'IN_PROGRESS', text: { text: 'Translations commissioned.' } },
      { date: '2026-09-01', status: 'DONE', text: { text: 'Published in eight languages.' } },
    ],
  });
  const closed = (await ok(MOVE, { id: review.id, status: 'CLOSED' }, admin)).movePeerReview;
  expect(closed.status).toBe('CLOSED');

  // the federation extensions show it
  const links = await ok(
    `query($id: ID!) { peerReview(id: $id) { fundingActivity { peerReviews { id } } }
       trondheim: city(slug: "trondheim") { reviewersSent { name peerReview { id } } }
       eurocities: organisation(slug: "eurocities") { reviewersSent { name } }
       goteborg: city(slug: "goteborg") { reviewsHosted { id } } }`,
    { id: review.id },
  );
  expect(links.peerReview.fundingActivity.peerReviews.map((r: { id: string }) => r.id)).toEqual(
    expect.arrayContaining([review.id, GOTEBORG_REVIEW]),
  );
  expect(links.trondheim.reviewersSent).toContainEqual({ name: 'Reviewer lifecycle-lead', peerReview: { id: review.id } });
  expect(links.eurocities.reviewersSent).toContainEqual({ name: 'Reviewer lifecycle-second' });
  expect(links.goteborg.reviewsHosted.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining([review.id, GOTEBORG_REVIEW]));

  // once CLOSED nothing changes any more
  expect(codes(await hub.query(RESPOND, { id: second.id, input: { response: 'ACCEPTED' } }, { token: host }))).toEqual(['CONFLICT']);
  expect(
    codes(await hub.query(NOTE, { id: first.id, input: { date: '2026-10-01', text: en('More.'), status: 'DONE' } }, { token: host })),
  ).toEqual(['CONFLICT']);
  expect(
    codes(
      await hub.query(
        `mutation($id: ID!) { updatePeerReview(id: $id, input: { source: "x" }) { id } }`,
        { id: review.id },
        { token: admin },
      ),
    ),
  ).toEqual(['CONFLICT']);
});

test('planning reviews and assigning reviewers: anonymous UNAUTHENTICATED, roles that see the review FORBIDDEN, the others NOT_FOUND', async () => {
  const input = { hostCityId: GOTEBORG, topic: en('Housing'), visitStart: '2026-05-01', visitEnd: '2026-05-02' };
  expect(codes(await hub.query(CREATE, { input }))).toEqual(['UNAUTHENTICATED']);
  for (const token of [host, funder, await reviewerToken('planner-reviewer')]) {
    expect(codes(await hub.query(CREATE, { input }, { token }))).toEqual(['FORBIDDEN']);
  }
  const review = await plan();
  const assignInput = { name: 'Someone', countryCode: 'AT', subject: 'someone' };
  expect(codes(await hub.query(ASSIGN, { id: review.id, input: assignInput }))).toEqual(['UNAUTHENTICATED']);
  expect(codes(await hub.query(ASSIGN, { id: review.id, input: assignInput }, { token: host }))).toEqual(['FORBIDDEN']);
  // a reviewer not assigned to the planned review does not see it: NOT_FOUND, as for a missing review
  expect(codes(await hub.query(ASSIGN, { id: review.id, input: assignInput }, { token: await reviewerToken('someone') }))).toEqual([
    'NOT_FOUND',
  ]);
  expect(codes(await move(review.id, 'VISIT', host))).toEqual(['FORBIDDEN']);
  expect(codes(await move(review.id, 'VISIT', ''))).toEqual(['UNAUTHENTICATED']);
  expect(codes(await hub.query(`mutation($id: ID!) { deletePeerReview(id: $id) { id } }`, { id: review.id }, { token: funder }))).toEqual([
    'NOT_FOUND',
  ]);
  expect(codes(await hub.query(`mutation($id: ID!) { deletePeerReview(id: $id) { id } }`, { id: review.id }, { token: host }))).toEqual([
    'FORBIDDEN',
  ]);
  expect((await ok(GET, { id: review.id }, admin)).peerReview).toMatchObject({ status: 'PLANNED', version: review.version });
});

test('programme and recommendations: only assigned reviewers, and only while the review is in VISIT', async () => {
  const review = await plan();
  await assign(review.id, 'writer');
  const writer = await reviewerToken('writer');
  const stranger = await reviewerToken('not-assigned');
  // in PLANNED, even the assigned reviewer gets CONFLICT
  expect(codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, { token: writer }))).toEqual([
    'CONFLICT',
  ]);
  expect(codes(await hub.query(SET_PROGRAMME, { id: review.id, days: programme }, { token: writer }))).toEqual(['CONFLICT']);
  await ok(MOVE, { id: review.id, status: 'VISIT' }, admin);

  expect(codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }))).toEqual(['UNAUTHENTICATED']);
  expect(codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, { token: stranger }))).toEqual([
    'NOT_FOUND',
  ]);
  expect(codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, { token: host }))).toEqual([
    'FORBIDDEN',
  ]);
  // the right subject without the reviewer role is not enough: the review stays hidden from it
  const sameSubjectOtherRole = await hub.token({
    roles: ['funder'],
    subject: 'writer',
    organisationId: sampleIds.organisation('eurocities'),
  });
  expect(
    codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, { token: sameSubjectOtherRole })),
  ).toEqual(['NOT_FOUND']);
  expect(codes(await hub.query(SET_PROGRAMME, { id: review.id, days: programme }, { token: stranger }))).toEqual(['NOT_FOUND']);

  const rec = (await ok(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, writer)).addRecommendation;
  const UPDATE = `mutation($id: ID!, $input: UpdateRecommendationInput!) { updateRecommendation(id: $id, input: $input) { id priority } }`;
  expect(codes(await hub.query(UPDATE, { id: rec.id, input: { priority: 'LOW' } }, { token: stranger }))).toEqual(['NOT_FOUND']);
  expect((await ok(UPDATE, { id: rec.id, input: { priority: 'LOW' } }, writer)).updateRecommendation.priority).toBe('LOW');
  // the host may not respond while the reviewers are still writing
  expect(codes(await hub.query(RESPOND, { id: rec.id, input: { response: 'ACCEPTED' } }, { token: host }))).toEqual(['CONFLICT']);

  await ok(MOVE, { id: review.id, status: 'REPORTED' }, admin);
  // after the visit the reviewers write nothing more
  expect(codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, { token: writer }))).toEqual([
    'CONFLICT',
  ]);
  expect(codes(await hub.query(UPDATE, { id: rec.id, input: { priority: 'HIGH' } }, { token: writer }))).toEqual(['CONFLICT']);
  expect(codes(await hub.query(SET_PROGRAMME, { id: review.id, days: programme }, { token: writer }))).toEqual(['CONFLICT']);
  // responding is the host's: not the reviewers', not another municipality's
  expect(codes(await hub.query(RESPOND, { id: rec.id, input: { response: 'ACCEPTED' } }))).toEqual(['UNAUTHENTICATED']);
  expect(codes(await hub.query(RESPOND, { id: rec.id, input: { response: 'ACCEPTED' } }, { token: writer }))).toEqual(['FORBIDDEN']);
  expect(codes(await hub.query(RESPOND, { id: rec.id, input: { response: 'ACCEPTED' } }, { token: otherCity }))).toEqual(['FORBIDDEN']);
  expect(
    codes(await hub.query(NOTE, { id: rec.id, input: { date: '2026-04-01', text: en('x'), status: 'IN_PROGRESS' } }, { token: otherCity })),
  ).toEqual(['FORBIDDEN']);
  // follow-up needs a response first, and a rejected recommendation has none
  expect(
    codes(await hub.query(NOTE, { id: rec.id, input: { date: '2026-04-01', text: en('x'), status: 'IN_PROGRESS' } }, { token: host })),
  ).toEqual(['CONFLICT']);
  await ok(RESPOND, { id: rec.id, input: { response: 'REJECTED', reason: en('Already done.') } }, host);
  expect(
    codes(await hub.query(NOTE, { id: rec.id, input: { date: '2026-04-01', text: en('x'), status: 'IN_PROGRESS' } }, { token: host })),
  ).toEqual(['CONFLICT']);
  const after = (
    await ok(`query($id: ID!) { peerReview(id: $id) { recommendations { priority response progressNotes { date } } } }`, { id: review.id })
  ).peerReview;
  expect(after.recommendations).toEqual([{ priority: 'LOW', response: 'REJECTED', progressNotes: [] }]);
});

test('every illegal status move is CONFLICT and changes nothing', async () => {
  const all = ['PLANNED', 'VISIT', 'REPORTED', 'FOLLOW_UP', 'CLOSED'];
  const review = await plan();
  const reviewer = await reviewerToken('mover');
  const expectIllegal = async (from: string) => {
    const before = (await ok(GET, { id: review.id }, admin)).peerReview;
    expect(before.status).toBe(from);
    const next = all[all.indexOf(from) + 1];
    for (const to of all.filter((s) => s !== next)) {
      const result = await move(review.id, to);
      expect({ from, to, codes: codes(result) }).toEqual({ from, to, codes: ['CONFLICT'] });
    }
    expect((await ok(GET, { id: review.id }, admin)).peerReview).toEqual(before);
    return before;
  };

  await expectIllegal('PLANNED');
  // a visit needs a reviewer
  expect(codes(await move(review.id, 'VISIT'))).toEqual(['CONFLICT']);
  await assign(review.id, 'mover');
  // a stale version is refused too
  const planned = (await ok(GET, { id: review.id }, admin)).peerReview;
  expect(codes(await move(review.id, 'VISIT', admin, planned.version - 1))).toEqual(['CONFLICT']);
  await ok(MOVE, { id: review.id, status: 'VISIT', v: planned.version }, admin);

  await expectIllegal('VISIT');
  // a report needs a recommendation
  expect(codes(await move(review.id, 'REPORTED'))).toEqual(['CONFLICT']);
  const rec = (await ok(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, reviewer)).addRecommendation;
  await ok(MOVE, { id: review.id, status: 'REPORTED' }, admin);

  await expectIllegal('REPORTED');
  // the follow-up needs a response to every recommendation
  expect(codes(await move(review.id, 'FOLLOW_UP'))).toEqual(['CONFLICT']);
  await ok(RESPOND, { id: rec.id, input: { response: 'ACCEPTED' } }, host);
  await ok(MOVE, { id: review.id, status: 'FOLLOW_UP' }, admin);

  await expectIllegal('FOLLOW_UP');
  await ok(MOVE, { id: review.id, status: 'CLOSED' }, admin);
  const closed = await expectIllegal('CLOSED');
  expect(closed.status).toBe('CLOSED');
});

test('before REPORTED only admins, assigned reviewers and the host municipality see a review', async () => {
  const review = await plan({ hostCityId: GOTEBORG, fundingActivityId: randomUUID() });
  await assign(review.id, 'insider', { homeCityId: sampleIds.city('stavanger') });
  await ok(MOVE, { id: review.id, status: 'VISIT' }, admin);
  const insider = await reviewerToken('insider');
  const outsider = await reviewerToken('outsider');
  const LIST = `query($city: ID!) { peerReviews(hostCity: $city, first: 100) { nodes { id } } city(id: $city) { reviewsHosted { id } } }`;
  const listed = async (token?: string) => {
    const data = await ok(LIST, { city: GOTEBORG }, token);
    const inList = data.peerReviews.nodes.some((n: { id: string }) => n.id === review.id);
    const onCity = data.city.reviewsHosted.some((n: { id: string }) => n.id === review.id);
    expect(inList).toBe(onCity);
    return inList;
  };

  for (const token of [undefined, otherCity, funder, outsider]) {
    expect(codes(await hub.query(GET, { id: review.id }, { token }))).toEqual(['NOT_FOUND']);
    expect(await listed(token)).toBe(false);
  }
  for (const token of [admin, host, insider]) {
    expect((await ok(GET, { id: review.id }, token)).peerReview.id).toBe(review.id);
    expect(await listed(token)).toBe(true);
  }
  // nor through the extensions of other subgraphs' entities, nor when the gateway fetches it by key
  const SENT = `{ city(slug: "stavanger") { reviewersSent { name } } }`;
  expect((await ok(SENT)).city.reviewersSent).toEqual([]);
  expect((await ok(SENT, {}, insider)).city.reviewersSent).toEqual([{ name: 'Reviewer insider' }]);
  const byKey = async (identity: Identity) =>
    postSigned<any>(
      hub.subgraphs['peer-reviews'].server.url,
      'peer-reviews',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on PeerReview { id } } }`,
      {
        r: [
          { __typename: 'PeerReview', id: review.id },
          { __typename: 'PeerReview', id: GOTEBORG_REVIEW },
        ],
      },
      identity,
    );
  expect((await byKey({ subject: null, roles: [] })).data._entities).toEqual([null, { id: GOTEBORG_REVIEW }]);
  expect((await byKey({ subject: 'goteborg-officer', roles: ['municipality'], cityId: GOTEBORG })).data._entities).toEqual([
    { id: review.id },
    { id: GOTEBORG_REVIEW },
  ]);

  // a reviewer sees their token subject on their own row, nobody else's
  const rows = (await ok(`query($id: ID!) { peerReview(id: $id) { reviewers { subject } } }`, { id: review.id }, insider)).peerReview
    .reviewers;
  expect(rows).toEqual([{ subject: 'insider' }]);

  await ok(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, insider);
  await ok(MOVE, { id: review.id, status: 'REPORTED' }, admin);
  expect((await ok(GET, { id: review.id })).peerReview.status).toBe('REPORTED');
  expect(await listed(undefined)).toBe(true);
});

test('bad input: unknown and malformed ids, dates out of order, wrong enums, missing reasons', async () => {
  expect(codes(await hub.query(GET, { id: randomUUID() }, { token: admin }))).toEqual(['NOT_FOUND']);
  expect(codes(await hub.query(GET, { id: 'not-a-uuid' }, { token: admin }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await move(randomUUID(), 'VISIT'))).toEqual(['NOT_FOUND']);
  expect(codes(await hub.query(ASSIGN, { id: randomUUID(), input: { name: 'X', countryCode: 'DE' } }, { token: admin }))).toEqual([
    'NOT_FOUND',
  ]);
  const base = { hostCityId: GOTEBORG, topic: en('Housing'), visitStart: '2026-05-02', visitEnd: '2026-05-01' };
  expect(codes(await hub.query(CREATE, { input: base }, { token: admin }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(CREATE, { input: { ...base, visitEnd: '2026-05-03', hostCityId: 'goteborg' } }, { token: admin }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  expect(
    codes(await hub.query(CREATE, { input: { ...base, visitEnd: '2026-05-03', topic: [{ locale: 'xx', text: 'x' }] } }, { token: admin })),
  ).toEqual(['BAD_USER_INPUT']);
  // the required fields of the create input are required by the schema: one error for each missing one
  expect(codes(await hub.query(CREATE, { input: { topic: en('Housing') } }, { token: admin }))).toEqual([
    'BAD_USER_INPUT',
    'BAD_USER_INPUT',
    'BAD_USER_INPUT',
  ]);
  expect(codes(await hub.query(`query { peerReviews(visitFrom: "2026-02-01", visitTo: "2026-01-01") { nodes { id } } }`))).toEqual([
    'BAD_USER_INPUT',
  ]);

  const review = await plan();
  // wrong enum values through variables
  expect(codes(await move(review.id, 'FINISHED'))).toEqual(['BAD_USER_INPUT']);
  expect(
    codes(await hub.query(ASSIGN, { id: review.id, input: { name: 'X', countryCode: 'DE', role: 'BOSS' } }, { token: admin })),
  ).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(`query($s: PeerReviewStatus) { peerReviews(status: $s) { nodes { id } } }`, { s: 'planned' }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  // a reviewer from a city and an organisation at once; a country that is not a code
  expect(
    codes(
      await hub.query(
        ASSIGN,
        {
          id: review.id,
          input: { name: 'X', countryCode: 'DE', homeCityId: TRONDHEIM, homeOrganisationId: sampleIds.organisation('eurocities') },
        },
        { token: admin },
      ),
    ),
  ).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(ASSIGN, { id: review.id, input: { name: 'X', countryCode: 'England' } }, { token: admin }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  // the same person twice on one review
  await assign(review.id, 'twice');
  expect(
    codes(await hub.query(ASSIGN, { id: review.id, input: { name: 'Again', countryCode: 'DE', subject: 'twice' } }, { token: admin })),
  ).toEqual(['CONFLICT']);

  await ok(MOVE, { id: review.id, status: 'VISIT' }, admin);
  const reviewer = await reviewerToken('twice');
  // programme days outside the visit, twice the same day, times out of order
  expect(
    codes(await hub.query(SET_PROGRAMME, { id: review.id, days: [{ ...programme[0], date: '2026-04-01' }] }, { token: reviewer })),
  ).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(SET_PROGRAMME, { id: review.id, days: [programme[0], programme[0]] }, { token: reviewer }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  expect(
    codes(
      await hub.query(
        SET_PROGRAMME,
        {
          id: review.id,
          days: [{ date: '2026-03-02', sessions: [{ meetingWith: 'x', topic: en('x'), startTime: '13:00', endTime: '12:00' }] }],
        },
        { token: reviewer },
      ),
    ),
  ).toEqual(['BAD_USER_INPUT']);
  expect(
    codes(
      await hub.query(
        SET_PROGRAMME,
        { id: review.id, days: [{ date: '2026-03-02', sessions: [{ meetingWith: 'x', topic: en('x'), startTime: '9am' }] }] },
        { token: reviewer },
      ),
    ),
  ).toEqual(['BAD_USER_INPUT']);
  // a recommendation to a unit must name it; an audience must be given
  expect(
    codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: { text: en('x'), addressedTo: ['UNIT'] } }, { token: reviewer })),
  ).toEqual(['BAD_USER_INPUT']);
  expect(
    codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: { text: en('x'), addressedTo: ['MAYOR'] } }, { token: reviewer })),
  ).toEqual(['BAD_USER_INPUT']);
  expect(
    codes(await hub.query(ADD_RECOMMENDATION, { id: review.id, input: { text: en('x'), addressedTo: [] } }, { token: reviewer })),
  ).toEqual(['BAD_USER_INPUT']);
  const rec = (await ok(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput() }, reviewer)).addRecommendation;
  await ok(MOVE, { id: review.id, status: 'REPORTED' }, admin);
  // rejecting or partly accepting needs a reason; an unknown response is refused
  expect(codes(await hub.query(RESPOND, { id: rec.id, input: { response: 'REJECTED' } }, { token: host }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(RESPOND, { id: rec.id, input: { response: 'PARTLY_ACCEPTED', reason: [] } }, { token: host }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  expect(codes(await hub.query(RESPOND, { id: rec.id, input: { response: 'MAYBE' } }, { token: host }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(RESPOND, { id: randomUUID(), input: { response: 'ACCEPTED' } }, { token: host }))).toEqual(['NOT_FOUND']);
  // a stale version of the recommendation is CONFLICT
  expect(codes(await hub.query(RESPOND, { id: rec.id, input: { response: 'ACCEPTED' }, v: rec.version + 5 }, { token: host }))).toEqual([
    'CONFLICT',
  ]);
  const after = (await ok(`query($id: ID!) { peerReview(id: $id) { recommendations { response version } } }`, { id: review.id }))
    .peerReview;
  expect(after.recommendations).toEqual([{ response: null, version: rec.version }]);
});

// An impossible calendar date (2026-02-30) is refused by the subgraph's LocalDate scalar with HTTP 400 and
// BAD_USER_INPUT, but the gateway turns any non-2xx subgraph answer into INTERNAL_SERVER_ERROR. Needs
// `status400ForVariableCoercionErrors: false` in shared/server.ts (or the gateway passing the subgraph's codes through).
test('an impossible date through variables (visitEnd: "2026-02-30") is BAD_USER_INPUT and plans nothing', async () => {
  const before = await ok(`{ peerReviews(first: 100) { totalCount } }`, {}, admin);
  const result = await hub.query(
    CREATE,
    { input: { hostCityId: GOTEBORG, topic: en('Housing'), visitStart: '2026-02-27', visitEnd: '2026-02-30' } },
    { token: admin },
  );
  expect(codes(result)).toEqual(['BAD_USER_INPUT']);
  expect(await ok(`{ peerReviews(first: 100) { totalCount } }`, {}, admin)).toEqual(before);
});

test('optimistic locking on the plan: a stale expectedVersion is CONFLICT and changes nothing', async () => {
  const review = await plan();
  const UPDATE = `mutation($id: ID!, $input: UpdatePeerReviewInput!, $v: Int) { updatePeerReview(id: $id, input: $input, expectedVersion: $v) { version visitEnd source } }`;
  const updated = (await ok(UPDATE, { id: review.id, input: { visitEnd: '2026-03-05', source: 'Plan v2' }, v: review.version }, admin))
    .updatePeerReview;
  expect(updated).toEqual({ version: review.version + 1, visitEnd: '2026-03-05', source: 'Plan v2' });
  expect(codes(await hub.query(UPDATE, { id: review.id, input: { source: 'Plan v3' }, v: review.version }, { token: admin }))).toEqual([
    'CONFLICT',
  ]);
  expect(codes(await hub.query(UPDATE, { id: review.id, input: { visitStart: '2026-03-06' } }, { token: admin }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  expect(
    (await ok(`query($id: ID!) { peerReview(id: $id) { version visitStart visitEnd source } }`, { id: review.id }, admin)).peerReview,
  ).toEqual({
    version: review.version + 1,
    visitStart: '2026-03-02',
    visitEnd: '2026-03-05',
    source: 'Plan v2',
  });
});

test('peerReviews filters by host city, status, funding activity and visit dates, and is a change feed with tombstones', async () => {
  const activity = randomUUID();
  const a = await plan({ fundingActivityId: activity, hostCityId: TRONDHEIM, visitStart: '2027-01-10', visitEnd: '2027-01-12' });
  const b = await plan({ fundingActivityId: activity, visitStart: '2027-06-01', visitEnd: '2027-06-03' });
  const c = await plan({ fundingActivityId: activity, visitStart: '2027-09-01', visitEnd: '2027-09-02' });
  await assign(c.id, 'filter-reviewer');
  await ok(MOVE, { id: c.id, status: 'VISIT' }, admin);
  const LIST = `query($a: ID, $city: ID, $status: PeerReviewStatus, $from: LocalDate, $to: LocalDate, $since: DateTimeISO, $first: Int, $after: String) {
    peerReviews(fundingActivity: $a, hostCity: $city, status: $status, visitFrom: $from, visitTo: $to, changedSince: $since, first: $first, after: $after) {
      totalCount nodes { id deleted } pageInfo { hasNextPage endCursor } } }`;
  const ids = async (vars: Record<string, unknown>) =>
    (await ok(LIST, { a: activity, ...vars }, admin)).peerReviews.nodes.map((n: { id: string }) => n.id);
  expect(await ids({})).toEqual([c.id, b.id, a.id]); // latest visit first
  expect(await ids({ city: TRONDHEIM })).toEqual([a.id]);
  expect(await ids({ status: 'VISIT' })).toEqual([c.id]);
  expect(await ids({ from: '2027-01-12', to: '2027-06-01' })).toEqual([b.id, a.id]);
  expect(await ids({ from: '2027-06-04' })).toEqual([c.id]);
  // pages
  const page1 = (await ok(LIST, { a: activity, first: 2 }, admin)).peerReviews;
  expect(page1).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
  const page2 = (await ok(LIST, { a: activity, first: 2, after: page1.pageInfo.endCursor }, admin)).peerReviews;
  expect(page2.nodes.map((n: { id: string }) => n.id)).toEqual([a.id]);
  // change feed: what changed since, oldest change first, deletions as tombstones
  const since = new Date(Date.now() - 1).toISOString();
  await new Promise((r) => setTimeout(r, 5));
  await ok(`mutation($id: ID!) { deletePeerReview(id: $id) { id } }`, { id: a.id }, admin);
  await ok(`mutation($id: ID!) { updatePeerReview(id: $id, input: { source: "changed" }) { id } }`, { id: b.id }, admin);
  const feed = (await ok(LIST, { a: activity, since }, admin)).peerReviews.nodes;
  expect(feed).toEqual([
    { id: a.id, deleted: true },
    { id: b.id, deleted: false },
  ]);
  expect(await ids({})).toEqual([c.id, b.id]);
  expect(codes(await hub.query(GET, { id: a.id }, { token: admin }))).toEqual(['NOT_FOUND']);
});

test('cross-subgraph reads cost the same number of SQL statements for 2 reviews as for 8', async () => {
  // ten reviews: the two latest hosted by Trondheim (which has settlement figures), eight by Bergen
  const activity = randomUUID();
  for (let i = 0; i < 10; i++) {
    const month = String(i + 1).padStart(2, '0');
    const hostCityId = sampleIds.city(i >= 8 ? 'trondheim' : 'bergen');
    const review = await plan({ hostCityId, fundingActivityId: activity, visitStart: `2028-${month}-01`, visitEnd: `2028-${month}-02` });
    await assign(review.id, `n1-${i}`, { homeCityId: sampleIds.city(i % 2 ? 'lillehammer' : 'oslo') });
  }
  const statements = async (query: string, variables: Record<string, unknown>) => {
    let result: any;
    const inner = await hub.subgraphs.cities.database.countStatements(async () => {
      const outer = await hub.subgraphs['peer-reviews'].database.countStatements(async () => {
        result = await hub.query(query, variables, { token: admin });
      });
      return outer.statements;
    });
    expect(result.errors).toBeUndefined();
    return { count: inner.result + inner.statements, data: result.data };
  };

  const REVIEWS = `query($a: ID!, $n: Int!) { peerReviews(fundingActivity: $a, first: $n) { nodes { id
      hostCity { name settlementYears { year decided } reviewsHosted { id } }
      reviewers { name homeCity { name reviewersSent { name } } } recommendations { id } programme { sessions { id } } } } }`;
  const two = await statements(REVIEWS, { a: activity, n: 2 });
  const eight = await statements(REVIEWS, { a: activity, n: 8 });
  expect(two.data.peerReviews.nodes).toHaveLength(2);
  expect(eight.data.peerReviews.nodes).toHaveLength(8);
  expect(two.data.peerReviews.nodes[0].hostCity).toMatchObject({ name: 'Trondheim' });
  expect(two.data.peerReviews.nodes[0].hostCity.settlementYears).toContainEqual({ year: 2022, decided: 740 });
  expect(eight.count).toBe(two.count);

  // a city with the reviews it hosted: Trondheim 2 of them, Bergen 8
  const CITY = `query($slug: String!) { city(slug: $slug) { name settlementYears { year decided } reviewsHosted { id topic { text } hostCity { name } reviewers { name homeCity { name } } } } }`;
  const trondheim = await statements(CITY, { slug: 'trondheim' });
  const bergen = await statements(CITY, { slug: 'bergen' });
  expect(trondheim.data.city.reviewsHosted).toHaveLength(2);
  expect(bergen.data.city.reviewsHosted).toHaveLength(8);
  expect(bergen.count).toBe(trondheim.count);
});

test('a change to a recommendation puts its review in the change feed, without changing the review’s version', async () => {
  const GET_RECOMMENDATIONS = `query($id: ID!) { peerReview(id: $id) { version updatedAt recommendations { id version response } } }`;
  const review = (await ok(GET_RECOMMENDATIONS, { id: GOTEBORG_REVIEW }, admin)).peerReview;
  const open = review.recommendations.find((r: { response: string | null }) => r.response === null) ?? review.recommendations[0];
  const since = new Date().toISOString();
  await new Promise((r) => setTimeout(r, 5));
  await ok(RESPOND, { id: open.id, input: { response: 'ACCEPTED' } }, host);
  const feed = await ok(`query($since: DateTimeISO) { peerReviews(changedSince: $since) { nodes { id } } }`, { since });
  expect(feed.peerReviews.nodes).toEqual([{ id: GOTEBORG_REVIEW }]);
  const after = (await ok(GET_RECOMMENDATIONS, { id: GOTEBORG_REVIEW }, admin)).peerReview;
  expect(after.version).toBe(review.version);
  expect(new Date(after.updatedAt).getTime()).toBeGreaterThan(new Date(review.updatedAt).getTime());
});

test('a review the caller may not see answers exactly like a missing review, for reads and writes', async () => {
  const review = await plan();
  const outsider = await reviewerToken('not-assigned');
  const answers = async (id: string) => {
    const results = [
      await hub.query(GET, { id }, { token: outsider }),
      await hub.query(SET_PROGRAMME, { id, days: programme }, { token: outsider }),
      await hub.query(ADD_RECOMMENDATION, { id, input: recommendationInput() }, { token: outsider }),
      await hub.query(GET, { id }),
    ];
    return JSON.parse(JSON.stringify(results).split(id).join('<id>'));
  };
  const hidden = await answers(review.id);
  expect(hidden).toEqual(await answers(randomUUID()));
  expect(hidden.map((r: { errors?: { extensions?: { code?: string } }[] }) => r.errors?.map((e) => e.extensions?.code))).toEqual([
    ['NOT_FOUND'],
    ['NOT_FOUND'],
    ['NOT_FOUND'],
    ['NOT_FOUND'],
  ]);
  expect(hidden[1].errors[0].message).toBe('PeerReview "<id>" was not found.');
  // a visible review without the right stays FORBIDDEN
  expect(codes(await hub.query(SET_PROGRAMME, { id: GOTEBORG_REVIEW, days: programme }, { token: outsider }))).toEqual(['FORBIDDEN']);
});

test('reviewers change and leave while the review is PLANNED or VISIT; reviewers withdraw recommendations during the visit', async () => {
  const UPDATE_REVIEWER = `mutation($id: ID!, $input: UpdateReviewerInput!, $v: Int) { updateReviewer(id: $id, input: $input, expectedVersion: $v) { id name role version homeCity { id } homeOrganisation { id } } }`;
  const REMOVE_REVIEWER = `mutation($id: ID!) { removeReviewer(id: $id) { id deleted } }`;
  const REMOVE_RECOMMENDATION = `mutation($id: ID!) { removeRecommendation(id: $id) { id deleted } }`;
  const EUROCITIES = sampleIds.organisation('eurocities');
  const review = await plan();
  const changer = await assign(review.id, 'changer', { homeCityId: TRONDHEIM });
  const leaver = await assign(review.id, 'leaver');
  const current = (
    await ok(`query($id: ID!) { peerReview(id: $id) { reviewers { id version } } }`, { id: review.id }, admin)
  ).peerReview.reviewers.find((r: { id: string }) => r.id === changer.id);

  // a change: leave a field out to keep it, null clears an optional one, a required one cannot be cleared
  const changed = (
    await ok(
      UPDATE_REVIEWER,
      { id: changer.id, input: { role: 'OBSERVER', homeCityId: null, homeOrganisationId: EUROCITIES }, v: current.version },
      admin,
    )
  ).updateReviewer;
  expect(changed).toEqual({
    id: changer.id,
    name: 'Reviewer changer',
    role: 'OBSERVER',
    version: current.version + 1,
    homeCity: null,
    homeOrganisation: { id: EUROCITIES },
  });
  expect(
    codes(await hub.query(UPDATE_REVIEWER, { id: changer.id, input: { role: 'REVIEWER' }, v: current.version }, { token: admin })),
  ).toEqual(['CONFLICT']);
  expect(codes(await hub.query(UPDATE_REVIEWER, { id: changer.id, input: { name: null } }, { token: admin }))).toEqual(['BAD_USER_INPUT']);
  expect(codes(await hub.query(UPDATE_REVIEWER, { id: changer.id, input: { homeCityId: TRONDHEIM } }, { token: admin }))).toEqual([
    'BAD_USER_INPUT',
  ]);
  expect(codes(await hub.query(UPDATE_REVIEWER, { id: changer.id, input: { role: 'REVIEWER' } }, { token: host }))).toEqual(['FORBIDDEN']);
  expect(codes(await hub.query(UPDATE_REVIEWER, { id: randomUUID(), input: { role: 'REVIEWER' } }, { token: admin }))).toEqual([
    'NOT_FOUND',
  ]);

  // a reviewer withdrawn is a tombstone, and no longer on the review
  expect((await ok(REMOVE_REVIEWER, { id: leaver.id }, admin)).removeReviewer).toEqual({ id: leaver.id, deleted: true });
  expect(codes(await hub.query(REMOVE_REVIEWER, { id: leaver.id }, { token: admin }))).toEqual(['NOT_FOUND']);
  const names = async () =>
    (await ok(`query($id: ID!) { peerReview(id: $id) { reviewers { name } } }`, { id: review.id }, admin)).peerReview.reviewers;
  expect(await names()).toEqual([{ name: 'Reviewer changer' }]);

  // during the visit the assigned reviewer withdraws a recommendation; positions are not given twice
  await ok(MOVE, { id: review.id, status: 'VISIT' }, admin);
  const writer = await reviewerToken('changer');
  const first = (await ok(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput('First') }, writer)).addRecommendation;
  await ok(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput('Second') }, writer);
  expect(codes(await hub.query(REMOVE_RECOMMENDATION, { id: first.id }, { token: host }))).toEqual(['FORBIDDEN']);
  expect((await ok(REMOVE_RECOMMENDATION, { id: first.id }, writer)).removeRecommendation).toEqual({ id: first.id, deleted: true });
  const third = (await ok(ADD_RECOMMENDATION, { id: review.id, input: recommendationInput('Third') }, writer)).addRecommendation;
  expect(third.position).toBe(3);
  const texts = async () =>
    (await ok(`query($id: ID!) { peerReview(id: $id) { recommendations { position text { text } } } }`, { id: review.id }, admin))
      .peerReview.recommendations;
  expect(await texts()).toEqual([
    { position: 2, text: { text: 'Second' } },
    { position: 3, text: { text: 'Third' } },
  ]);

  // once reported, the reviewers and the recommendations stay as they are
  await ok(MOVE, { id: review.id, status: 'REPORTED' }, admin);
  expect(codes(await hub.query(UPDATE_REVIEWER, { id: changer.id, input: { role: 'REVIEWER' } }, { token: admin }))).toEqual(['CONFLICT']);
  expect(codes(await hub.query(REMOVE_REVIEWER, { id: changer.id }, { token: admin }))).toEqual(['CONFLICT']);
  expect(codes(await hub.query(REMOVE_RECOMMENDATION, { id: third.id }, { token: writer }))).toEqual(['CONFLICT']);
  expect(await names()).toEqual([{ name: 'Reviewer changer' }]);
  expect(await texts()).toHaveLength(2);
});
