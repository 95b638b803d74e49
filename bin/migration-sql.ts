import 'reflect-metadata';
import { openDatabase, schemaDrift } from '../shared/database';
import { SUBGRAPHS } from '../subgraphs';

/**
 * `npm run migration:sql -- cities` prints the SQL that takes a subgraph's tables from what its
 * migrations create to what its entities declare: review it and commit it as the next migration.
 */
async function main() {
  const name = process.argv[2];
  const definition = SUBGRAPHS.find((s) => s.name === name);
  if (!definition) throw new Error(`Name a subgraph: one of ${SUBGRAPHS.map((s) => s.name).join(', ')}.`);
  const db = await openDatabase({
    subgraph: definition.name,
    entities: definition.entities,
    migrations: definition.migrations,
    dataDir: ':memory:',
  });
  try {
    console.log((await schemaDrift(db)) || '-- nothing to do: the migrations match the entities');
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
