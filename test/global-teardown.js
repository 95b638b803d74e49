// Removes this run's templates (test/test-databases.ts): the folder of embedded data directory
// tarballs, and the template databases on the DATABASE_URL server.
const { rmSync } = require('node:fs');
const { Client } = require('pg');

module.exports = async () => {
  const tag = process.env.INTERCITY_TEST_RUN;
  if (process.env.INTERCITY_TEST_RUN_DIR) rmSync(process.env.INTERCITY_TEST_RUN_DIR, { recursive: true, force: true });
  if (!tag || !process.env.DATABASE_URL) return;
  const prefix = process.env.HUB_TEST_DB_PREFIX ?? 'hub_test';
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const pattern = `${prefix}_tpl_${tag}_%`.toLowerCase().replace(/_/g, '\\_');
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [pattern]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
};
