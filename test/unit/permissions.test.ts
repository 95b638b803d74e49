import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { createContext, type HubContext } from '../../shared/context';
import { HubError } from '../../shared/errors';
import { ANONYMOUS, type Identity } from '../../shared/identity';
import {
  ADMIN,
  authorise,
  bound,
  holds,
  holdsRight,
  isAdmin,
  requireSignedIn,
  rule,
  type Grant,
  type PermissionTable,
} from '../../shared/permissions';

// A real EntityManager that never connects: these rules read only the caller and the target.
const orm = MikroORM.initSync({
  driver: PostgreSqlDriver,
  dbName: 'unused',
  connect: false,
  entities: [],
  discovery: { warnWhenNoEntities: false },
});
const contextOf = (identity: Identity): HubContext => createContext(orm.em.fork(), identity, 'en');

const TRONDHEIM = 'city-trondheim';
const BERGEN = 'city-bergen';
const UNHCR = 'org-unhcr';
const KS = 'org-ks';

const who = {
  anonymous: ANONYMOUS,
  admin: { subject: 'admin-1', roles: ['admin'] },
  trondheim: { subject: 'muni-1', roles: ['municipality'], cityId: TRONDHEIM },
  bergen: { subject: 'muni-2', roles: ['municipality'], cityId: BERGEN },
  organiserUnhcr: { subject: 'org-1', roles: ['organiser'], organisationId: UNHCR },
  funderUnhcr: { subject: 'fund-1', roles: ['funder'], organisationId: UNHCR },
  organiserKs: { subject: 'org-2', roles: ['organiser'], organisationId: KS },
  // signed in, with no role: a token whose roles the hub does not know
  nobody: { subject: 'someone', roles: [] },
  // a municipality token without its city (the verifier refuses these; the bindings must too)
  cityless: { subject: 'muni-3', roles: ['municipality'] },
  orgless: { subject: 'org-3', roles: ['organiser'] },
} satisfies Record<string, Identity>;

interface Meeting {
  hostCityId: string | null;
  organiserIds: (string | null)[];
}
const meeting = (hostCityId: string | null, ...organiserIds: (string | null)[]): Meeting => ({ hostCityId, organiserIds });

const permissions = {
  editMeeting: rule<Meeting>('Only the organisers of a meeting or the secretariat may edit it.', ADMIN, {
    role: 'organiser',
    when: bound.toOrganisation((m) => m.organiserIds),
  }),
  hostMeeting: rule<Meeting>('Only the host city may confirm the venue.', {
    role: 'municipality',
    when: bound.toCity((m) => m.hostCityId),
  }),
  fundAnything: rule<Meeting>('Only a funder may pledge.', { role: 'funder' }),
  adminOnly: rule<Meeting>('Only the network secretariat (admin) may do this.', ADMIN),
  nobodyMay: rule<Meeting>('Nobody may do this.'),
} satisfies PermissionTable;

async function refusal(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a refusal, the call went through');
}

