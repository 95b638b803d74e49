import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../shared/paths';

const SOURCE_FOLDERS = ['shared', 'gateway', 'subgraphs', 'bin'];

/**
 * The start scripts run the build in dist/ (made by `npm ci`, or `npm run build`) without compiling.
 * When a source file changed after that build, say so: the change is not running yet.
 */
export function warnIfStaleBuild(root = PROJECT_ROOT) {
  const built = statSync(join(root, 'dist', '.tsbuildinfo'), { throwIfNoEntry: false })?.mtimeMs;
  if (built === undefined) return; // not a checkout built by tsc (e.g. a container image)
  for (const folder of SOURCE_FOLDERS) {
    let files: string[];
    try {
      files = readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' });
    } catch {
      continue; // no sources here (an image that ships only dist/)
    }
    const changed = files.find((file) => /\.(ts|js)$/.test(file) && statSync(join(root, folder, file)).mtimeMs > built);
    if (changed) {
      console.warn(`Note: ${folder}/${changed} changed after the last build; run \`npm run build\` to run the change.`);
      return;
    }
  }
}
