import { MikroORM, PostgreSqlDriver, type EntityManager } from '@mikro-orm/postgresql';
import { createContext, type HubContext } from '../../shared/context';
import { badInput, conflict, HubError, notFound } from '../../shared/errors';
import { ANONYMOUS, type Identity } from '../../shared/identity';
import { Lifecycle } from '../../shared/lifecycle';
import { ADMIN, bound, rule } from '../../shared/permissions';
import { currentWrite, runWrite, type Write } from '../../shared/write';

/**
 * runWrite's steps without a database: the EntityManagers are real MikroORM ones that never
 * connect, with `transactional` and `flush` watched, so each test sees which steps ran, in which
 * order, with which EntityManager, and whether the write was flushed. write-transaction.test.ts runs
 * the same on a real database (commit and rollback).
 */

const orm = MikroORM.initSync({
  driver: PostgreSqlDriver,
  dbName: 'unused',
  connect: false,
  entities: [],
  discovery: { warnWhenNoEntities: false },
});
afterAll(() => orm.close(true));

type NoteStatus = 'DRAFT' | 'PUBLISHED';
interface Note {
  id: string;
  text: string;
  status: NoteStatus;
  cityId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  deleted: boolean;
}
const note = (over: Partial<Note> = {}): Note => ({
  id: 'note-1',
  text: 'first text',
  status: 'DRAFT',
  cityId: TRONDHEIM,
  version: 1,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  deleted: false,
  ...over,
});

const lifecycle = new Lifecycle<NoteStatus, 'publish'>('Note', { publish: { from: ['DRAFT'], to: 'PUBLISHED' } });

const TRONDHEIM = 'city-trondheim';
const who = {
  anonymous: ANONYMOUS,
  admin: { subject: 'admin-1', roles: ['admin'] },
  trondheim: { subject: 'muni-1', roles: ['municipality'], cityId: TRONDHEIM },
  bergen: { subject: 'muni-2', roles: ['municipality'], cityId: 'city-bergen' },
} satisfies Record<string, Identity>;

interface Harness {
  ctx: HubContext;
  /** The EntityManager of the transaction runWrite opens. */
  tx: EntityManager;
  steps: string[];
}

/** A request context whose EntityManager opens a watched transaction: `transaction` and `flush` go into `steps`. */
function harness(identity: Identity): Harness {
  const steps: string[] = [];
  const em = orm.em.fork();
  const tx = orm.em.fork();
  jest.spyOn(em, 'transactional').mockImplementation(async (work) => {
    steps.push('transaction');
    const result = await work(tx);
    steps.push('commit');
    return result;
  });
  jest.spyOn(em, 'flush').mockImplementation(async () => {
    steps.push('flush outside the transaction');
  });
  jest.spyOn(tx, 'flush').mockImplementation(async () => {
    steps.push('flush');
  });
  return { ctx: createContext(em, identity, 'en'), tx, steps };
}

/** A write whose every step records that it ran (the right through its binding). */
function publishNote(target: Note | null, steps: string[], overrides: Partial<Write<Note, string>> = {}): Write<Note, string> {
  return {
    name: 'publishNote',
    load: async () => {
      steps.push('load');
      if (!target) throw notFound('Note', 'note-0');
      return target;
    },
    right: rule<Note>('Only the city of a note may publish it.', ADMIN, {
      role: 'municipality',
      when: (identity, t) => {
        steps.push('right');
        return bound.toCity<Note>((n) => n.cityId)(identity, t);
      },
    }),
    state: (t) => {
      steps.push('state');
      lifecycle.apply(t, 'publish');
    },
    version: {
      of: (t) => {
        steps.push('version');
        return t;
      },
      expected: 1,
    },
    validate: (t) => {
      steps.push('validate');
      if (t.text.trim() === '') throw badInput('The text must not be empty.', 'text');
    },
    change: (t) => {
      steps.push('change');
      t.text = `${t.text} (published)`;
      return t.text;
    },
    ...overrides,
  };
}

async function refusal(promise: Promise<unknown>): Promise<HubError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HubError) return error;
    throw error;
  }
  throw new Error('expected the write to be refused, it went through');
}

const ALL_STEPS = ['transaction', 'load', 'right', 'state', 'version', 'validate', 'change', 'flush', 'commit'];

