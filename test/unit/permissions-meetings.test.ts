/**
 * The meetings subgraph's permission table, visibility rules and meeting lifecycle, as pure functions:
 * no database, no HTTP. Every action is asked for every identity (and for the bindings that decide
 * it), every state for every event; the expectations are written out here, not derived from the table.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createContext, type HubContext } from '../../shared/context';
import { ANONYMOUS, type Identity } from '../../shared/identity';
import { authorise, holdsRight, type Rule } from '../../shared/permissions';
import { MeetingStatus } from '../../subgraphs/meetings/entities/enums';
import {
  MEETING_STATES,
  meetingLifecycle,
  requireAgendaLeft,
  requireClosable,
  requirePublishable,
  requireStarted,
  type MeetingEvent,
} from '../../subgraphs/meetings/lifecycle';
import { canSee, permissions, visibleWhere, type AgendaEntry } from '../../subgraphs/meetings/permissions';

const UNHCR = 'org-unhcr';
const WALD = 'org-wald';
const TBB = 'org-tbb';
const ISTANBUL = 'city-istanbul';
const OSLO = 'city-oslo';

/** The identities every action is asked for. */
const identities = {
  anonymous: ANONYMOUS,
  admin: { subject: 'admin', roles: ['admin'] },
  organiser: { subject: 'organiser', roles: ['organiser'], organisationId: UNHCR },
  otherOrganiser: { subject: 'other-organiser', roles: ['organiser'], organisationId: WALD },
  organiserWithoutOrganisation: { subject: 'loose-organiser', roles: ['organiser'] },
  /** The organisation that organises the meeting, but as a funder. */
  funder: { subject: 'funder', roles: ['funder'], organisationId: UNHCR },
  reviewer: { subject: 'reviewer', roles: ['reviewer'], organisationId: UNHCR, cityId: ISTANBUL },
  owningCity: { subject: 'istanbul', roles: ['municipality'], cityId: ISTANBUL },
  otherCity: { subject: 'oslo', roles: ['municipality'], cityId: OSLO },
  cityWithoutCity: { subject: 'nowhere', roles: ['municipality'] },
  /** An organiser that happens to carry the owning city: the role decides, not the binding alone. */
  organiserOfTheCity: { subject: 'organiser-of-city', roles: ['organiser'], cityId: ISTANBUL, organisationId: WALD },
} satisfies Record<string, Identity>;
type Who = keyof typeof identities;
const EVERYONE = Object.keys(identities) as Who[];

const context = (identity: Identity): HubContext => createContext({} as EntityManager, identity, 'en');

const meeting = { meeting: { organiserIds: [TBB, UNHCR] } };
const signature = { cityId: ISTANBUL };
const organisationSignature = { cityId: null };
const commitment = { ownerCityId: ISTANBUL };
const unownedCommitment = { ownerCityId: null };

/** Who holds `rule` on `target`, among all identities. */
async function holders<T>(rule: Rule<T>, target: T): Promise<Who[]> {
  const allowed: Who[] = [];
  for (const who of EVERYONE) if (await holdsRight(context(identities[who]), rule, target)) allowed.push(who);
  return allowed;
}

const MEETING_ACTIONS = [
  'updateMeeting',
  'publishMeeting',
  'closeMeeting',
  'cancelMeeting',
  'deleteMeeting',
  'addParticipant',
  'removeParticipant',
  'addAgendaItem',
  'updateAgendaItem',
  'removeAgendaItem',
  'recordOutcome',
  'updateOutcome',
  'recordMinutes',
] as const;
const SECRETARIAT_ACTIONS = ['createDeclaration', 'addDeclarationVersion', 'addRecipient', 'addCommitment', 'updateCommitment'] as const;

