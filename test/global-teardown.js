// Removes this run's templates (test/test-databases.ts): the folder of embedded data directory
// tarballs, and the template databases on the DATABASE_URL server; and the databases of the shared
// test hubs (test/hub-pool.ts), which a jest worker leaves when it exits.
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
    // the templates, and the databases of the hubs the workers still held when they exited
    const patterns = [`${prefix}_tpl_${tag}_%`, `${prefix}_${tag}_%`].map((p) => p.toLowerCase().replace(/_/g, '\\_'));
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE ANY($1)', [patterns]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
};
