import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from './paths';

/**
 * A freshly initialised embedded cluster, as a tarball that PGlite loads (`loadDataDir`).
 *
 * initdb is by far the most expensive step of creating an embedded database (several seconds of
 * CPU, each time); loading its result takes a fraction of that. So initdb runs once, in a worker,
 * and every new embedded database of the process (on disk or in memory) starts from its result.
 * The tarball is also kept in node_modules/.cache, keyed by the PGlite version, so that later
 * processes (the next test file, a new data directory) skip initdb altogether; `npm ci` clears it.
 */
let template: Promise<Uint8Array> | null = null;

const pgliteVersion = (): string => {
  try {
    return JSON.parse(readFileSync(join(PROJECT_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
};

const cacheFile = () => join(PROJECT_ROOT, 'node_modules', '.cache', 'intercity-hub', `pglite-${pgliteVersion()}-initdb.tar`);

function readCache(): Uint8Array | null {
  try {
    const bytes = readFileSync(cacheFile());
    return bytes.length > 0 ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) : null;
  } catch {
    return null;
  }
}

function writeCache(bytes: Uint8Array) {
  try {
    const file = cacheFile();
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    renameSync(partial, file); // atomic: a reader never sees half a file
  } catch {
    // a read-only installation (a container image): the next process runs initdb again
  }
}

function runInitdb(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'embedded-postgres-template-worker.js'));
    worker.once('message', (message: { type: 'template'; bytes: Uint8Array } | { type: 'error'; message: string }) => {
      void worker.terminate();
      if (message.type === 'template') resolve(message.bytes);
      else reject(new Error(`The embedded database could not be initialised: ${message.message}`));
    });
    worker.once('error', reject);
  });
}

/** Lets go of the template after its last use (a timer that holds no reference to its 40 MB). */
let release: NodeJS.Timeout | null = null;

/** The initdb tarball: from this process's memory, the cache, or a new initdb (at most one at a time). */
export function embeddedTemplate(): Promise<Uint8Array> {
  template ??= (async () => {
    const cached = readCache();
    if (cached) return cached;
    const bytes = await runInitdb();
    writeCache(bytes);
    return bytes;
  })();
  const current = template;
  // let go of the 40 MB once the databases starting now have it
  current.then(
    () => {
      if (release) clearTimeout(release);
      release = setTimeout(releaseEmbeddedTemplate, 30_000).unref();
    },
    () => template === current && (template = null),
  );
  return current;
}

/**
 * Lets go of the template now (the hub does once its databases are open: a first start would
 * otherwise hold its 40 MB for another 30 s); a later new database reads the cache file again.
 */
export function releaseEmbeddedTemplate() {
  template = null;
  if (release) clearTimeout(release);
  release = null;
}

/** Forgets a template that PGlite could not load (a damaged cache file), so the next call runs initdb. */
export function discardEmbeddedTemplate() {
  releaseEmbeddedTemplate();
  try {
    writeFileSync(cacheFile(), '');
  } catch {
    // nothing cached
  }
}
