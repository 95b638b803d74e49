// Tests that run the hub as a child process (`node dist/bin/start.js`) need dist/: build it once per
// run when it is missing or older than the sources (a clean clone, or after an edit).
const { execFileSync } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { existsSync, mkdtempSync, readdirSync, statSync, utimesSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const root = join(__dirname, '..');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|js)$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

module.exports = async () => {
  // this run's templates (test/test-databases.ts): the workers, forked after this, inherit the names
  process.env.INTERCITY_TEST_RUN = randomBytes(4).toString('hex');
  process.env.INTERCITY_TEST_RUN_DIR = mkdtempSync(join(tmpdir(), `intercity-hub-test-${process.env.INTERCITY_TEST_RUN}-`));
  const marker = join(root, 'dist', 'bin', 'start.js');
  const sources = Math.max(...['bin', 'shared', 'gateway', 'subgraphs'].map((d) => newestSource(join(root, d))));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  try {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch (error) {
    // tsc emits even when it finds type errors (`npm run build`, run by `npm ci`, is the type check);
    // only a build that left nothing to run stops the tests
    if (!existsSync(marker)) throw error;
    console.warn(`[global-setup] tsc reported type errors; the tests run the emitted build:\n${String(error.stdout).slice(0, 2000)}`);
  }
  // tsc is incremental (tsconfig's tsBuildInfoFile): it rewrites only the files that changed, so
  // the marker is touched to say the build is current
  const now = new Date();
  utimesSync(marker, now, now);
};
