// Tests that run the hub as a child process (`node dist/bin/start.js`) need dist/: build it once per
// run when it is missing or older than the sources (a clean clone, or after an edit).
const { execFileSync } = require('node:child_process');
const { existsSync, readdirSync, statSync } = require('node:fs');
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
  const marker = join(root, 'dist', 'bin', 'start.js');
  const sources = Math.max(...['bin', 'shared', 'gateway', 'subgraphs'].map((d) => newestSource(join(root, d))));
  if (existsSync(marker) && statSync(marker).mtimeMs >= sources) return;
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
};
