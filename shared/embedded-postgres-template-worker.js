// Makes a freshly initialised PGlite cluster (initdb) in memory and sends it back as a tarball.
const { parentPort } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');

async function main() {
  const db = await PGlite.create();
  const dump = await db.dumpDataDir('none');
  await db.close();
  const bytes = new Uint8Array(await dump.arrayBuffer());
  parentPort.postMessage({ type: 'template', bytes }, [bytes.buffer]);
}

main().catch((error) => parentPort.postMessage({ type: 'error', message: String((error && error.stack) || error) }));
