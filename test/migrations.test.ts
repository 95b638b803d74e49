import { openDatabase, schemaDrift } from '../shared/database';
import { SUBGRAPHS } from '../subgraphs';

/** Tables come from migrations only; this fails when an entity changes without a migration. */
describe.each(SUBGRAPHS.map((s) => [s.name, s] as const))('the %s migrations', (_name, definition) => {
  test('create exactly the tables the entities declare, and run again as a no-op', async () => {
    const url = process.env.DATABASE_URL;
    const db = await openDatabase({ subgraph: definition.name, entities: definition.entities, migrations: definition.migrations, dataDir: ':memory:', url: url ? await scratchDatabase(url) : undefined });
    try {
      expect(await schemaDrift(db)).toBe('');
      expect(await db.orm.getMigrator().getPendingMigrations()).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

async function scratchDatabase(serverUrl: string) {
  const { Client } = await import('pg');
  const name = `hub_migrations_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  cleanups.push(async () => {
    const admin = new Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});
