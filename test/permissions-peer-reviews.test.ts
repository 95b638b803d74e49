import { cities } from '../subgraphs/cities';
import { peerReviews } from '../subgraphs/peer-reviews';
import { HostResponse, PeerReviewStatus, RecommendationAudience } from '../subgraphs/peer-reviews/entities/enums';
import { PeerReview } from '../subgraphs/peer-reviews/entities/PeerReview';
import { Recommendation } from '../subgraphs/peer-reviews/entities/Recommendation';
import { Reviewer } from '../subgraphs/peer-reviews/entities/Reviewer';
import { build } from '../shared/entity';
import type { Identity, Role } from '../shared/identity';
import { sampleIds } from '../shared/sample-ids';
import { codes, postSigned, startTestHub, type TestHub } from './helpers';
import { describePermissionMatrix, MATRIX_ROLES, mutationsOf, type MatrixRole } from './permission-matrix';

/**
 * The permission matrix of the peer-reviews subgraph over real HTTP: every mutation × the seven roles,
 * and what each role sees of a review before it is reported. The expected roles are written out here,
 * not derived from subgraphs/peer-reviews/permissions.ts.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub([cities, peerReviews], { shared: false }); // writes entities straight into its database
});
afterAll(() => hub?.close());

const GOTEBORG = sampleIds.city('goteborg');
const TRONDHEIM = sampleIds.city('trondheim');
const HOME = sampleIds.city('lillehammer'); // where the matrix's reviewers come from
const REVIEWER_SUBJECT = 'matrix-reviewer';

/** The host city is Göteborg (owningCity); the reviewer is assigned to every review the matrix makes. */
const identities: Record<Exclude<MatrixRole, 'anonymous'>, Partial<Identity> & { roles: Role[]; subject: string }> = {
  otherCity: { roles: ['municipality'], subject: 'matrix-trondheim', cityId: TRONDHEIM },
  owningCity: { roles: ['municipality'], subject: 'matrix-goteborg', cityId: GOTEBORG },
  organiser: { roles: ['organiser'], subject: 'matrix-organiser', organisationId: sampleIds.organisation('eurocities') },
  funder: { roles: ['funder'], subject: 'matrix-funder', organisationId: sampleIds.organisation('european-commission') },
  reviewer: { roles: ['reviewer'], subject: REVIEWER_SUBJECT, cityId: TRONDHEIM },
  admin: { roles: ['admin'], subject: 'matrix-admin' },
};

const en = (text: string) => [{ locale: 'en', text }];

async function asAdmin<T = any>(query: string, variables: Record<string, unknown>): Promise<T> {
  const result = await hub.query<T>(query, variables, { token: await hub.token(identities.admin) });
  if (result.errors) throw new Error(`${query}\n${JSON.stringify(result.errors, null, 2)}`);
  return result.data!;
}

const CREATE = `mutation($input: CreatePeerReviewInput!) { createPeerReview(input: $input) { id } }`;
const ASSIGN = `mutation($id: ID!, $input: CreateReviewerInput!) { assignReviewer(peerReviewId: $id, input: $input) { id } }`;
const MOVE = `mutation($id: ID!, $status: PeerReviewStatus!) { movePeerReview(id: $id, status: $status) { id } }`;
const ADD_RECOMMENDATION = `mutation($id: ID!, $input: CreateRecommendationInput!) { addRecommendation(peerReviewId: $id, input: $input) { id } }`;
const RESPOND = `mutation($id: ID!, $input: RecommendationResponseInput!) { respondToRecommendation(id: $id, input: $input) { id } }`;

const plan = { hostCityId: GOTEBORG, topic: en('Matrix review'), visitStart: '2026-06-01', visitEnd: '2026-06-03' };

interface Fixture {
  reviewId: string;
  reviewerId: string;
  recommendationId: string;
}

/**
 * A fresh review in `status`, hosted by Göteborg, with the matrix reviewer assigned and one
 * recommendation (answered when asked), written straight into the database: the matrix makes one
 * per call, and the lifecycle over HTTP is peer-reviews.test.ts's.
 */