describe('the permission table', () => {
  test('declares exactly these actions', () => {
    expect(Object.keys(permissions).sort()).toEqual(
      [...MEETING_ACTIONS, ...SECRETARIAT_ACTIONS, 'createMeeting', 'followUpCommitment', 'addSignatory', 'removeSignatory'].sort(),
    );
  });

  test.each(MEETING_ACTIONS)('%s: admins and the meeting’s own organisers', async (action) => {
    expect(await holders(permissions[action], meeting)).toEqual(['admin', 'organiser']);
    // an organiser of an organisation that does not organise this meeting is refused, whatever else it is
    expect(await holders(permissions[action], { meeting: { organiserIds: [WALD] } })).toEqual([
      'admin',
      'otherOrganiser',
      'organiserOfTheCity',
    ]);
    expect(await holders(permissions[action], { meeting: { organiserIds: [] } })).toEqual(['admin']);
  });

  test('createMeeting: admins and any organiser bound to an organisation', async () => {
    expect(await holders(permissions.createMeeting, {})).toEqual(['admin', 'organiser', 'otherOrganiser', 'organiserOfTheCity']);
  });

  test.each(SECRETARIAT_ACTIONS)('%s: the network secretariat only', async (action) => {
    expect(await holders(permissions[action], commitment)).toEqual(['admin']);
  });

  test('followUpCommitment: admins and the municipality that owns the commitment', async () => {
    expect(await holders(permissions.followUpCommitment, commitment)).toEqual(['admin', 'owningCity']);
    expect(await holders(permissions.followUpCommitment, { ownerCityId: OSLO })).toEqual(['admin', 'otherCity']);
    expect(await holders(permissions.followUpCommitment, unownedCommitment)).toEqual(['admin']);
  });

  test.each(['addSignatory', 'removeSignatory'] as const)('%s: admins and the signing municipality itself', async (action) => {
    expect(await holders(permissions[action], signature)).toEqual(['admin', 'owningCity']);
    expect(await holders(permissions[action], { cityId: OSLO })).toEqual(['admin', 'otherCity']);
    expect(await holders(permissions[action], organisationSignature)).toEqual(['admin']);
  });

  test('a refusal says who may: FORBIDDEN for a signed-in caller, UNAUTHENTICATED for an anonymous one', async () => {
    const refusals: Record<keyof typeof permissions, string> = {
      createMeeting: 'Only meeting organisers and admins may create meetings.',
      updateMeeting: 'Only the organisers of this meeting and admins may change it.',
      publishMeeting: 'Only the organisers of this meeting and admins may publish it.',
      closeMeeting: 'Only the organisers of this meeting and admins may close it.',
      cancelMeeting: 'Only the organisers of this meeting and admins may cancel it.',
      deleteMeeting: 'Only the organisers of this meeting and admins may delete it.',
      addParticipant: 'Only the organisers of this meeting and admins may change its participants.',
      removeParticipant: 'Only the organisers of this meeting and admins may change its participants.',
      addAgendaItem: 'Only the organisers of this meeting and admins may change its agenda.',
      updateAgendaItem: 'Only the organisers of this meeting and admins may change its agenda.',
      removeAgendaItem: 'Only the organisers of this meeting and admins may change its agenda.',
      recordOutcome: 'Only the organisers of this meeting and admins may record its outcomes.',
      updateOutcome: 'Only the organisers of this meeting and admins may change its outcomes.',
      recordMinutes: 'Only the organisers of this meeting and admins may record its minutes.',
      createDeclaration: 'Only the network secretariat (admin) may record declarations.',
      addDeclarationVersion: 'Only the network secretariat (admin) may add declaration versions.',
      addRecipient: 'Only the network secretariat (admin) may add recipients.',
      addCommitment: 'Only the network secretariat (admin) may add commitments.',
      updateCommitment:
        'Only the network secretariat (admin) may change a commitment beyond its follow-up status (the municipality that owns it may update that).',
      followUpCommitment: 'Commitments are changed by admins; the municipality that owns one may update its follow-up status.',
      addSignatory: 'Signatories are added by admins or by the signing municipality itself.',
      removeSignatory: 'A signature is removed by admins or by the signing municipality itself.',
    };
    for (const [action, refusal] of Object.entries(refusals)) {
      const rule: Rule<unknown> = permissions[action as keyof typeof permissions] as Rule<unknown>;
      expect(rule.refusal).toBe(refusal);
      await expect(authorise(context(identities.reviewer), rule, { ...meeting, ...signature, ...commitment })).rejects.toMatchObject({
        message: refusal,
        extensions: { code: 'FORBIDDEN' },
      });
      await expect(authorise(context(ANONYMOUS), rule, meeting)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    }
    await expect(authorise(context(identities.admin), permissions.createDeclaration, {})).resolves.toEqual(identities.admin);
  });
});

describe('visibility', () => {
  const ofStatus = (status: MeetingStatus, organiserIds = [UNHCR]) => ({ status, organiserIds });

  test('a draft is seen by its organisers and admins only; any other status by everyone', () => {
    for (const who of EVERYONE) {
      const identity = identities[who];
      expect([who, canSee.meeting(identity, ofStatus(MeetingStatus.DRAFT))]).toEqual([who, who === 'admin' || who === 'organiser']);
      for (const status of [MeetingStatus.PUBLISHED, MeetingStatus.HELD, MeetingStatus.CLOSED, MeetingStatus.CANCELLED]) {
        expect([who, status, canSee.meeting(identity, ofStatus(status))]).toEqual([who, status, true]);
      }
    }
    expect(canSee.meeting(identities.funder, ofStatus(MeetingStatus.DRAFT, [UNHCR]))).toBe(false);
    expect(canSee.meeting(identities.otherOrganiser, ofStatus(MeetingStatus.DRAFT, [UNHCR, WALD]))).toBe(true);
  });

  test('internals (drafts, internal agenda items): the meeting’s organisers and admins', () => {
    const seers = EVERYONE.filter((who) => canSee.internals(identities[who], { organiserIds: [UNHCR] }));
    expect(seers).toEqual(['admin', 'organiser']);
    expect(canSee.internals(identities.organiserWithoutOrganisation, { organiserIds: [] })).toBe(false);
  });

  test('an agenda item is public when it and every item it is nested in are public', () => {
    const block: AgendaEntry = { id: 'block', isPublic: false, parent: null };
    const inBlock: AgendaEntry = { id: 'in-block', isPublic: true, parent: { id: 'block' } };
    const deep: AgendaEntry = { id: 'deep', isPublic: true, parent: { id: 'in-block' } };
    const open: AgendaEntry = { id: 'open', isPublic: true, parent: null };
    const inOpen: AgendaEntry = { id: 'in-open', isPublic: true, parent: { id: 'open' } };
    const hiddenInOpen: AgendaEntry = { id: 'hidden-in-open', isPublic: false, parent: { id: 'open' } };
    const orphan: AgendaEntry = { id: 'orphan', isPublic: true, parent: { id: 'gone' } };
    const agenda = [block, inBlock, deep, open, inOpen, hiddenInOpen, orphan];
    const shown = (who: Who) =>
      agenda.filter((item) => canSee.agendaItem(identities[who], { organiserIds: [UNHCR] }, item, agenda)).map((i) => i.id);
    for (const who of EVERYONE) {
      const expected = who === 'admin' || who === 'organiser' ? agenda.map((i) => i.id) : ['open', 'in-open', 'orphan'];
      expect([who, shown(who)]).toEqual([who, expected]);
    }
  });

  test('lists: drafts are filtered out for everyone but admins (nothing filtered) and organisers (their own drafts)', () => {
    const notDraft = { status: { $ne: MeetingStatus.DRAFT } };
    expect(visibleWhere.meeting(identities.admin)).toEqual({});
    expect(visibleWhere.meeting(identities.organiser)).toEqual({ $or: [notDraft, { organiserIds: { $overlap: [UNHCR] } }] });
    for (const who of ['anonymous', 'organiserWithoutOrganisation', 'funder', 'reviewer', 'owningCity', 'otherCity'] as const) {
      expect([who, visibleWhere.meeting(identities[who])]).toEqual([who, notDraft]);
    }
  });
});

describe('the meeting lifecycle', () => {
  const { DRAFT, PUBLISHED, HELD, CLOSED, CANCELLED } = MeetingStatus;
  const STATES = [DRAFT, PUBLISHED, HELD, CLOSED, CANCELLED];
  /** Event → state → where it leads; a state not listed is CONFLICT. */
  const MOVES: Record<MeetingEvent, Partial<Record<MeetingStatus, MeetingStatus>>> = {
    publish: { DRAFT: PUBLISHED },
    hold: { PUBLISHED: HELD },
    close: { PUBLISHED: CLOSED, HELD: CLOSED },
    cancel: { DRAFT: CANCELLED, PUBLISHED: CANCELLED },
  };

  test('declares exactly these events', () => {
    expect(Object.keys(meetingLifecycle.transitions).sort()).toEqual(Object.keys(MOVES).sort());
  });

  for (const [event, moves] of Object.entries(MOVES) as [MeetingEvent, Partial<Record<MeetingStatus, MeetingStatus>>][]) {
    for (const state of STATES) {
      const to = moves[state];
      test(`${event} from ${state}: ${to ?? 'CONFLICT'}`, () => {
        const record = { id: 'm1', status: state };
        expect(meetingLifecycle.allows(state, event)).toBe(to !== undefined);
        if (to) {
          expect(meetingLifecycle.apply(record, event)).toBe(state);
          expect(record.status).toBe(to);
        } else {
          expect(() => meetingLifecycle.apply(record, event)).toThrow(expect.objectContaining({ extensions: { code: 'CONFLICT' } }));
          expect(record.status).toBe(state);
        }
      });
    }
  }

  test('the events that may happen in each state', () => {
    expect(Object.fromEntries(STATES.map((state) => [state, meetingLifecycle.eventsFrom(state)]))).toEqual({
      DRAFT: ['publish', 'cancel'],
      PUBLISHED: ['hold', 'close', 'cancel'],
      HELD: ['close'],
      CLOSED: [],
      CANCELLED: [],
    });
  });

  test('the states each write needs, every other state CONFLICT', () => {
    expect(MEETING_STATES).toEqual({
      edit: [DRAFT, PUBLISHED, HELD],
      delete: [DRAFT],
      recordOutcome: [PUBLISHED, HELD, CLOSED],
      recordMinutes: [PUBLISHED, HELD],
    });
    for (const [write, allowed] of Object.entries(MEETING_STATES)) {
      for (const state of STATES) {
        const check = () => meetingLifecycle.require({ id: 'm1', status: state }, allowed, write);
        if ((allowed as readonly MeetingStatus[]).includes(state)) expect(check).not.toThrow();
        else expect(check).toThrow(expect.objectContaining({ extensions: { code: 'CONFLICT' } }));
      }
    }
  });

  test('preconditions: started, publishable, closable, an agenda left', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    const conflict = expect.objectContaining({ extensions: { code: 'CONFLICT' } });
    expect(() => requireStarted({ startsAt: null }, 'outcomes', now)).toThrow(conflict);
    expect(() => requireStarted({ startsAt: new Date(now + 1) }, 'outcomes', now)).toThrow(/outcomes can be recorded once it has/);
    expect(() => requireStarted({ startsAt: new Date(now) }, 'outcomes', now)).not.toThrow();
    expect(() => requireStarted({ startsAt: new Date(now - 1) }, 'minutes', now)).not.toThrow();
    expect(() => requireStarted({ startsAt: new Date(Date.now() - 1000) }, 'minutes')).not.toThrow();
    expect(() => requireStarted({ startsAt: new Date(Date.now() + 60_000) }, 'minutes')).toThrow(conflict);

    expect(() => requirePublishable({ startsAt: null }, 1)).toThrow(/needs a start/);
    expect(() => requirePublishable({ startsAt: new Date(now) }, 0)).toThrow(/at least one agenda item/);
    expect(() => requirePublishable({ startsAt: null }, 0)).toThrow(conflict);
    expect(() => requirePublishable({ startsAt: new Date(now) }, 1)).not.toThrow();

    expect(() => requireClosable({ outcomes: 0, minutes: 0 })).toThrow(conflict);
    expect(() => requireClosable({ outcomes: 1, minutes: 0 })).not.toThrow();
    expect(() => requireClosable({ outcomes: 0, minutes: 1 })).not.toThrow();

    expect(() => requireAgendaLeft({ status: DRAFT }, 0)).not.toThrow();
    for (const status of [PUBLISHED, HELD]) {
      expect(() => requireAgendaLeft({ status }, 0)).toThrow(conflict);
      expect(() => requireAgendaLeft({ status }, 1)).not.toThrow();
    }
  });
});
