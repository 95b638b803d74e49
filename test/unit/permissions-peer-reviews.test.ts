import type { EntityManager } from '@mikro-orm/postgresql';
import { createContext, type HubContext } from '../../shared/context';
import { HubError } from '../../shared/errors';
import { ANONYMOUS, type Identity, type Role } from '../../shared/identity';
import { authorise, holdsRight, type Rule } from '../../shared/permissions';
import { PeerReviewStatus } from '../../subgraphs/peer-reviews/entities/enums';
import { PeerReview } from '../../subgraphs/peer-reviews/entities/PeerReview';
import { CreatePeerReviewInput } from '../../subgraphs/peer-reviews/inputs';
import {
  eventTo,
  isPublished,
  moveInto,
  nextStatus,
  peerReviewLifecycle,
  phases,
  requireReadyFor,
  type PeerReviewEvent,
  type ReviewContents,
} from '../../subgraphs/peer-reviews/lifecycle';
import {
  assignedReviewIds,
  canSee,
  canSeeSubject,
  permissions,
  seeUnreported,
  visibleWhere,
} from '../../subgraphs/peer-reviews/permissions';

/**
 * The peer-reviews permission and lifecycle tables on their own: no database, no HTTP. For every
 * action and every kind of caller (bound to the review or not), allowed or refused; for every status
 * and every move, allowed or CONFLICT. Both sides of every condition, for mutation testing.
 */

const { PLANNED, VISIT, REPORTED, FOLLOW_UP, CLOSED } = PeerReviewStatus;
const STATUSES = [PLANNED, VISIT, REPORTED, FOLLOW_UP, CLOSED];

const HOST = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const ORG = '00000000-0000-4000-8000-00000000000c';
const REVIEW = '00000000-0000-4000-8000-000000000001';
const ANOTHER_REVIEW = '00000000-0000-4000-8000-000000000002';

const person = (subject: string, roles: Role[], extra: Partial<Identity> = {}): Identity => ({ subject, roles, ...extra });

/** Every kind of caller, each with a city and an organisation where that could wrongly bind it. */
const CALLERS = {
  anonymous: ANONYMOUS,
  signedInWithoutRole: person('nobody', [], { cityId: HOST, organisationId: ORG }),
  hostMunicipality: person('host-officer', ['municipality'], { cityId: HOST }),
  otherMunicipality: person('other-officer', ['municipality'], { cityId: OTHER }),
  organiserFromTheHost: person('organiser', ['organiser'], { cityId: HOST, organisationId: ORG }),
  funderFromTheHost: person('funder', ['funder'], { cityId: HOST, organisationId: ORG }),
  assignedReviewer: person('assigned', ['reviewer'], { cityId: OTHER }),
  reviewerOfAnotherReview: person('elsewhere', ['reviewer'], { cityId: OTHER }),
  unassignedReviewerFromTheHost: person('unassigned', ['reviewer'], { cityId: HOST }),
  assignedSubjectWithoutReviewerRole: person('assigned', ['funder'], { organisationId: ORG }),
  admin: person('secretariat', ['admin']),
} satisfies Record<string, Identity>;
type Caller = keyof typeof CALLERS;
const ALL = Object.keys(CALLERS) as Caller[];

/** The Reviewer rows the fake database holds: who is assigned to which review. */
const ASSIGNMENTS = [
  { subject: 'assigned', peerReview: { id: REVIEW } },
  { subject: 'elsewhere', peerReview: { id: ANOTHER_REVIEW } },
];

/** A request context whose database answers every find with the assignments, and the count of its finds. */
function counted(identity: Identity) {
  const database = {
    finds: 0,
    async find() {
      database.finds++;
      return ASSIGNMENTS;
    },
  };
  return { ctx: createContext(database as unknown as EntityManager, identity, 'en'), database };
}
const context = (identity: Identity): HubContext => counted(identity).ctx;

const review = (status: PeerReviewStatus, id = REVIEW) => Object.assign(new PeerReview(), { id, hostCityId: HOST, status });

async function allowedCallers<T>(right: Rule<T>, target: T): Promise<Caller[]> {
  const allowed: Caller[] = [];
  for (const caller of ALL) if (await holdsRight(context(CALLERS[caller]), right, target)) allowed.push(caller);
  return allowed;
}

