import 'reflect-metadata';
import { ConfigError } from '../shared/config';
import { hubOptionsFromEnv, startHub } from '../gateway/hub';

/** `npm start`: the embedded databases, every subgraph and the gateway, in one process. */
async function main() {
  const options = hubOptionsFromEnv();
  console.log(options.databaseUrl ? 'Using the PostgreSQL server in DATABASE_URL.' : `Using embedded PostgreSQL (PGlite) in ${options.dataDir}/.`);
  const hub = await startHub(options);
  for (const [name, running] of Object.entries(hub.subgraphs)) {
    console.log(`  subgraph ${name.padEnd(13)} ${running.server.url}${running.database.created ? '  (new database, sample data loaded)' : ''}`);
  }
  console.log(`\nIntercity Hub is running: ${hub.url}\nReadiness: ${hub.url.replace(/\/graphql$/, '/ready')}`);
  const stop = async () => {
    console.log('Stopping…');
    await hub.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
