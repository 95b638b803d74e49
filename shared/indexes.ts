/**
 * Index SQL written once, used twice: by an entity's `@Index({ name, expression })` (so the schema
 * check of test/migrations.test.ts knows the index) and by the migration that creates it.
 *
 * Keyset pagination reads `order by <key> <dir>, id asc`: `keysetIndex` declares the index in that
 * exact order, so a page is an index range scan however large the table is. `trigramIndex` makes
 * `ILIKE '%text%'` / `LIKE '%text%'` name searches use a GIN trigram index (pg_trgm).
 */
export function keysetIndex(name: string, table: string, columns: string[]): string {
  return `create index "${name}" on "${table}" (${columns.join(', ')})`;
}

/**
 * pg_trgm lives in one schema per database while each subgraph has its own schema (and search
 * path): the extension is created in `public` unless it already exists elsewhere, and the operator
 * class is named with the schema the extension is in. Subgraphs sharing one database migrate side
 * by side, so creating the extension is serialised by a transaction-scoped advisory lock (two
 * concurrent `create extension if not exists` collide on pg_extension's unique index). The embedded
 * database loads pg_trgm too (shared/embedded-postgres-worker.js).
 */
export function trigramIndex(name: string, table: string, column: string): string {
  return `do $$ declare s text; begin
  perform pg_advisory_xact_lock(hashtext('intercity-hub:pg_trgm'));
  create extension if not exists pg_trgm with schema public;
  select n.nspname into s from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm';
  execute format('create index "${name}" on "${table}" using gin ("${column}" %I.gin_trgm_ops)', s);
end $$`;
}

/** What a foreign key does when the row it refers to is deleted: a plain target table cascades. */
type ForeignKeyTarget = string | [table: string, onDelete: 'cascade' | 'set null'];

/**
 * A migration's foreign keys as MikroORM names and writes them (`<table>_<column>_foreign`, on update
 * cascade), by table and column, e.g. `{ membership: { city_id: 'city' }, network: { secretariat_id:
 * ['organisation', 'set null'] } }` — in the order given.
 */
export function foreignKeys(keys: Record<string, Record<string, ForeignKeyTarget>>): string[] {
  return Object.entries(keys).flatMap(([table, columns]) =>
    Object.entries(columns).map(([column, target]) => {
      const [references, onDelete] = typeof target === 'string' ? [target, 'cascade'] : target;
      return `alter table "${table}" add constraint "${table}_${column}_foreign" foreign key ("${column}") references "${references}" ("id") on update cascade on delete ${onDelete};`;
    }),
  );
}

/** The `(updated_at, id)` index of each table, which the change feed's keyset pages read. */
export const updatedAtIndexes = (tables: string[]): string[] =>
  tables.map((table) => `create index "${table}_updated_at_id_index" on "${table}" ("updated_at", "id");`);
