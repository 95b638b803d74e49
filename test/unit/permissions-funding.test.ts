import { MikroORM } from '@mikro-orm/postgresql';
import { createContext, type HubContext } from '../../shared/context';
import { HubError } from '../../shared/errors';
import { ANONYMOUS, type Identity, type Role } from '../../shared/identity';
import { authorise, holdsRight, type Rule } from '../../shared/permissions';
import { Budget, budgetTotal, type BudgetLine } from '../../subgraphs/funding/entities/Budget';
import { ActivityStatus, BudgetType, ParticipationRole } from '../../subgraphs/funding/entities/enums';
import { Fund } from '../../subgraphs/funding/entities/Fund';
import { FundingActivity } from '../../subgraphs/funding/entities/FundingActivity';
import { Participation } from '../../subgraphs/funding/entities/Participation';
import { Result } from '../../subgraphs/funding/entities/Result';
import { Transaction } from '../../subgraphs/funding/entities/Transaction';
import { activityStatus, applyPublication, moveStatus, Publication, publication, publicationOf } from '../../subgraphs/funding/lifecycle';
import {
  canSee,
  permissions,
  visibleRollup,
  visibleWhere,
  type ActivityChange,
  type RoleHolder,
} from '../../subgraphs/funding/permissions';

/**
 * The funding permission table, visibility rules and lifecycle tables on their own: no database, no
 * HTTP (the ORM is set up without connecting, for the request context). For every action, every
 * caller and every role its organisation may have in the activity, allowed or refused; for every
 * state and event, allowed or CONFLICT — both sides of every condition, for mutation testing.
 */

const ORG = '00000000-0000-4000-8000-00000000000c';
const OTHER_ORG = '00000000-0000-4000-8000-00000000000d';
const CITY = '00000000-0000-4000-8000-00000000000a';

let orm: MikroORM;
beforeAll(() => {
  orm = MikroORM.initSync({
    dbName: 'not-connected',
    entities: [Fund, FundingActivity, Participation, Budget, Transaction, Result],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: true,
  });
});
afterAll(() => orm?.close(true));

const person = (roles: Role[], extra: Partial<Identity> = {}): Identity => ({ subject: `person-${roles.join('-')}`, roles, ...extra });

/** Every kind of caller; each has the organisation ORG where that could wrongly bind it. */
const CALLERS = {
  anonymous: ANONYMOUS,
  signedInWithoutRole: person([], { organisationId: ORG }),
  municipality: person(['municipality'], { cityId: CITY, organisationId: ORG }),
  organiser: person(['organiser'], { organisationId: ORG }),
  funder: person(['funder'], { organisationId: ORG }),
  funderWithoutOrganisation: person(['funder']),
  reviewer: person(['reviewer'], { organisationId: ORG }),
  admin: person(['admin']),
} satisfies Record<string, Identity>;
type Caller = keyof typeof CALLERS;

/** ORG's role in the target activity; `none`: ORG takes no part (another organisation funds it). */
const BINDINGS = ['FUNDING', 'ACCOUNTABLE', 'EXTENDING', 'IMPLEMENTING', 'none'] as const;
type Binding = (typeof BINDINGS)[number];

const parties = (binding: Binding): { participations: RoleHolder[] } => ({
  participations: [
    { organisationId: OTHER_ORG, role: ParticipationRole.FUNDING },
    ...(binding === 'none' ? [] : [{ organisationId: ORG, role: ParticipationRole[binding] }]),
  ],
});

const context = (identity: Identity): HubContext => createContext(orm.em.fork(), identity, 'en');

const ALL: readonly Binding[] = BINDINGS;
const NOBODY: Record<Caller, readonly Binding[]> = {
  anonymous: [],
  signedInWithoutRole: [],
  municipality: [],
  organiser: [],
  funder: [],
  funderWithoutOrganisation: [],
  reviewer: [],
  admin: [],
};

