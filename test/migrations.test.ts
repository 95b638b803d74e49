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
