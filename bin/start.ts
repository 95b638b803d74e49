import 'reflect-metadata';
import { ConfigError } from '../shared/config';
import { hubOptionsFromEnv, startHub } from '../gateway/hub';
import { DataDirectoryInUse } from '../shared/data-lock';
import { exitOnSignals } from '../shared/shutdown';

/** `npm start`: the embedded databases, every subgraph and the gateway, in one process. */
async function main() {
  const options = hubOptionsFromEnv();
  console.log(options.databaseUrl ? 'Using the PostgreSQL server in DATABASE_URL.' : `Using embedded PostgreSQL (PGlite) in ${options.dataDir}/.`);
  const hub = await startHub(options);
  for (const [name, running] of Object.entries(hub.subgraphs)) {
    console.log(`  subgraph ${name.padEnd(13)} ${running.server.url}${running.database.created ? '  (new database, sample data loaded)' : ''}`);
  }
  console.log(`\nIntercity Hub is running: ${hub.url}\nReadiness: ${hub.url.replace(/\/graphql$/, '/ready')}`);
  exitOnSignals(() => hub.close());
}

main().catch((error) => {
  console.error(error instanceof ConfigError || error instanceof DataDirectoryInUse ? error.message : error);
  process.exit(1);
});
