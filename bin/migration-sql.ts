import 'reflect-metadata';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { SUBGRAPHS } from '../subgraphs';

/**
 * Prints the SQL that takes a subgraph's tables from what its migrations create to what its entities
 * declare: the body of the next migration (`npm run migration:sql -- cities`), to review and commit.
 */
async function main() {
  const name = process.argv[2];
  const definition = SUBGRAPHS.find((s) => s.name === name);
  if (!definition) throw new Error(`Unknown subgraph "${name}". Known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`);
  const { openDatabase } = await import('../shared/database');
  const db = await openDatabase({ subgraph: definition.name, entities: definition.entities, migrations: definition.migrations, dataDir: ':memory:' });
  const sql = await db.orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
  console.log(sql);
  await db.close();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
void MikroORM;
void PostgreSqlDriver;
