import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checkout's root (the folder with package.json), from source or from the compiled dist/. */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

export const PROJECT_ROOT = findRoot(__dirname);
export const SCHEMA_DIR = join(PROJECT_ROOT, 'schema');
export const SUPERGRAPH_PATH = join(SCHEMA_DIR, 'supergraph.graphql');
/** The client-facing API schema (the supergraph as clients see it), and the last release's copy. */
export const API_SCHEMA_PATH = join(SCHEMA_DIR, 'api.graphql');
export const RELEASED_API_SCHEMA_PATH = join(SCHEMA_DIR, 'api.released.graphql');