/** Funds: the secretariat only, whatever the caller's organisation does. */
const SECRETARIAT = { ...NOBODY, admin: ALL };
/** Activities and their budgets: a funder of a funding or accountable organisation, and admins. */
const FUNDERS = { ...NOBODY, funder: ['FUNDING', 'ACCOUNTABLE'], admin: ALL } satisfies Record<Caller, readonly Binding[]>;
/** Transactions and results: the funders, an organiser or funder of an implementing organisation, and admins. */
const REPORTERS = {
  ...NOBODY,
  organiser: ['IMPLEMENTING'],
  funder: ['FUNDING', 'ACCOUNTABLE', 'IMPLEMENTING'],
  admin: ALL,
} satisfies Record<Caller, readonly Binding[]>;

const EXPECTED: Record<keyof typeof permissions, Record<Caller, readonly Binding[]>> = {
  createFund: SECRETARIAT,
  updateFund: SECRETARIAT,
  createFundingActivity: FUNDERS,
  updateFundingActivity: FUNDERS,
  publishFundingActivity: FUNDERS,
  deleteFundingActivity: FUNDERS,
  addBudget: FUNDERS,
  deleteBudget: FUNDERS,
  recordTransaction: REPORTERS,
  deleteTransaction: REPORTERS,
  recordResult: REPORTERS,
  updateResult: REPORTERS,
};

