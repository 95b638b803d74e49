import type { Database } from '../shared/database';

/**
 * The sample data of a running test hub, kept beside it so that the next test file of the same
 * jest worker can start from it again (test/hub-pool.ts): every table of a subgraph's schema is
 * copied into `<schema>__seed` once, and restoring empties the live tables and copies them back,
 * sequences included, on the hub's own connection. Cheaper than a new database by far, and the
 * same SQL on the server and on PGlite.
 */
const copyOf = (schema: string) => `${schema}__seed`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** The subgraph's tables, but not the migrations it ran: those stay as they are. */
const tablesOf = (schema: string) => `SELECT tablename FROM pg_tables WHERE schemaname = ${literal(schema)} AND tablename <> 'migrations'`;

export async function copySeed(database: Database): Promise<void> {
  const live = literal(database.schema);
  const copy = literal(copyOf(database.schema));
  await database.orm.em.getConnection().execute(`DO $$
DECLARE t text;
BEGIN
  EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', ${copy});
  EXECUTE format('CREATE SCHEMA %I', ${copy});
  FOR t IN ${tablesOf(database.schema)} LOOP
    EXECUTE format('CREATE TABLE %I.%I AS TABLE %I.%I', ${copy}, t, ${live}, t);
  END LOOP;
  EXECUTE format('CREATE TABLE %I.sequences__ AS SELECT sequencename AS name, last_value FROM pg_sequences WHERE schemaname = %L', ${copy}, ${live});
END $$`);
}

export async function restoreSeed(database: Database): Promise<void> {
  const live = literal(database.schema);
  const copy = literal(copyOf(database.schema));
  await database.orm.em.getConnection().execute(`DO $$
DECLARE t text; cols text; s record;
BEGIN
  -- the copy is whole: no foreign key needs checking, no trigger firing
  SET LOCAL session_replication_role = replica;
  EXECUTE (SELECT 'TRUNCATE ' || string_agg(format('%I.%I', ${live}, tablename), ', ') FROM (${tablesOf(database.schema)}) tables);
  FOR t IN ${tablesOf(database.schema)} LOOP
    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) INTO cols FROM pg_attribute
      WHERE attrelid = format('%I.%I', ${live}, t)::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '';
    EXECUTE format('INSERT INTO %I.%I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %I.%I', ${live}, t, cols, cols, ${copy}, t);
  END LOOP;
  FOR s IN EXECUTE format('SELECT name, last_value FROM %I.sequences__', ${copy}) LOOP
    PERFORM setval(format('%I.%I', ${live}, s.name), coalesce(s.last_value, 1), s.last_value IS NOT NULL);
  END LOOP;
END $$`);
}
