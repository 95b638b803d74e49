// The test environment: jest's node environment, test hubs shared by the test files of a worker,
// and a worker process that leaves as soon as it has nothing left to do.
//
// Shared hubs: booting, migrating and seeding a hub is most of a test file's cost. A jest worker
// loads test/hub-pool.ts (from dist/, which test/global-setup.js keeps current) once, outside the
// files' module sandboxes, and each file's startTestHub (test/helpers.ts) borrows a hub from it,
// with the sample data restored, instead of starting its own. Only in a worker process: a run in
// band (one file, or `jest -i`) starts each file's hubs as before.
//
// Exit: at the end of a run jest tells each worker process to end, and kills it (printing "A worker
// process has failed to exit gracefully") unless it has exited 500 ms later. A worker still holds
// its shared hubs then (servers, pools, PGlite threads), and a natural exit would tear a heap of
// several hundred MB down page by page; so a worker exits at once when jest tells it to end (the
// kernel frees the memory, the server drops its connections, and test/global-teardown.js drops the
// run's databases), and at 'beforeExit' when its event loop emptied earlier.
const { join } = require('node:path');
const { TestEnvironment } = require('jest-environment-node');

const installed = Symbol.for('intercity-hub.test.exit-when-idle');
const isJestWorker = typeof process.send === 'function' && /jest-worker/.test(process.argv[1] ?? '');
const CHILD_MESSAGE_END = 2; // jest-worker's "end" message
if (isJestWorker && !process[installed]) {
  process[installed] = true;
  process.once('beforeExit', () => process.exit());
  process.on('message', (message) => {
    if (Array.isArray(message) && message[0] === CHILD_MESSAGE_END) process.exit(0);
  });
}

let pool = null;
const hubPool = () => (pool ??= require(join(__dirname, '..', 'dist', 'test', 'hub-pool.js')));

class HubEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.cpuAtStart = process.cpuUsage();
    this.testPath = context.testPath;
    if (isJestWorker && process.env.HUB_TEST_POOL !== 'off') {
      this.global.__intercityHubPool = { acquire: (request) => hubPool().acquire(request) };
    }
  }

  async teardown() {
    // a hub the file did not give back may be mid-request: it is closed, not lent again
    if (pool) await pool.closeBusy();
    await super.teardown();
    // where the suite's time goes: the CPU this worker spent on the file (its threads included)
    if (process.env.INTERCITY_TEST_CPU_LOG) {
      const cpu = process.cpuUsage(this.cpuAtStart);
      require('node:fs').appendFileSync(
        process.env.INTERCITY_TEST_CPU_LOG,
        `${Math.round((cpu.user + cpu.system) / 1000)} ${this.testPath}\n`,
      );
    }
  }
}

module.exports = HubEnvironment;
