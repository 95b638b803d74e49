import { Entity, Property, type Opt } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { createContext, type HubContext } from '../../shared/context';
import { openDatabase, type Database } from '../../shared/database';
import { HubEntity } from '../../shared/entity';
import { badInput, HubError } from '../../shared/errors';
import { ANONYMOUS, type Identity } from '../../shared/identity';
import { Lifecycle } from '../../shared/lifecycle';
import { getLive } from '../../shared/lookup';
import { ADMIN, bound, rule } from '../../shared/permissions';
import { currentWrite, runWrite, type Write } from '../../shared/write';

/**
 * runWrite on a real database (an in-memory embedded PostgreSQL, one per file): the order of the
 * steps, the code each failing step answers with, and that a failed write leaves nothing behind.
 * write.test.ts checks the same order without a database; StrykerJS runs that one only (starting a
 * database for each mutant would make the mutation run last an hour).
 */

type NoteStatus = 'DRAFT' | 'PUBLISHED';

@Entity({ tableName: 'note' })
class Note extends HubEntity {
  @Property({ type: 'string' })
  text!: string;

  @Property({ type: 'string' })
  status: Opt<NoteStatus> = 'DRAFT';

  @Property({ type: 'string', nullable: true })
  cityId: string | null = null;
}

class CreateNotes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "note" ("id" uuid not null, "created_at" timestamptz(3) not null default now(), "updated_at" timestamptz(3) not null default now(), "deleted_at" timestamptz(3) null, "version" int not null default 1, "text" varchar(255) not null, "status" varchar(255) not null, "city_id" varchar(255) null, constraint "note_pkey" primary key ("id"));`,
    );
  }
}

const lifecycle = new Lifecycle<NoteStatus, 'publish'>('Note', { publish: { from: ['DRAFT'], to: 'PUBLISHED' } });

const TRONDHEIM = 'city-trondheim';
const who = {
  anonymous: ANONYMOUS,
  admin: { subject: 'admin-1', roles: ['admin'] },
  trondheim: { subject: 'muni-1', roles: ['municipality'], cityId: TRONDHEIM },
  bergen: { subject: 'muni-2', roles: ['municipality'], cityId: 'city-bergen' },
} satisfies Record<string, Identity>;

let db: Database;
const contextOf = (identity: Identity): HubContext => createContext(db.fork(), identity, 'en');

beforeAll(async () => {
  db = await openDatabase({
    subgraph: 'write_unit',
    entities: [Note],
    migrations: [{ name: 'CreateNotes', class: CreateNotes }],
    dataDir: ':memory:',
  });
}, 60_000);
afterAll(() => db?.close());

async function note(text = 'first text', status: NoteStatus = 'DRAFT'): Promise<Note> {
  const em = db.fork();
  const created = em.create(Note, { text, status, cityId: TRONDHEIM });
  await em.flush();
  return created;
}

/** The note as the database has it now, read by a fresh EntityManager. */
const stored = (id: string) => db.fork().findOne(Note, { id });
const count = () => db.fork().count(Note, {});

/**
 * A write on one note whose every step records that it ran (the right records through its
 * binding), so a test sees which steps ran and in which order.
 */
function publishNote(id: string, steps: string[], overrides: Partial<Write<Note, Note>> = {}): Write<Note, Note> {
  return {
    name: 'publishNote',
    load: async (em) => {
      steps.push('load');
      return getLive(em, Note, id);
    },
    right: rule<Note>('Only the city of a note may publish it.', ADMIN, {
      role: 'municipality',
      when: (identity, target) => {
        steps.push('right');
        return bound.toCity<Note>((n) => n.cityId)(identity, target);
      },
    }),
    state: (target) => {
      steps.push('state');
      lifecycle.apply(target, 'publish');
    },
    version: {
      of: (target) => {
        steps.push('version');
        return target;
      },
      expected: 1,
    },
    validate: (target) => {
      steps.push('validate');
      if (target.text.trim() === '') throw badInput('The text must not be empty.', 'text');
    },
    change: (target) => {
      steps.push('change');
      target.text = `${target.text} (published)`;
      return target;
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

describe('runWrite', () => {
  it('runs load, right, state, version, validate and change in this order, then commits', async () => {
    const { id } = await note();
    const steps: string[] = [];
    const result = await runWrite(contextOf(who.trondheim), publishNote(id, steps));
    expect(steps).toEqual(['load', 'right', 'state', 'version', 'validate', 'change']);
    expect(result.text).toBe('first text (published)');
    const after = await stored(id);
    expect(after?.status).toBe('PUBLISHED');
    expect(after?.text).toBe('first text (published)');
    expect(after?.version).toBe(2);
  });

  it('returns what change returns, awaited', async () => {
    const { id } = await note();
    const result = await runWrite(contextOf(who.admin), {
      name: 'countNote',
      load: (em) => getLive(em, Note, id),
      right: rule<Note>('No.', ADMIN),
      change: async (target) => {
        await Promise.resolve();
        return { id: target.id, answer: 42 };
      },
    });
    expect(result).toEqual({ id, answer: 42 });
  });

  it('needs only load, right and change', async () => {
    const { id } = await note();
    const steps: string[] = [];
    await runWrite(contextOf(who.trondheim), publishNote(id, steps, { state: undefined, version: undefined, validate: undefined }));
    expect(steps).toEqual(['load', 'right', 'change']);
    expect((await stored(id))?.text).toBe('first text (published)');
    expect((await stored(id))?.status).toBe('DRAFT');
  });

  describe('the code of each failing step, and the steps that then do not run', () => {
    it('1. anonymous caller: UNAUTHENTICATED, before anything is loaded', async () => {
      const { id } = await note();
      const steps: string[] = [];
      const error = await refusal(runWrite(contextOf(who.anonymous), publishNote(id, steps)));
      expect(error.extensions.code).toBe('UNAUTHENTICATED');
      expect(steps).toEqual([]);
      expect((await stored(id))?.status).toBe('DRAFT');
    });

    it('2. target missing: NOT_FOUND, before the right is asked', async () => {
      const steps: string[] = [];
      const error = await refusal(runWrite(contextOf(who.trondheim), publishNote('9b2f4b8e-6a0c-4d8e-9c57-3f1f8f0a7c11', steps)));
      expect(error.extensions.code).toBe('NOT_FOUND');
      expect(steps).toEqual(['load']);
    });

    it('3. no right on the target: FORBIDDEN with the rule’s refusal, before the state is checked', async () => {
      const { id } = await note();
      const steps: string[] = [];
      const error = await refusal(runWrite(contextOf(who.bergen), publishNote(id, steps)));
      expect(error.extensions.code).toBe('FORBIDDEN');
      expect(error.message).toBe('Only the city of a note may publish it.');
      expect(steps).toEqual(['load', 'right']);
      expect((await stored(id))?.status).toBe('DRAFT');
    });

    it('4. illegal state: CONFLICT, before the version is checked', async () => {
      const { id } = await note('already out', 'PUBLISHED');
      const steps: string[] = [];
      const error = await refusal(runWrite(contextOf(who.trondheim), publishNote(id, steps)));
      expect(error.extensions.code).toBe('CONFLICT');
      expect(error.message).toContain('cannot publish');
      expect(steps).toEqual(['load', 'right', 'state']);
    });

    it('5. stale version: CONFLICT, before the input is validated', async () => {
      const { id } = await note();
      const steps: string[] = [];
      const write = publishNote(id, steps);
      const error = await refusal(runWrite(contextOf(who.trondheim), { ...write, version: { ...write.version!, expected: 7 } }));
      expect(error.extensions.code).toBe('CONFLICT');
      expect(error.message).toContain('not 7');
      expect(steps).toEqual(['load', 'right', 'state', 'version']);
      expect((await stored(id))?.status).toBe('DRAFT');
    });

    it('5. no expected version: not checked', async () => {
      for (const expected of [null, undefined]) {
        const { id } = await note();
        const steps: string[] = [];
        const write = publishNote(id, steps);
        await runWrite(contextOf(who.trondheim), { ...write, version: { ...write.version!, expected } });
        expect(steps).toEqual(['load', 'right', 'state', 'version', 'validate', 'change']);
      }
    });

    it('6. invalid input: BAD_USER_INPUT naming the field, before anything changes', async () => {
      const { id } = await note('   ');
      const steps: string[] = [];
      const error = await refusal(runWrite(contextOf(who.trondheim), publishNote(id, steps)));
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.extensions.field).toBe('text');
      expect(steps).toEqual(['load', 'right', 'state', 'version', 'validate']);
    });

    it('6. an asynchronous validation is awaited', async () => {
      const { id } = await note();
      const steps: string[] = [];
      const write = publishNote(id, steps, {
        validate: async () => {
          await Promise.resolve();
          throw badInput('The city is not in the network.', 'cityId');
        },
      });
      const error = await refusal(runWrite(contextOf(who.trondheim), write));
      expect(error.extensions.field).toBe('cityId');
      expect(steps).toEqual(['load', 'right', 'state', 'version']);
      expect((await stored(id))?.status).toBe('DRAFT');
    });
  });

  describe('one transaction', () => {
    it('leaves nothing of a failed write behind, even what it had already flushed', async () => {
      const { id } = await note();
      const before = await count();
      const error = await refusal(
        runWrite(contextOf(who.trondheim), {
          ...publishNote(id, []),
          change: async (target, em) => {
            target.text = 'changed, then rolled back';
            em.create(Note, { text: 'a second note, rolled back', cityId: TRONDHEIM });
            await em.flush();
            throw badInput('Refused after the flush.', 'text');
          },
        }),
      );
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(await count()).toBe(before);
      const after = await stored(id);
      expect(after?.text).toBe('first text');
      expect(after?.status).toBe('DRAFT');
      expect(after?.version).toBe(1);
    });

    it('rolls back a state change when a later step refuses', async () => {
      const { id } = await note();
      const write = publishNote(id, []);
      await refusal(runWrite(contextOf(who.trondheim), { ...write, version: { ...write.version!, expected: 3 } }));
      expect((await stored(id))?.status).toBe('DRAFT');
    });

    it('flushes the change itself: change need not flush', async () => {
      const { id } = await note();
      const before = await count();
      await runWrite(contextOf(who.admin), {
        name: 'copyNote',
        load: (em) => getLive(em, Note, id),
        right: rule<Note>('No.', ADMIN),
        change: (target, em) => em.create(Note, { text: `copy of ${target.text}`, cityId: target.cityId }),
      });
      expect(await count()).toBe(before + 1);
    });

    it('hands every step the one transactional EntityManager, and tells it which write it belongs to', async () => {
      const { id } = await note();
      const ctx = contextOf(who.trondheim);
      const seen: EntityManager[] = [];
      const infos: unknown[] = [];
      await runWrite(ctx, {
        name: 'inspectNote',
        load: (em, c) => {
          expect(c).toBe(ctx);
          seen.push(em);
          infos.push(currentWrite(em));
          return getLive(em, Note, id);
        },
        right: rule<Note>('No.', { role: 'municipality' }),
        validate: (_target, em) => {
          seen.push(em);
        },
        change: (_target, em) => {
          seen.push(em);
          infos.push(currentWrite(em));
          expect(em.isInTransaction()).toBe(true);
        },
      });
      expect(seen[0]).not.toBe(ctx.em);
      expect(seen[1]).toBe(seen[0]);
      expect(seen[2]).toBe(seen[0]);
      expect(infos).toEqual([
        { name: 'inspectNote', identity: who.trondheim },
        { name: 'inspectNote', identity: who.trondheim },
      ]);
      expect(currentWrite(ctx.em)).toBeUndefined();
    });
  });
});