async function review(status: 'PLANNED' | 'VISIT' | 'REPORTED', options: { answered?: boolean } = {}): Promise<Fixture> {
  const em = hub.subgraphs['peer-reviews'].database.fork();
  const peerReview = build(em, PeerReview, { ...plan, topic: { en: { text: 'Matrix review' } }, status: PeerReviewStatus[status] });
  const reviewer = build(em, Reviewer, {
    peerReview,
    name: 'Matrix reviewer',
    countryCode: 'NO',
    subject: REVIEWER_SUBJECT,
    homeCityId: HOME,
  });
  const recommendation = build(em, Recommendation, {
    peerReview,
    position: 1,
    text: { en: { text: 'Matrix recommendation' } },
    addressedTo: [RecommendationAudience.OFFICIALS],
    response: options.answered ? HostResponse.ACCEPTED : null,
  });
  await em.flush();
  return { reviewId: peerReview.id, reviewerId: reviewer.id, recommendationId: recommendation.id };
}

/*
 * Every target is a REPORTED review (which all seven roles see), so that a refusal is FORBIDDEN and
 * never the NOT_FOUND of a hidden review: the matrix judges the right, not the state. Rights are
 * checked before states, so the reviewers' writes (VISIT only) and the secretariat's staffing
 * (PLANNED or VISIT) answer CONFLICT to the roles that hold the right; the lifecycle tests call them
 * in their states.
 */
const SECRETARIAT: MatrixRole[] = ['admin'];
const ASSIGNED_REVIEWERS: MatrixRole[] = ['reviewer', 'admin'];
const HOST: MatrixRole[] = ['owningCity', 'admin'];

