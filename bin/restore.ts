import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { readBackup, restoreToDataDir, restoreToServer } from '../shared/backup';
import { ConfigError, databaseSpecs, envPrefix, optionalUrl, readEnv } from '../shared/config';
import { DataDirectoryInUse } from '../shared/data-lock';
import { SUBGRAPHS } from '../subgraphs';

/**
 * `npm run restore -- <backup folder> [--subgraph cities ...]`: loads a backup into the PostgreSQL
 * server of DATABASE_URL (or <SUBGRAPH>_DATABASE_URL), each subgraph into its own schema; without
 * one, into new embedded databases under HUB_DATA_DIR (no hub may run on it). The target must not
 * hold that subgraph's tables yet.
 */
async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { subgraph: { type: 'string', multiple: true } } });
  if (positionals.length !== 1) throw new ConfigError('Usage: npm run restore -- <backup folder> [--subgraph <name> ...]');
  const env = readEnv({
    ...databaseSpecs,
    ...Object.fromEntries(SUBGRAPHS.map((s) => [`${envPrefix(s.name)}_DATABASE_URL`, optionalUrl({ default: undefined })])),
  }) as unknown as Record<string, string | undefined> & { HUB_DATA_DIR: string };
  const dumps = readBackup(positionals[0], values.subgraph);
  const urlOf = (subgraph: string) => env[`${envPrefix(subgraph)}_DATABASE_URL`] ?? env.DATABASE_URL;
  const toServer = Object.keys(dumps).filter((name) => urlOf(name));
  const toDataDir = Object.keys(dumps).filter((name) => !urlOf(name));
  const log = (line: string) => console.error(line);
  if (toServer.length) await restoreToServer(Object.fromEntries(toServer.map((n) => [n, dumps[n]])), (n) => urlOf(n)!, log);
  if (toDataDir.length) {
    if (env.HUB_DATA_DIR === ':memory:') throw new ConfigError('Set DATABASE_URL or an on-disk HUB_DATA_DIR to restore into.');
    await restoreToDataDir(Object.fromEntries(toDataDir.map((n) => [n, dumps[n]])), env.HUB_DATA_DIR, log);
  }
  console.log(
    `Restored ${Object.keys(dumps).join(', ')}${toServer.length ? ' into the PostgreSQL server' : ''}${toDataDir.length ? ` into ${env.HUB_DATA_DIR}/` : ''}.`,
  );
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError || error instanceof DataDirectoryInUse ? error.message : `Restore failed: ${(error as Error).message}`,
  );
  process.exit(1);
});
