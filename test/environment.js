// The test environment: jest's node environment, and a worker process that leaves as soon as it
// has nothing left to do.
//
// At the end of a run jest tells each worker process to end, and kills it (printing "A worker
// process has failed to exit gracefully") unless it has exited 500 ms later. Our workers have no
// handle left open by then (a file's hubs close their servers, pools and PGlite threads), yet a
// natural exit still tears the V8 heap down page by page: a worker that ran a few test files holds
// about 250 MB of heap (each file loads the hub anew) and 900 MB of memory, and freeing them takes
// 150-400 ms on an idle machine and more than 500 ms on a busy one. process.exit() skips that
// teardown (the kernel frees the memory at once), so a worker whose event loop has emptied exits
// at 'beforeExit'. This keeps the check meaningful: a worker that still has a handle open (a
// server, a socket, a timer, a thread) never reaches 'beforeExit', and jest still reports it
// (.ci/run prints a warning on that message).
const { TestEnvironment } = require('jest-environment-node');

const installed = Symbol.for('intercity-hub.test.exit-when-idle');
const isJestWorker = typeof process.send === 'function' && /jest-worker/.test(process.argv[1] ?? '');
if (isJestWorker && !process[installed]) {
  process[installed] = true;
  process.once('beforeExit', () => process.exit());
}

module.exports = TestEnvironment;