describePermissionMatrix('peer-reviews: every mutation × every role', {
  hub: () => hub,
  mutations: () => mutationsOf(peerReviews),
  identities,
  cases: [
    {
      mutation: 'createPeerReview',
      prepare: async () => ({ query: CREATE, variables: { input: plan } }),
      allowed: SECRETARIAT,
    },
    {
      mutation: 'updatePeerReview',
      prepare: async () => ({
        query: `mutation($id: ID!) { updatePeerReview(id: $id, input: { source: "Matrix" }) { id } }`,
        variables: { id: (await review('REPORTED')).reviewId },
      }),
      allowed: SECRETARIAT,
    },
    {
      mutation: 'deletePeerReview',
      prepare: async () => ({
        query: `mutation($id: ID!) { deletePeerReview(id: $id) { id } }`,
        variables: { id: (await review('REPORTED')).reviewId },
      }),
      allowed: SECRETARIAT,
    },
    {
      mutation: 'movePeerReview',
      prepare: async () => ({
        query: MOVE,
        variables: { id: (await review('REPORTED', { answered: true })).reviewId, status: 'FOLLOW_UP' },
      }),
      allowed: SECRETARIAT,
    },
    {
      mutation: 'assignReviewer',
      prepare: async () => ({
        query: ASSIGN,
        variables: { id: (await review('REPORTED')).reviewId, input: { name: 'Another', countryCode: 'SE' } },
      }),
      allowed: SECRETARIAT,
    },
    {
      mutation: 'updateReviewer',
      prepare: async () => ({
        query: `mutation($id: ID!) { updateReviewer(id: $id, input: { homePlace: "Matrix" }) { id } }`,
        variables: { id: (await review('REPORTED')).reviewerId },
      }),
      allowed: SECRETARIAT,
    },
    {
      mutation: 'removeReviewer',
      prepare: async () => ({
        query: `mutation($id: ID!) { removeReviewer(id: $id) { id } }`,
        variables: { id: (await review('REPORTED')).reviewerId },
      }),
      allowed: SECRETARIAT,
    },
    {
      mutation: 'writePeerReviewReport',
      prepare: async () => ({
        query: `mutation($id: ID!) { writePeerReviewReport(id: $id, report: [{ locale: "en", text: "Matrix report" }]) { id } }`,
        variables: { id: (await review('REPORTED')).reviewId },
      }),
      allowed: ASSIGNED_REVIEWERS,
    },
    {
      mutation: 'setVisitProgramme',
      prepare: async () => ({
        query: `mutation($id: ID!) { setVisitProgramme(peerReviewId: $id, days: []) { id } }`,
        variables: { id: (await review('REPORTED')).reviewId },
      }),
      allowed: ASSIGNED_REVIEWERS,
    },
    {
      mutation: 'addRecommendation',
      prepare: async () => ({
        query: ADD_RECOMMENDATION,
        variables: { id: (await review('REPORTED')).reviewId, input: { text: en('Another'), addressedTo: ['POLITICIANS'] } },
      }),
      allowed: ASSIGNED_REVIEWERS,
    },
    {
      mutation: 'updateRecommendation',
      prepare: async () => ({
        query: `mutation($id: ID!) { updateRecommendation(id: $id, input: { priority: LOW }) { id } }`,
        variables: { id: (await review('REPORTED')).recommendationId },
      }),
      allowed: ASSIGNED_REVIEWERS,
    },
    {
      mutation: 'removeRecommendation',
      prepare: async () => ({
        query: `mutation($id: ID!) { removeRecommendation(id: $id) { id } }`,
        variables: { id: (await review('REPORTED')).recommendationId },
      }),
      allowed: ASSIGNED_REVIEWERS,
    },
    {
      mutation: 'respondToRecommendation',
      prepare: async () => ({
        query: RESPOND,
        variables: { id: (await review('REPORTED')).recommendationId, input: { response: 'ACCEPTED' } },
      }),
      allowed: HOST,
    },
    {
      mutation: 'addProgressNote',
      prepare: async () => ({
        query: `mutation($id: ID!) { addProgressNote(recommendationId: $id, input: { date: "2026-07-01", text: [{ locale: "en", text: "Done" }], status: DONE }) { id } }`,
        variables: { id: (await review('REPORTED', { answered: true })).recommendationId },
      }),
      allowed: HOST,
    },
    {
      // a change made over HTTP (the admin answers a recommendation), then set back by the secretariat
      mutation: 'restorePeerReviewVersion',
      prepare: async () => {
        const fixture = await review('REPORTED');
        await asAdmin(RESPOND, { id: fixture.recommendationId, input: { response: 'ACCEPTED' } });
        const { peerReview } = await asAdmin(`query($id: ID!) { peerReview(id: $id) { history { nodes { id } } } }`, {
          id: fixture.reviewId,
        });
        return {
          query: `mutation($id: ID!, $v: ID!) { restorePeerReviewVersion(id: $id, versionId: $v) { id } }`,
          variables: { id: fixture.reviewId, v: peerReview.history.nodes[0].id },
        };
      },
      allowed: SECRETARIAT,
    },
    {
      // every city or organisation registers for itself (an admin without one is asked to name it: BAD_USER_INPUT)
      mutation: 'registerPeerReviewWebhook',
      prepare: async () => ({
        query: `mutation { registerPeerReviewWebhook(input: { url: "https://ngo.example.org/hooks/hub", eventTypes: [RECOMMENDATION_STATUS_CHANGED] }) { secret } }`,
        variables: {},
      }),
      allowed: ['otherCity', 'owningCity', 'organiser', 'funder', 'reviewer', 'admin'],
    },
    {
      // Göteborg's registration: its municipality and admins remove it; for the others it does not exist
      // (NOT_FOUND, not a refusal: see test/webhooks.test.ts)
      mutation: 'removePeerReviewWebhook',
      prepare: async () => {
        const { registerPeerReviewWebhook } = await asAdmin(
          `mutation($c: ID!) { registerPeerReviewWebhook(input: { url: "https://ngo.example.org/hooks/hub", eventTypes: [RECOMMENDATION_STATUS_CHANGED], cityId: $c }) { subscription { id } } }`,
          { c: GOTEBORG },
        );
        return {
          query: `mutation($id: ID!) { removePeerReviewWebhook(id: $id) { id } }`,
          variables: { id: registerPeerReviewWebhook.subscription.id },
        };
      },
      allowed: ['otherCity', 'owningCity', 'organiser', 'funder', 'reviewer', 'admin'],
    },
  ],
});