function syncRefusal(fn: () => unknown): HubError {
  try {
    fn();
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected a refusal, the call went through');
}

afterAll(() => orm.close(true));

describe('rule', () => {
  it('holds the refusal and the grants, in order', () => {
    const organiser: Grant<Meeting> = { role: 'organiser' };
    const declared = rule<Meeting>('No.', ADMIN, organiser);
    expect(declared).toEqual({ refusal: 'No.', grants: [ADMIN, organiser] });
    expect(declared.grants[1]).toBe(organiser);
  });

  it('may have no grant at all', () => {
    expect(rule('No.')).toEqual({ refusal: 'No.', grants: [] });
  });
});

describe('ADMIN', () => {
  it('is the admin role, without a binding', () => {
    expect(ADMIN).toEqual({ role: 'admin' });
    expect(ADMIN.when).toBeUndefined();
  });
});

describe('bound.toCity', () => {
  const when = bound.toCity<Meeting>((m) => m.hostCityId);

  it("binds a caller to the target's city", () => {
    expect(when(who.trondheim, meeting(TRONDHEIM))).toBe(true);
    expect(when(who.bergen, meeting(TRONDHEIM))).toBe(false);
  });

  it('never binds a caller without a city, not even to a target without one', () => {
    expect(when(who.cityless, meeting(null))).toBe(false);
    expect(bound.toCity<{ cityId?: string }>((t) => t.cityId)(who.cityless, {})).toBe(false);
    expect(when(who.organiserUnhcr, meeting(TRONDHEIM))).toBe(false);
  });

  it('does not bind a city caller to a target without a city', () => {
    expect(when(who.trondheim, meeting(null))).toBe(false);
  });
});

describe('bound.toOrganisation', () => {
  const when = bound.toOrganisation<Meeting>((m) => m.organiserIds);

  it("binds a caller to any of the target's organisations", () => {
    expect(when(who.organiserUnhcr, meeting(null, UNHCR))).toBe(true);
    expect(when(who.organiserUnhcr, meeting(null, KS, UNHCR))).toBe(true);
    expect(when(who.organiserKs, meeting(null, UNHCR))).toBe(false);
    expect(when(who.organiserKs, meeting(null))).toBe(false);
  });

  it('never binds a caller without an organisation, not even to a target that lists an empty one', () => {
    expect(when(who.orgless, meeting(null, null))).toBe(false);
    expect(bound.toOrganisation<{ ids: (string | undefined)[] }>((t) => t.ids)(who.orgless, { ids: [undefined] })).toBe(false);
    expect(when(who.trondheim, meeting(TRONDHEIM, UNHCR))).toBe(false);
  });
});

describe('holdsRight', () => {
  it('gives an anonymous caller no right, whatever the rule says', async () => {
    for (const right of Object.values(permissions))
      expect(await holdsRight(contextOf(who.anonymous), right, meeting(TRONDHEIM, UNHCR))).toBe(false);
    // even a token-less identity that somehow carries a role
    const forged: Identity = { subject: null, roles: ['admin'] };
    expect(await holdsRight(contextOf(forged), permissions.adminOnly, meeting(null))).toBe(false);
  });

  it('grants a role without a binding to every holder of the role', async () => {
    expect(await holdsRight(contextOf(who.admin), permissions.adminOnly, meeting(null))).toBe(true);
    expect(await holdsRight(contextOf(who.funderUnhcr), permissions.fundAnything, meeting(null))).toBe(true);
  });

  it('refuses a caller who holds none of the roles', async () => {
    expect(await holdsRight(contextOf(who.trondheim), permissions.adminOnly, meeting(TRONDHEIM))).toBe(false);
    expect(await holdsRight(contextOf(who.nobody), permissions.editMeeting, meeting(null, UNHCR))).toBe(false);
    expect(await holdsRight(contextOf(who.admin), permissions.nobodyMay, meeting(null))).toBe(false);
  });

  it('grants a bound role only where the binding holds', async () => {
    expect(await holdsRight(contextOf(who.organiserUnhcr), permissions.editMeeting, meeting(null, UNHCR))).toBe(true);
    expect(await holdsRight(contextOf(who.organiserUnhcr), permissions.editMeeting, meeting(null, KS))).toBe(false);
    expect(await holdsRight(contextOf(who.trondheim), permissions.hostMeeting, meeting(TRONDHEIM))).toBe(true);
    expect(await holdsRight(contextOf(who.bergen), permissions.hostMeeting, meeting(TRONDHEIM))).toBe(false);
  });

  it('does not let a role stand in for another one bound to the same target', async () => {
    // the funder of UNHCR is not its organiser
    expect(await holdsRight(contextOf(who.funderUnhcr), permissions.editMeeting, meeting(null, UNHCR))).toBe(false);
  });

  it('tries the next grant when a binding does not hold', async () => {
    const twoCities = rule<Meeting>(
      'No.',
      { role: 'municipality', when: () => false },
      { role: 'municipality', when: bound.toCity((m) => m.hostCityId) },
    );
    expect(await holdsRight(contextOf(who.trondheim), twoCities, meeting(TRONDHEIM))).toBe(true);
    expect(await holdsRight(contextOf(who.bergen), twoCities, meeting(TRONDHEIM))).toBe(false);
  });

  it('awaits an asynchronous binding, and hands it the caller, the target and the request context', async () => {
    const seen: unknown[] = [];
    const ctx = contextOf(who.organiserKs);
    const target = meeting(null, KS);
    const asyncRule = rule<Meeting>('No.', {
      role: 'organiser',
      when: async (identity, t, c) => {
        seen.push(identity, t, c);
        await Promise.resolve();
        return t.organiserIds.includes(identity.organisationId ?? null);
      },
    });
    expect(await holdsRight(ctx, asyncRule, target)).toBe(true);
    expect(seen).toEqual([who.organiserKs, target, ctx]);
    expect(seen[2]).toBe(ctx);
    expect(await holdsRight(ctx, asyncRule, meeting(null, UNHCR))).toBe(false);
    const never = rule<Meeting>('No.', { role: 'organiser', when: async () => false });
    expect(await holdsRight(ctx, never, target)).toBe(false);
  });

  it('does not ask the binding of a role the caller does not hold', async () => {
    const when = jest.fn(() => true);
    expect(await holdsRight(contextOf(who.trondheim), rule<Meeting>('No.', { role: 'organiser', when }), meeting(null))).toBe(false);
    expect(when).not.toHaveBeenCalled();
  });
});

describe('authorise', () => {
  it('answers an anonymous caller UNAUTHENTICATED, before any rule', async () => {
    const when = jest.fn(() => true);
    const error = await refusal(authorise(contextOf(who.anonymous), rule<Meeting>('No.', { role: 'organiser', when }), meeting(null)));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(error.message).toBe('You must be signed in to do this.');
    expect(when).not.toHaveBeenCalled();
  });

  it("answers a signed-in caller without the right FORBIDDEN, with the rule's refusal", async () => {
    const error = await refusal(authorise(contextOf(who.bergen), permissions.hostMeeting, meeting(TRONDHEIM)));
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Only the host city may confirm the venue.');
    const noRole = await refusal(authorise(contextOf(who.nobody), permissions.adminOnly, meeting(null)));
    expect(noRole.extensions.code).toBe('FORBIDDEN');
    expect(noRole.message).toBe('Only the network secretariat (admin) may do this.');
  });

  it('returns the identity of a caller who holds the right', async () => {
    expect(await authorise(contextOf(who.trondheim), permissions.hostMeeting, meeting(TRONDHEIM))).toBe(who.trondheim);
    expect(await authorise(contextOf(who.admin), permissions.editMeeting, meeting(null))).toBe(who.admin);
    expect(await authorise(contextOf(who.organiserUnhcr), permissions.editMeeting, meeting(null, KS, UNHCR))).toBe(who.organiserUnhcr);
  });
});

describe('requireSignedIn', () => {
  it('returns the identity of a signed-in caller, even one without a role', () => {
    expect(requireSignedIn(contextOf(who.nobody))).toBe(who.nobody);
  });

  it('answers an anonymous caller UNAUTHENTICATED', () => {
    expect(syncRefusal(() => requireSignedIn(contextOf(who.anonymous))).extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('holds and isAdmin', () => {
  it('tell whether the caller has a role', () => {
    expect(holds(who.funderUnhcr, 'funder')).toBe(true);
    expect(holds(who.funderUnhcr, 'organiser')).toBe(false);
    expect(isAdmin(who.admin)).toBe(true);
    expect(isAdmin(who.trondheim)).toBe(false);
  });
});