describe('the permission table', () => {
  test('has a rule for every mutation of the subgraph, and no other', () => {
    expect(Object.keys(permissions).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const action of Object.keys(EXPECTED) as (keyof typeof permissions)[]) {
    test(`${action}: each caller, for each role of its organisation in the activity`, async () => {
      const rule = permissions[action] as Rule<{ participations: RoleHolder[] }>;
      const outcome: Record<string, Binding[]> = {};
      for (const caller of Object.keys(CALLERS) as Caller[]) {
        outcome[caller] = [];
        for (const binding of BINDINGS) {
          if (await holdsRight(context(CALLERS[caller]), rule, parties(binding))) outcome[caller].push(binding);
        }
      }
      expect(outcome).toEqual(Object.fromEntries(Object.entries(EXPECTED[action]).map(([caller, bindings]) => [caller, [...bindings]])));
    });
  }

  test('refusals: UNAUTHENTICATED for anonymous callers, FORBIDDEN with the rule’s wording for others', async () => {
    const refusal = async (identity: Identity) => {
      try {
        await authorise(context(identity), permissions.addBudget, parties('IMPLEMENTING'));
        return 'allowed';
      } catch (error) {
        return error instanceof HubError ? [error.extensions.code, error.message] : String(error);
      }
    };
    expect(await refusal(CALLERS.anonymous)).toEqual(['UNAUTHENTICATED', 'You must be signed in to do this.']);
    expect(await refusal(CALLERS.organiser)).toEqual([
      'FORBIDDEN',
      'Only a funder whose organisation has the FUNDING or ACCOUNTABLE role in this activity may change it.',
    ]);
    expect(await refusal(CALLERS.admin)).toBe('allowed');
    expect(permissions.recordResult.refusal).toBe(
      'Only the activity’s funder or an organisation implementing it may record its transactions and results.',
    );
    expect(permissions.createFund.refusal).toBe('Only the network secretariat (admin) may add funds.');
    expect(permissions.updateFund.refusal).toBe('Only the network secretariat (admin) may edit funds.');
    expect(permissions.createFundingActivity.refusal).toBe(
      'Only a funder whose organisation has the FUNDING or ACCOUNTABLE role in the activity may create it.',
    );
  });

  test('updateFundingActivity with new participants: the funder’s organisation must still fund the activity or answer for it', async () => {
    const update = (now: Binding, proposed: Binding | null) =>
      ({ ...parties(now), proposed: proposed ? parties(proposed).participations : proposed }) satisfies ActivityChange;
    const allowed = async (identity: Identity, now: Binding, proposed: Binding | null) =>
      holdsRight(context(identity), permissions.updateFundingActivity, update(now, proposed));
    const outcome: Record<string, boolean> = {};
    for (const now of BINDINGS)
      for (const proposed of [...BINDINGS, null]) outcome[`${now}→${proposed}`] = await allowed(CALLERS.funder, now, proposed);
    const managing = ['FUNDING', 'ACCOUNTABLE'];
    const expected = Object.fromEntries(
      BINDINGS.flatMap((now) =>
        [...BINDINGS, null].map((proposed) => [
          `${now}→${proposed}`,
          managing.includes(now) && (proposed === null || managing.includes(proposed)),
        ]),
      ),
    );
    expect(outcome).toEqual(expected);
    // an admin may hand an activity to anyone
    expect(await allowed(CALLERS.admin, 'none', 'none')).toBe(true);
    expect(await allowed(CALLERS.organiser, 'FUNDING', 'FUNDING')).toBe(false);
  });
});

describe('visibility', () => {
  const draft = { published: false };
  const published = { published: true };

  test('a published activity is seen by everyone', () => {
    for (const caller of Object.keys(CALLERS) as Caller[]) {
      expect({ caller, sees: canSee(CALLERS[caller], published, parties('none').participations) }).toEqual({ caller, sees: true });
    }
  });

  test('a draft is seen by admins and by callers whose organisation takes part in it, in any role', () => {
    const outcome: Record<string, Binding[]> = {};
    for (const caller of Object.keys(CALLERS) as Caller[]) {
      outcome[caller] = BINDINGS.filter((binding) => canSee(CALLERS[caller], draft, parties(binding).participations));
    }
    const TAKING_PART: Binding[] = ['FUNDING', 'ACCOUNTABLE', 'EXTENDING', 'IMPLEMENTING'];
    expect(outcome).toEqual({
      anonymous: [],
      signedInWithoutRole: TAKING_PART,
      municipality: TAKING_PART,
      organiser: TAKING_PART,
      funder: TAKING_PART,
      funderWithoutOrganisation: [],
      reviewer: TAKING_PART,
      admin: [...BINDINGS],
    });
  });

  test('a caller without an organisation never matches a participation', () => {
    expect(canSee(person(['municipality'], { cityId: CITY }), draft, [{ organisationId: ORG, role: ParticipationRole.FUNDING }])).toBe(
      false,
    );
  });

  test('the database filter says the same: admins everything, organisations also their own drafts, everyone else the published', () => {
    expect(visibleWhere(CALLERS.admin)).toEqual({});
    expect(visibleWhere(CALLERS.funder)).toEqual({
      $or: [{ published: true }, { participations: { $some: { organisationId: ORG, deletedAt: null } } }],
    });
    expect(visibleWhere(CALLERS.anonymous)).toEqual({ published: true });
    expect(visibleWhere(person(['municipality'], { cityId: CITY }))).toEqual({ published: true });
  });

  test('the rollups say the same: admins count drafts too, organisations add their own drafts, everyone else the published', () => {
    const outcome = Object.fromEntries((Object.keys(CALLERS) as Caller[]).map((caller) => [caller, visibleRollup(CALLERS[caller])]));
    const own = { published: [true], ownDrafts: true };
    expect(outcome).toEqual({
      anonymous: { published: [true], ownDrafts: false },
      signedInWithoutRole: own,
      municipality: own,
      organiser: own,
      funder: own,
      funderWithoutOrganisation: { published: [true], ownDrafts: false },
      reviewer: own,
      admin: { published: [true, false], ownDrafts: false },
    });
  });
});

describe('the status lifecycle', () => {
  const { PIPELINE, IMPLEMENTATION, FINALISATION, CLOSED, CANCELLED, SUSPENDED } = ActivityStatus;
  const STATES = Object.values(ActivityStatus);

  /** Where each status may move, written out. */
  const MOVES: Record<ActivityStatus, ActivityStatus[]> = {
    PIPELINE: [IMPLEMENTATION, SUSPENDED, CANCELLED],
    IMPLEMENTATION: [FINALISATION, CLOSED, SUSPENDED, CANCELLED],
    FINALISATION: [CLOSED],
    CLOSED: [],
    CANCELLED: [],
    SUSPENDED: [PIPELINE, IMPLEMENTATION, CANCELLED],
  };

  const activity = (status: ActivityStatus) =>
    orm.em.fork().create(FundingActivity, {
      id: ORG,
      identifier: 'XI-TEST',
      title: { en: { text: 'A' } },
      plannedStart: '2025-01-01',
      defaultCurrency: 'EUR',
      status,
    });

  const codeOf = (fn: () => void): string => {
    try {
      fn();
      return 'ok';
    } catch (error) {
      return error instanceof HubError ? String(error.extensions.code) : String(error);
    }
  };

  test('every status × every target status: the move, staying put, or CONFLICT', () => {
    const outcome: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const from of STATES) {
      for (const to of STATES) {
        const record = activity(from);
        const code = codeOf(() => moveStatus(record, to));
        outcome[`${from}→${to}`] = code === 'ok' ? record.status : code;
        expected[`${from}→${to}`] = from === to || MOVES[from].includes(to) ? to : 'CONFLICT';
      }
    }
    expect(outcome).toEqual(expected);
  });

  test('every state × every event of the table', () => {
    const events = Object.keys(activityStatus.transitions) as (keyof typeof activityStatus.transitions)[];
    expect(events).toEqual(['start', 'finalise', 'close', 'suspend', 'resume', 'replan', 'cancel']);
    const TABLE = {
      start: [[PIPELINE], IMPLEMENTATION],
      finalise: [[IMPLEMENTATION], FINALISATION],
      close: [[IMPLEMENTATION, FINALISATION], CLOSED],
      suspend: [[PIPELINE, IMPLEMENTATION], SUSPENDED],
      resume: [[SUSPENDED], IMPLEMENTATION],
      replan: [[SUSPENDED], PIPELINE],
      cancel: [[PIPELINE, IMPLEMENTATION, SUSPENDED], CANCELLED],
    } as const;
    for (const state of STATES) {
      for (const event of events) {
        const [from, to] = TABLE[event];
        const legal = (from as readonly ActivityStatus[]).includes(state);
        expect({ state, event, allows: activityStatus.allows(state, event) }).toEqual({ state, event, allows: legal });
        const record = activity(state);
        expect({ state, event, code: codeOf(() => activityStatus.apply(record, event)) }).toEqual({
          state,
          event,
          code: legal ? 'ok' : 'CONFLICT',
        });
        expect({ state, event, now: record.status }).toEqual({ state, event, now: legal ? to : state });
      }
    }
  });

  test('a refused move says where the activity is and leaves it there', () => {
    const closed = activity(CLOSED);
    expect(() => moveStatus(closed, IMPLEMENTATION)).toThrow(`FundingActivity ${ORG} is CLOSED: it cannot start (only from PIPELINE).`);
    expect(closed.status).toBe(CLOSED);
  });
});

describe('the publication lifecycle', () => {
  const activity = (published: boolean, publishedAt: Date | null = null) =>
    orm.em.fork().create(FundingActivity, {
      id: ORG,
      identifier: 'XI-TEST',
      title: { en: { text: 'A' } },
      plannedStart: '2025-01-01',
      defaultCurrency: 'EUR',
      published,
      publishedAt,
    });
  const MANAGED = [ParticipationRole.FUNDING, ParticipationRole.IMPLEMENTING];

  test('the table: a draft is published, a published activity withdrawn, nothing else', () => {
    expect(publication.allows(Publication.DRAFT, 'publish')).toBe(true);
    expect(publication.allows(Publication.PUBLISHED, 'publish')).toBe(false);
    expect(publication.allows(Publication.PUBLISHED, 'withdraw')).toBe(true);
    expect(publication.allows(Publication.DRAFT, 'withdraw')).toBe(false);
    expect(publicationOf({ published: true })).toBe(Publication.PUBLISHED);
    expect(publicationOf({ published: false })).toBe(Publication.DRAFT);
  });

  test('publishing a draft sets published and the time; withdrawing clears both', () => {
    const draft = activity(false);
    applyPublication(draft, 'publish', MANAGED);
    expect(draft.published).toBe(true);
    expect(draft.publishedAt).toBeInstanceOf(Date);
    applyPublication(draft, 'withdraw', MANAGED);
    expect({ published: draft.published, publishedAt: draft.publishedAt }).toEqual({ published: false, publishedAt: null });
  });

  test('a first publication time is kept', () => {
    const first = new Date('2025-01-15T00:00:00Z');
    const draft = activity(false, first);
    applyPublication(draft, 'publish', MANAGED);
    expect(draft.publishedAt).toBe(first);
  });

  test('publishing twice or withdrawing a draft is CONFLICT, and changes nothing', () => {
    const published = activity(true);
    expect(() => applyPublication(published, 'publish', MANAGED)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) }),
    );
    expect(() => applyPublication(published, 'publish', MANAGED)).toThrow(
      `FundingActivity ${ORG} is PUBLISHED: it cannot publish (only from DRAFT).`,
    );
    expect(published.published).toBe(true);
    const draft = activity(false);
    expect(() => applyPublication(draft, 'withdraw', MANAGED)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) }),
    );
    expect(draft.published).toBe(false);
  });

  test('publishing needs a funding or accountable organisation (CONFLICT otherwise); withdrawing does not', () => {
    const outcome: Record<string, boolean> = {};
    for (const role of Object.values(ParticipationRole)) {
      const draft = activity(false);
      try {
        applyPublication(draft, 'publish', [role]);
      } catch (error) {
        expect(error).toEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT' }) }));
      }
      outcome[role] = draft.published;
    }
    expect(outcome).toEqual({ FUNDING: true, ACCOUNTABLE: true, EXTENDING: false, IMPLEMENTING: false });
    expect(() => applyPublication(activity(false), 'publish', [ParticipationRole.IMPLEMENTING])).toThrow(
      `FundingActivity ${ORG} has no funding or accountable organisation: it cannot be published without one.`,
    );
    const published = activity(true);
    applyPublication(published, 'withdraw', []);
    expect(published.published).toBe(false);
  });
});

