// Runs one embedded PostgreSQL (PGlite) and its socket server in a worker thread: the WASM engine
// then works beside the event loop of the hub, and loads natively even under a test runner's VM.
const { parentPort, workerData } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');

async function main() {
  // a new database loads the tarball of a fresh cluster instead of running initdb again
  const options = workerData.template ? { loadDataDir: new Blob([workerData.template]) } : {};
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
