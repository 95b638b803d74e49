import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, schemaDrift } from '../shared/database';
import { SUBGRAPHS } from '../subgraphs';
import { createScratchDatabase } from './helpers';

/** Tables come from migrations only; this fails when an entity changes without a migration. */
describe.each(SUBGRAPHS.map((s) => [s.name, s] as const))('the %s migrations', (_name, definition) => {
  test('create exactly the tables the entities declare, and run again as a no-op', async () => {
    const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : null;
    const db = await openDatabase({
      subgraph: definition.name,
      entities: definition.entities,
      migrations: definition.migrations,
      dataDir: ':memory:',
      url: scratch?.url,
    });
    try {
      expect(await schemaDrift(db)).toBe('');
      expect(await db.orm.getMigrator().getPendingMigrations()).toEqual([]);
    } finally {
      await db.close();
      await scratch?.drop();
    }
  });
});

test('an agenda stored with positions keeps its order when the meetings migrations move it to ranks', async () => {
  const meetings = SUBGRAPHS.find((s) => s.name === 'meetings')!;
  const scratch = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : null;
  const dataDir = scratch ? undefined : mkdtempSync(join(tmpdir(), 'hub-migration-'));
  const open = (migrations: typeof meetings.migrations) =>
    openDatabase({ subgraph: 'meetings', entities: meetings.entities, migrations, dataDir, url: scratch?.url });
  const rank = meetings.migrations.findIndex((m) => m.name === 'Migration20261203150000MeetingsAgendaRank');
  try {
    const before = await open(meetings.migrations.slice(0, rank));
    const connection = before.orm.em.getConnection();
    await connection.execute(
      `insert into "meeting" ("id", "created_at", "updated_at", "network_id", "title", "status", "organiser_ids", "sort_at")
       values ('00000000-0000-4000-8000-000000000001', now(), now(), '00000000-0000-4000-8000-0000000000aa', '{}', 'DRAFT', '{a}', now())`,
    );
    const item = (id: number, position: number, parent: number | null) =>
      connection.execute(
        `insert into "agenda_item" ("id", "created_at", "updated_at", "meeting_id", "parent_id", "number", "position", "kind", "title", "speaker_data")
         values ('00000000-0000-4000-8000-00000000000${id}', now(), now(), '00000000-0000-4000-8000-000000000001',
                 ${parent === null ? 'null' : `'00000000-0000-4000-8000-00000000000${parent}'`}, '${position}', ${position}, 'SPEECH', '{}', '[]')`,
      );
    await item(2, 2, null);
    await item(3, 1, null);
    await item(4, 1, 2);
    await before.close();
    const after = await open(meetings.migrations);
    try {
      const rows = await after.orm.em
        .getConnection()
        .execute(`select right("id"::text, 1) as id, "rank" from "agenda_item" order by "parent_id" nulls first, "rank"`);
      expect(rows).toEqual([
        { id: '3', rank: 1 },
        { id: '2', rank: 2 },
        { id: '4', rank: 1 },
      ]);
    } finally {
      await after.close();
    }
  } finally {
    await scratch?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
});