describe('the permission table: who may do what', () => {
  const SECRETARIAT: Caller[] = ['admin'];
  const REVIEWERS: Caller[] = ['assignedReviewer', 'admin'];
  const THE_HOST: Caller[] = ['hostMunicipality', 'admin'];
  const EXPECTED: Record<keyof typeof permissions, Caller[]> = {
    createPeerReview: SECRETARIAT,
    updatePeerReview: SECRETARIAT,
    deletePeerReview: SECRETARIAT,
    movePeerReview: SECRETARIAT,
    assignReviewer: SECRETARIAT,
    updateReviewer: SECRETARIAT,
    removeReviewer: SECRETARIAT,
    writePeerReviewReport: REVIEWERS,
    setVisitProgramme: REVIEWERS,
    addRecommendation: REVIEWERS,
    updateRecommendation: REVIEWERS,
    removeRecommendation: REVIEWERS,
    respondToRecommendation: THE_HOST,
    addProgressNote: THE_HOST,
  };

  test('the table has exactly the subgraph’s actions', () => {
    expect(Object.keys(permissions).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  test('createPeerReview: the secretariat only, whatever the host city', async () => {
    const input = Object.assign(new CreatePeerReviewInput(), { hostCityId: HOST });
    expect(await allowedCallers(permissions.createPeerReview, input)).toEqual(SECRETARIAT);
  });

  for (const action of Object.keys(EXPECTED).filter((a) => a !== 'createPeerReview') as Exclude<
    keyof typeof permissions,
    'createPeerReview'
  >[]) {
    test(`${action}: ${EXPECTED[action].join(', ')}`, async () => {
      expect(await allowedCallers(permissions[action], { review: review(VISIT) })).toEqual(EXPECTED[action]);
    });
  }

  test('the assigned reviewer holds the reviewers’ rights on their review only', async () => {
    const ctx = context(CALLERS.assignedReviewer);
    expect(await holdsRight(ctx, permissions.addRecommendation, { review: review(VISIT, REVIEW) })).toBe(true);
    expect(await holdsRight(ctx, permissions.addRecommendation, { review: review(VISIT, ANOTHER_REVIEW) })).toBe(false);
  });

  test('the host municipality holds the host’s rights on reviews its city hosts only', async () => {
    const ctx = context(CALLERS.hostMunicipality);
    expect(
      await holdsRight(ctx, permissions.respondToRecommendation, { review: Object.assign(review(REPORTED), { hostCityId: OTHER }) }),
    ).toBe(false);
  });

  test('a refusal is FORBIDDEN with the rule’s words, and anonymous callers are UNAUTHENTICATED', async () => {
    const target = { review: review(VISIT) };
    await expect(authorise(context(CALLERS.hostMunicipality), permissions.addRecommendation, target)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: 'Only the reviewers assigned to this peer review may write its programme, report and recommendations.',
    });
    await expect(authorise(context(CALLERS.assignedReviewer), permissions.respondToRecommendation, target)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: 'Only the host city’s municipality may respond to and follow up the recommendations.',
    });
    await expect(authorise(context(CALLERS.hostMunicipality), permissions.movePeerReview, target)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: 'Only the network secretariat (admin) may move peer reviews along their lifecycle.',
    });
    await expect(authorise(context(CALLERS.anonymous), permissions.movePeerReview, target)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(authorise(context(CALLERS.admin), permissions.movePeerReview, target)).resolves.toBe(CALLERS.admin);
  });
});

describe('assignedReviewIds: the reviews whose Reviewer rows carry the caller’s subject', () => {
  test('a reviewer: the reviews of their own subject only', async () => {
    expect([...(await assignedReviewIds(context(CALLERS.assignedReviewer)))]).toEqual([REVIEW]);
    expect([...(await assignedReviewIds(context(CALLERS.reviewerOfAnotherReview)))]).toEqual([ANOTHER_REVIEW]);
    expect([...(await assignedReviewIds(context(CALLERS.unassignedReviewerFromTheHost)))]).toEqual([]);
  });

  test('without the reviewer role, or without a subject, none, and the database is not asked', async () => {
    for (const identity of [
      CALLERS.assignedSubjectWithoutReviewerRole,
      CALLERS.admin,
      { subject: null, roles: ['reviewer'] } satisfies Identity,
    ]) {
      const { ctx, database } = counted(identity);
      expect([...(await assignedReviewIds(ctx))]).toEqual([]);
      expect(database.finds).toBe(0);
    }
  });

  test('one query per request, however often it is asked', async () => {
    const { ctx, database } = counted(CALLERS.assignedReviewer);
    await assignedReviewIds(ctx);
    await assignedReviewIds(ctx);
    expect(database.finds).toBe(1);
  });
});

describe('visibility: who sees a review', () => {
  const SEES_UNREPORTED: Caller[] = ['hostMunicipality', 'assignedReviewer', 'admin'];

  for (const status of STATUSES) {
    const expected = ([REPORTED, FOLLOW_UP, CLOSED] as PeerReviewStatus[]).includes(status) ? ALL : SEES_UNREPORTED;
    test(`a ${status} review: ${expected === ALL ? 'everyone' : expected.join(', ')}`, async () => {
      const seeing: Caller[] = [];
      for (const caller of ALL) if (await canSee(context(CALLERS[caller]), review(status))) seeing.push(caller);
      expect(seeing).toEqual(expected);
    });
  }

  test('the rule for unreported reviews, on its own', async () => {
    expect(await allowedCallers(seeUnreported, { review: review(PLANNED) })).toEqual(SEES_UNREPORTED);
  });

  test('isPublished: from REPORTED on', () => {
    expect(STATUSES.filter(isPublished)).toEqual([REPORTED, FOLLOW_UP, CLOSED]);
  });

  test('visibleWhere, the same rule as a query condition', async () => {
    const published = { status: { $in: [REPORTED, FOLLOW_UP, CLOSED] } };
    expect(await visibleWhere(context(CALLERS.admin))).toEqual({});
    expect(await visibleWhere(context(CALLERS.anonymous))).toEqual(published);
    expect(await visibleWhere(context(CALLERS.funderFromTheHost))).toEqual(published);
    expect(await visibleWhere(context(CALLERS.unassignedReviewerFromTheHost))).toEqual(published);
    expect(await visibleWhere(context(CALLERS.hostMunicipality))).toEqual({ $or: [published, { hostCityId: HOST }] });
    expect(await visibleWhere(context(CALLERS.assignedReviewer))).toEqual({ $or: [published, { id: { $in: [REVIEW] } }] });
    expect(await visibleWhere(context(person('both', ['municipality', 'reviewer'], { cityId: OTHER, subject: 'assigned' })))).toEqual({
      $or: [published, { hostCityId: OTHER }, { id: { $in: [REVIEW] } }],
    });
    // the municipality role binds only with a city
    expect(await visibleWhere(context(person('cityless', ['municipality'])))).toEqual(published);
  });

  test('a reviewer’s token subject: admins and the person it identifies', () => {
    const row = { subject: 'assigned' };
    const seeing = ALL.filter((caller) => canSeeSubject(CALLERS[caller], row));
    expect(seeing).toEqual(['assignedReviewer', 'assignedSubjectWithoutReviewerRole', 'admin']);
    // a row without a subject shows none, even to a caller without one
    expect(canSeeSubject(CALLERS.anonymous, { subject: null })).toBe(false);
    expect(canSeeSubject(CALLERS.admin, { subject: null })).toBe(true);
  });
});

describe('the lifecycle table', () => {
  const EVENTS: PeerReviewEvent[] = ['startVisit', 'report', 'startFollowUp', 'close'];
  /** state → the one event it allows, and where that leads. */
  const ALLOWED: Record<PeerReviewStatus, [PeerReviewEvent, PeerReviewStatus] | null> = {
    PLANNED: ['startVisit', VISIT],
    VISIT: ['report', REPORTED],
    REPORTED: ['startFollowUp', FOLLOW_UP],
    FOLLOW_UP: ['close', CLOSED],
    CLOSED: null,
  };

  const outcome = (fn: () => unknown): string => {
    try {
      fn();
      return 'allowed';
    } catch (error) {
      expect(error).toBeInstanceOf(HubError);
      return String((error as HubError).extensions.code);
    }
  };

  for (const state of STATUSES) {
    for (const event of EVENTS) {
      const legal = ALLOWED[state]?.[0] === event;
      test(`${state} × ${event}: ${legal ? `→ ${ALLOWED[state]![1]}` : 'CONFLICT'}`, () => {
        const record = review(state);
        expect(peerReviewLifecycle.allows(state, event)).toBe(legal);
        expect(outcome(() => peerReviewLifecycle.apply(record, event))).toBe(legal ? 'allowed' : 'CONFLICT');
        expect(record.status).toBe(legal ? ALLOWED[state]![1] : state);
      });
    }
  }

  test('eventsFrom, nextStatus and eventTo follow the table', () => {
    expect(STATUSES.map((s) => peerReviewLifecycle.eventsFrom(s))).toEqual([['startVisit'], ['report'], ['startFollowUp'], ['close'], []]);
    expect(STATUSES.map(nextStatus)).toEqual([VISIT, REPORTED, FOLLOW_UP, CLOSED, null]);
    expect(STATUSES.map(eventTo)).toEqual([null, 'startVisit', 'report', 'startFollowUp', 'close']);
  });

  describe('moveInto: movePeerReview’s status, as a move', () => {
    for (const from of STATUSES) {
      for (const to of STATUSES) {
        const legal = ALLOWED[from]?.[1] === to;
        test(`${from} → ${to}: ${legal ? 'allowed' : 'CONFLICT'}`, () => {
          if (legal) expect(moveInto(review(from), to)).toBe(ALLOWED[from]![0]);
          else expect(outcome(() => moveInto(review(from), to))).toBe('CONFLICT');
        });
      }
    }

    test('the refusal says why', () => {
      expect(() => moveInto(review(VISIT), PLANNED)).toThrow(`Peer review ${REVIEW} is VISIT: no move leads back to PLANNED.`);
      expect(() => moveInto(review(PLANNED), REPORTED)).toThrow(
        `Peer review ${REVIEW} is PLANNED: it can only move forward to VISIT, not to REPORTED.`,
      );
      expect(() => moveInto(review(CLOSED), CLOSED)).toThrow(`Peer review ${REVIEW} is CLOSED: its status can no longer change.`);
    });
  });

  describe('requireReadyFor: what a review needs before it enters a status', () => {
    const ready: ReviewContents = { reviewers: 1, recommendations: 1, unanswered: 0 };
    test('a complete review may enter any status', () => {
      for (const status of STATUSES) expect(outcome(() => requireReadyFor(status, ready))).toBe('allowed');
    });
    test('VISIT needs a reviewer', () => {
      expect(() => requireReadyFor(VISIT, { ...ready, reviewers: 0 })).toThrow(
        'A peer review needs at least one assigned reviewer before the visit.',
      );
      for (const status of [PLANNED, REPORTED, FOLLOW_UP, CLOSED])
        expect(outcome(() => requireReadyFor(status, { ...ready, reviewers: 0 }))).toBe('allowed');
    });
    test('REPORTED needs a recommendation', () => {
      expect(() => requireReadyFor(REPORTED, { ...ready, recommendations: 0 })).toThrow(
        'A peer review needs at least one recommendation before it is reported.',
      );
      for (const status of [PLANNED, VISIT, FOLLOW_UP, CLOSED])
        expect(outcome(() => requireReadyFor(status, { ...ready, recommendations: 0 }))).toBe('allowed');
    });
    test('FOLLOW_UP needs a response to every recommendation', () => {
      expect(() => requireReadyFor(FOLLOW_UP, { ...ready, unanswered: 1 })).toThrow(
        'The host must respond to every recommendation before the follow-up phase.',
      );
      for (const status of [PLANNED, VISIT, REPORTED, CLOSED])
        expect(outcome(() => requireReadyFor(status, { ...ready, unanswered: 1 }))).toBe('allowed');
    });
    test('every refusal is CONFLICT', () => {
      expect(outcome(() => requireReadyFor(VISIT, { ...ready, reviewers: 0 }))).toBe('CONFLICT');
      expect(outcome(() => requireReadyFor(REPORTED, { ...ready, recommendations: 0 }))).toBe('CONFLICT');
      expect(outcome(() => requireReadyFor(FOLLOW_UP, { ...ready, unanswered: 2 }))).toBe('CONFLICT');
    });
  });

  describe('phases: in which statuses each kind of write may happen', () => {
    const EXPECTED: Record<keyof typeof phases, PeerReviewStatus[]> = {
      planning: [PLANNED, VISIT, REPORTED, FOLLOW_UP],
      staffing: [PLANNED, VISIT],
      visit: [VISIT],
      response: [REPORTED, FOLLOW_UP],
      published: [REPORTED, FOLLOW_UP, CLOSED],
    };
    for (const phase of Object.keys(EXPECTED) as (keyof typeof phases)[]) {
      test(`${phase}: ${EXPECTED[phase].join(', ')}; any other status is CONFLICT`, () => {
        for (const status of STATUSES) {
          const wanted = EXPECTED[phase].includes(status) ? 'allowed' : 'CONFLICT';
          expect({ status, outcome: outcome(() => peerReviewLifecycle.require(review(status), phases[phase], 'write')) }).toEqual({
            status,
            outcome: wanted,
          });
        }
      });
    }
  });
});