describe('runWrite, step by step', () => {
  it('runs every step in order inside one transaction, flushes after the change, and returns what change returned', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const target = note();
    expect(await runWrite(ctx, publishNote(target, steps))).toBe('first text (published)');
    expect(steps).toEqual(ALL_STEPS);
    expect(target.status).toBe('PUBLISHED');
  });

  it('awaits an asynchronous change', async () => {
    const { ctx, steps } = harness(who.admin);
    const result = await runWrite(ctx, {
      ...publishNote(note(), steps),
      change: async () => {
        await Promise.resolve();
        steps.push('change');
        return 'done';
      },
    });
    expect(result).toBe('done');
    expect(steps.slice(-3)).toEqual(['change', 'flush', 'commit']);
  });

  it('needs only load, right and change', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const target = note();
    await runWrite(ctx, publishNote(target, steps, { state: undefined, version: undefined, validate: undefined }));
    expect(steps).toEqual(['transaction', 'load', 'right', 'change', 'flush', 'commit']);
    expect(target.status).toBe('DRAFT');
  });

  it('1. an anonymous caller: UNAUTHENTICATED, before the transaction opens', async () => {
    const { ctx, steps } = harness(who.anonymous);
    const error = await refusal(runWrite(ctx, publishNote(note(), steps)));
    expect(error.extensions.code).toBe('UNAUTHENTICATED');
    expect(steps).toEqual([]);
  });

  it('2. a missing target: NOT_FOUND, before the right is asked', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const error = await refusal(runWrite(ctx, publishNote(null, steps)));
    expect(error.extensions.code).toBe('NOT_FOUND');
    expect(steps).toEqual(['transaction', 'load']);
  });

  it('3. no right on the target: FORBIDDEN with the refusal, before the state is checked', async () => {
    const { ctx, steps } = harness(who.bergen);
    const target = note();
    const error = await refusal(runWrite(ctx, publishNote(target, steps)));
    expect(error.extensions.code).toBe('FORBIDDEN');
    expect(error.message).toBe('Only the city of a note may publish it.');
    expect(steps).toEqual(['transaction', 'load', 'right']);
    expect(target.status).toBe('DRAFT');
  });

  it('4. an illegal state: CONFLICT, before the version is checked', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const error = await refusal(runWrite(ctx, publishNote(note({ status: 'PUBLISHED' }), steps)));
    expect(error.extensions.code).toBe('CONFLICT');
    expect(steps).toEqual(['transaction', 'load', 'right', 'state']);
  });

  it('5. a stale version: CONFLICT, before the input is validated', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const error = await refusal(runWrite(ctx, publishNote(note({ version: 4 }), steps)));
    expect(error.extensions.code).toBe('CONFLICT');
    expect(error.message).toContain('at version 4, not 1');
    expect(steps).toEqual(['transaction', 'load', 'right', 'state', 'version']);
  });

  it('5. the version of the record the write names is checked, not the target itself', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const parent = note({ id: 'parent', version: 9 });
    const error = await refusal(runWrite(ctx, publishNote(note(), steps, { version: { of: () => parent, expected: 1 } })));
    expect(error.message).toContain('at version 9');
  });

  it('5. no expected version: not checked', async () => {
    for (const expected of [null, undefined]) {
      const { ctx, steps } = harness(who.trondheim);
      await runWrite(ctx, publishNote(note({ version: 5 }), steps, { version: { of: (t) => t, expected } }));
      expect(steps).toEqual(['transaction', 'load', 'right', 'state', 'validate', 'change', 'flush', 'commit']);
    }
  });

  it('6. invalid input: BAD_USER_INPUT naming the field, before anything changes', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const target = note({ text: '  ' });
    const error = await refusal(runWrite(ctx, publishNote(target, steps)));
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe('text');
    expect(steps).toEqual(['transaction', 'load', 'right', 'state', 'version', 'validate']);
    expect(target.text).toBe('  ');
  });

  it('6. an asynchronous validation is awaited before the change', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const write = publishNote(note(), steps, {
      validate: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        steps.push('validate');
        throw badInput('The city is not in the network.', 'cityId');
      },
    });
    const error = await refusal(runWrite(ctx, write));
    expect(error.extensions.field).toBe('cityId');
    expect(steps).toEqual(['transaction', 'load', 'right', 'state', 'version', 'validate']);
  });

  it('7. a change that throws is not flushed, and its error goes out unchanged', async () => {
    const { ctx, steps } = harness(who.trondheim);
    const thrown = conflict('A record with the same unique value already exists.');
    const error = await refusal(
      runWrite(ctx, {
        ...publishNote(note(), steps),
        change: () => {
          throw thrown;
        },
      }),
    );
    expect(error).toBe(thrown);
    expect(steps).toEqual(['transaction', 'load', 'right', 'state', 'version', 'validate']);
  });

  it("hands each step the transaction's EntityManager, not the request's", async () => {
    const { ctx, tx, steps } = harness(who.trondheim);
    const seen: unknown[] = [];
    await runWrite(ctx, {
      ...publishNote(note(), steps),
      load: async (em, c) => {
        seen.push(em, c);
        return note();
      },
      validate: (_t, em) => {
        seen.push(em);
      },
      change: (_t, em) => {
        seen.push(em);
        return '';
      },
    });
    expect(seen).toEqual([tx, ctx, tx, tx]);
    expect(seen[0]).toBe(tx);
    expect(seen[1]).toBe(ctx);
    expect(seen[2]).toBe(tx);
    expect(seen[3]).toBe(tx);
    expect(steps).not.toContain('flush outside the transaction');
  });

  it('tells the transaction which write it belongs to and who writes (currentWrite)', async () => {
    const { ctx, tx, steps } = harness(who.trondheim);
    const seen: unknown[] = [];
    expect(currentWrite(tx)).toBeUndefined();
    await runWrite(ctx, {
      ...publishNote(note(), steps),
      load: async (em) => {
        seen.push(currentWrite(em));
        return note();
      },
      change: (_t, em) => {
        seen.push(currentWrite(em));
        return '';
      },
    });
    expect(seen).toEqual([
      { name: 'publishNote', identity: who.trondheim },
      { name: 'publishNote', identity: who.trondheim },
    ]);
    expect(currentWrite(ctx.em)).toBeUndefined();
  });
});
