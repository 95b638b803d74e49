import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { backupDataDir, writeBackup } from '../shared/backup';
import { ConfigError, databaseSpecs, readEnv } from '../shared/config';
import { DataDirectoryInUse } from '../shared/data-lock';
import { SUBGRAPHS } from '../subgraphs';

/**
 * `npm run backup [-- --out <folder>]`: a consistent dump of every subgraph's embedded database in
 * HUB_DATA_DIR, made by the running hub when one runs (through its control socket), else by this
 * command under the data directory's lock. Writes <subgraph>.sql and manifest.json.
 */
async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const env = readEnv(databaseSpecs) as unknown as { HUB_DATA_DIR: string; DATABASE_URL?: string };
  if (env.HUB_DATA_DIR === ':memory:') throw new ConfigError('HUB_DATA_DIR is :memory:, there is nothing on disk to back up.');
  const out = values.out ?? `backups/hub-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const dumps = await backupDataDir(
    env.HUB_DATA_DIR,
    SUBGRAPHS.map((s) => s.name),
    (line) => console.error(line),
  );
  if (Object.keys(dumps).length === 0) throw new ConfigError(`No embedded database in ${env.HUB_DATA_DIR} to back up.`);
  writeBackup(out, dumps, env.HUB_DATA_DIR);
  const sizes = Object.entries(dumps).map(([name, sql]) => `${name} ${(Buffer.byteLength(sql) / 1024).toFixed(0)} KiB`);
  console.log(`Backup written to ${out}/ (${sizes.join(', ')})`);
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError || error instanceof DataDirectoryInUse ? error.message : `Backup failed: ${(error as Error).message}`,
  );
  process.exit(1);
});