/** The token of a matrix role (none for anonymous). */
const tokenOf = async (role: MatrixRole) => (role === 'anonymous' ? undefined : hub.token(identities[role]));
const identityOf = (role: MatrixRole): Identity => (role === 'anonymous' ? { subject: null, roles: [] } : identities[role]);

describe('peer-reviews: what each role sees of a review', () => {
  /** Before REPORTED: admins, the host municipality and the assigned reviewers; nobody else. */
  const SEES_UNREPORTED: Record<MatrixRole, boolean> = {
    anonymous: false,
    otherCity: false,
    owningCity: true,
    organiser: false,
    funder: false,
    reviewer: true,
    admin: true,
  };

  /** Whether `role` finds the review by id, in lists, on its host city, by key and through its reviewer's home city. */
  async function sightings(role: MatrixRole, fixture: Fixture) {
    const token = await tokenOf(role);
    const one = await hub.query(`query($id: ID!) { peerReview(id: $id) { id } }`, { id: fixture.reviewId }, { token });
    const lists = await hub.query(
      `query($city: ID!, $home: ID!) { peerReviews(hostCity: $city, first: 100) { nodes { id } } host: city(id: $city) { reviewsHosted { id } } home: city(id: $home) { reviewersSent { id } } }`,
      { city: GOTEBORG, home: HOME },
      { token },
    );
    expect(lists.errors).toBeUndefined();
    const byKey = await postSigned(
      hub.subgraphs['peer-reviews'].server.url,
      'peer-reviews',
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on PeerReview { id } } }`,
      { r: [{ __typename: 'PeerReview', id: fixture.reviewId }] },
      identityOf(role),
    );
    const ids = (nodes: { id: string }[]) => nodes.some((n) => n.id === fixture.reviewId);
    return {
      byId: one.errors ? codes(one) : 'visible',
      inList: ids(lists.data.peerReviews.nodes),
      onHostCity: ids(lists.data.host.reviewsHosted),
      byKey: byKey.data._entities[0] !== null,
      reviewerOnHomeCity: lists.data.home.reviewersSent.some((r: { id: string }) => r.id === fixture.reviewerId),
    };
  }

  const expected = (visible: boolean) => ({
    byId: visible ? 'visible' : ['NOT_FOUND'],
    inList: visible,
    onHostCity: visible,
    byKey: visible,
    reviewerOnHomeCity: visible,
  });

  for (const status of ['PLANNED', 'VISIT', 'REPORTED'] as const) {
    test(`a ${status} review: ${status === 'REPORTED' ? 'every role sees it' : 'admins, the host municipality and the assigned reviewer see it; to the others it does not exist'}`, async () => {
      const fixture = await review(status);
      const seen: Record<string, unknown> = {};
      const wanted: Record<string, unknown> = {};
      for (const role of MATRIX_ROLES) {
        seen[role] = await sightings(role, fixture);
        wanted[role] = expected(status === 'REPORTED' || SEES_UNREPORTED[role]);
      }
      expect(seen).toEqual(wanted);
    });
  }

  test('a reviewer not assigned to the review, and the assigned subject without the reviewer role, do not see it before REPORTED', async () => {
    const fixture = await review('VISIT');
    for (const identity of [
      { roles: ['reviewer' as const], subject: 'matrix-unassigned', cityId: TRONDHEIM },
      { roles: ['funder' as const], subject: REVIEWER_SUBJECT, organisationId: sampleIds.organisation('european-commission') },
    ]) {
      const token = await hub.token(identity);
      expect(codes(await hub.query(`query($id: ID!) { peerReview(id: $id) { id } }`, { id: fixture.reviewId }, { token }))).toEqual([
        'NOT_FOUND',
      ]);
    }
  });

  test('a write on a review the caller does not see is NOT_FOUND, before any right is asked (anonymous: UNAUTHENTICATED)', async () => {
    const WRITES: [string, (f: Fixture) => Record<string, unknown>][] = [
      [`mutation($id: ID!) { updatePeerReview(id: $id, input: { source: "x" }) { id } }`, (f) => ({ id: f.reviewId })],
      [`mutation($id: ID!) { updateReviewer(id: $id, input: { homePlace: "x" }) { id } }`, (f) => ({ id: f.reviewerId })],
      [ADD_RECOMMENDATION, (f) => ({ id: f.reviewId, input: { text: en('x'), addressedTo: ['OFFICIALS'] } })],
      [`mutation($id: ID!) { removeRecommendation(id: $id) { id } }`, (f) => ({ id: f.recommendationId })],
      [RESPOND, (f) => ({ id: f.recommendationId, input: { response: 'ACCEPTED' } })],
    ];
    const fixture = await review('VISIT');
    const outcome: Record<string, unknown[]> = {};
    const wanted: Record<string, unknown[]> = {};
    for (const role of MATRIX_ROLES.filter((r) => !SEES_UNREPORTED[r])) {
      const token = await tokenOf(role);
      outcome[role] = [];
      for (const [query, variables] of WRITES) outcome[role].push(codes(await hub.query(query, variables(fixture), { token })));
      wanted[role] = WRITES.map(() => [role === 'anonymous' ? 'UNAUTHENTICATED' : 'NOT_FOUND']);
    }
    expect(outcome).toEqual(wanted);
  });

  test('a reviewer’s token subject: admins see every one, a reviewer only their own, everyone else none', async () => {
    const visit = await review('VISIT');
    const second = (
      await asAdmin(ASSIGN, { id: visit.reviewId, input: { name: 'Second reviewer', countryCode: 'DK', subject: 'matrix-second' } })
    ).assignReviewer.id;
    const subjects = async (role: MatrixRole) => {
      const result = await hub.query(
        `query($id: ID!) { peerReview(id: $id) { reviewers { id subject } } }`,
        { id: visit.reviewId },
        { token: await tokenOf(role) },
      );
      if (result.errors) return codes(result);
      return Object.fromEntries(
        result.data.peerReview.reviewers.map((r: { id: string; subject: string | null }) => [
          r.id === second ? 'second' : 'matrix',
          r.subject,
        ]),
      );
    };
    const seen: Record<string, unknown> = {};
    for (const role of MATRIX_ROLES) seen[role] = await subjects(role);
    expect(seen).toEqual({
      anonymous: ['NOT_FOUND'],
      otherCity: ['NOT_FOUND'],
      owningCity: { matrix: null, second: null },
      organiser: ['NOT_FOUND'],
      funder: ['NOT_FOUND'],
      reviewer: { matrix: REVIEWER_SUBJECT, second: null },
      admin: { matrix: REVIEWER_SUBJECT, second: 'matrix-second' },
    });
    // once reported, everyone reads the reviewers, and still only admins and the person their subjects
    await asAdmin(ADD_RECOMMENDATION, { id: visit.reviewId, input: { text: en('x'), addressedTo: ['OFFICIALS'] } });
    await asAdmin(MOVE, { id: visit.reviewId, status: 'REPORTED' });
    for (const role of MATRIX_ROLES) seen[role] = await subjects(role);
    const none = { matrix: null, second: null };
    expect(seen).toEqual({
      anonymous: none,
      otherCity: none,
      owningCity: none,
      organiser: none,
      funder: none,
      reviewer: { matrix: REVIEWER_SUBJECT, second: null },
      admin: { matrix: REVIEWER_SUBJECT, second: 'matrix-second' },
    });
  });
});