describe('the budget total', () => {
  const line = (amount: string, extra: Partial<BudgetLine> = {}): BudgetLine => ({
    type: BudgetType.ORIGINAL,
    periodStart: '2025-01-01',
    periodEnd: '2025-12-31',
    amount,
    currency: 'EUR',
    deletedAt: null,
    ...extra,
  });

  test('sums the live budgets in the currency exactly, a revised budget replacing the original of its period', () => {
    expect(budgetTotal([], 'EUR')).toBe('0.0000');
    expect(budgetTotal([line('0.1', { periodStart: '2024-01-01' }), line('0.2')], 'EUR')).toBe('0.3000');
    expect(budgetTotal([line('123456789012345678.5'), line('0.5', { periodStart: '2024-01-01' })], 'EUR')).toBe('123456789012345679.0000');
    expect(budgetTotal([line('100'), line('80', { type: BudgetType.REVISED })], 'EUR')).toBe('80.0000');
    expect(budgetTotal([line('100'), line('80', { type: BudgetType.REVISED, periodEnd: '2025-06-30' })], 'EUR')).toBe('180.0000');
    expect(budgetTotal([line('100'), line('80', { type: BudgetType.REVISED, currency: 'NOK' })], 'EUR')).toBe('100.0000');
    expect(budgetTotal([line('100'), line('80', { currency: 'NOK' })], 'NOK')).toBe('80.0000');
    expect(budgetTotal([line('100'), line('80', { type: BudgetType.REVISED, deletedAt: new Date() })], 'EUR')).toBe('100.0000');
    expect(budgetTotal([line('100', { deletedAt: new Date() }), line('1.2345', { periodStart: '2024-01-01' })], 'EUR')).toBe('1.2345');
  });
});
