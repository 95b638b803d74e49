// Runs one embedded PostgreSQL (PGlite) and its socket server in a worker thread: the WASM engine
// then works beside the event loop of the hub, and loads natively even under a test runner's VM.
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm');

async function main() {
  // pg_trgm: the trigram indexes of name searches (shared/indexes.ts)
  const options = { extensions: { pg_trgm } };
  const db = workerData.dataDir ? await PGlite.create(workerData.dataDir, options) : await PGlite.create(options);
  const server = new PGLiteSocketServer({ db, path: workerData.socketPath, maxConnections: 1 });
  await server.start();
  parentPort.on('message', async (message) => {
    if (message !== 'stop') return;
    await server.stop();
    await db.close();
    parentPort.postMessage({ type: 'stopped' });
  });
  parentPort.postMessage({ type: 'ready' });
}

main().catch((error) => parentPort.postMessage({ type: 'error', message: String((error && error.stack) || error) }));
