// Runs the embedded PostgreSQL databases (PGlite) of a process and their socket servers in one
// worker thread: the WASM engines then work beside the event loop of the hub, and load natively even
// under a test runner's VM. One thread for all of them, not one each: every thread holds its own
// isolate and its own compiled copy of the 9 MB engine, about 43 MB, which four subgraphs paid four
// times. The engines stay apart (a database, a data directory and a socket each); only their thread
// is shared, and a query of one database waits while another runs, as it would for a core.
const fs = require('node:fs');
const path = require('node:path');
const { parentPort } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');
const { NodeFS } = require('@electric-sql/pglite/nodefs');
const { PGLiteSocketServer } = require('@electric-sql/pglite-socket');
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm');

/**
 * PGlite on Node starts Postgres with `-F` (fsync off), and the Emscripten file system under it
 * (NODEFS) has no fsync: data reaches the OS page cache only, which survives the death of the
 * process but not of the machine. This file system gives NODEFS a real fsync(2); with `-F` dropped
 * and `wal_sync_method=fsync`, Postgres itself then flushes the WAL to disk before it reports a
 * commit, and the data files at each checkpoint, exactly as a server does.
 */
class DurableNodeFS extends NodeFS {
  /** fsync(2) calls this database made. */
  fsyncs = 0;

  async init(pg, options) {
    const result = await super.init(pg, options);
    const preRun = result.emscriptenOpts.preRun || [];
    result.emscriptenOpts.preRun = [
      ...preRun,
      (mod) => {
        const ops = mod.FS.filesystems.NODEFS.stream_ops;
        ops.fsync = (stream) => {
          if (stream.nfd === undefined || stream.nfd === null) return 0;
          try {
            fs.fsyncSync(stream.nfd);
            this.fsyncs += 1;
            return 0;
          } catch (error) {
            // some file systems refuse fsync on a directory; anything else is a real I/O error,
            // which Postgres must see (it then stops rather than acknowledge lost writes)
            if (error.code === 'EINVAL' || error.code === 'EISDIR' || error.code === 'EBADF') return 0;
            throw new mod.FS.ErrnoError(29);
          }
        };
      },
    ];
    return result;
  }
}

/** fsyncs every file and folder under `dir` (once, after initdb wrote them without syncing). */
function syncTree(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) syncTree(full);
    else if (entry.isFile()) syncPath(full);
  }
  syncPath(dir);
}

function syncPath(target) {
  const fd = fs.openSync(target, 'r');
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (error.code !== 'EINVAL' && error.code !== 'EISDIR') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Postgres keeps its own page cache (shared_buffers, 128 MB by default) inside the engine's WASM
 * memory, which never shrinks: four engines held 1.5 GB. 16 MB (2048 pages of 8 kB) holds the
 * working set of a city network; on disk the operating system caches the rest, in memory the
 * pages are in memory anyway. With it the whole `npm start` settles at about half the memory.
 */
const SETTINGS = ['-c', 'shared_buffers=2048'];

async function open({ dataDir, fsync, template }) {
  // a new database loads the tarball of a fresh cluster instead of running initdb again; pg_trgm
  // serves the trigram indexes of name searches (shared/indexes.ts)
  const fromTemplate = { extensions: { pg_trgm }, ...(template ? { loadDataDir: new Blob([template]) } : {}) };
  const startParams = [...PGlite.defaultStartParams, ...SETTINGS];
  if (!dataDir) return PGlite.create({ ...fromTemplate, startParams });
  if (!fsync) return PGlite.create(dataDir, { ...fromTemplate, startParams });
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const db = await PGlite.create({
    fs: new DurableNodeFS(dataDir),
    startParams: [...startParams.filter((p) => p !== '-F'), '-c', 'wal_sync_method=fsync'],
    ...fromTemplate,
  });
  if (fresh) {
    syncTree(dataDir);
    syncPath(path.dirname(dataDir));
  }
  return db;
}

/**
 * A plain-SQL dump of one schema (pg_dump compiled to WASM, run on this very PGlite instance). The
 * caller holds the database's only pooled connection meanwhile, so no transaction of the hub runs
 * in this single-session engine during the dump. pg_dump leaves settings behind in the session;
 * they are reset before the hub's connection is given back.
 */
async function dump(db, schema) {
  const { pgDump } = require('@electric-sql/pglite-tools/pg_dump');
  const saved = (await db.query('SHOW search_path')).rows[0].search_path;
  try {
    const file = await pgDump({ pg: db, args: ['--schema', schema, '--no-owner', '--no-privileges', '--rows-per-insert=200'] });
    return await file.text();
  } finally {
    await db.exec(`RESET ALL; SET search_path TO ${saved}`);
  }
}

/** The databases this thread runs, by the id their process gave them. */
const databases = new Map();

async function start({ db: key, dataDir, socketPath, fsync, template }) {
  const db = await open({ dataDir, fsync, template });
  try {
    const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 1 });
    await server.start();
    databases.set(key, { db, server });
  } catch (error) {
    await db.close().catch(() => {});
    throw error;
  }
}

async function stop(key) {
  const entry = databases.get(key);
  if (!entry) return;
  databases.delete(key);
  try {
    await entry.server.stop();
  } finally {
    await entry.db.close();
  }
}

const reply = (id, result, transfer) => parentPort.postMessage({ id, ok: true, result }, transfer);

parentPort.on('message', async (message) => {
  const { id, op } = message;
  try {
    if (op === 'start') return reply(id, await start(message));
    if (op === 'stop') return reply(id, await stop(message.db));
    const entry = databases.get(message.db);
    if (!entry) throw new Error(`No embedded database ${message.db} runs here`);
    const { db } = entry;
    if (op === 'dump') return reply(id, await dump(db, message.schema));
    if (op === 'snapshot') {
      await db.exec('CHECKPOINT');
      const tarball = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
      return reply(id, tarball, [tarball.buffer]);
    }
    if (op === 'stats') {
      const settings = await db.query(
        "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'wal_sync_method', 'synchronous_commit')",
      );
      return reply(id, {
        fsyncs: db.fs instanceof DurableNodeFS ? db.fs.fsyncs : 0,
        settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
      });
    }
    throw new Error(`Unknown operation ${op}`);
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: String((error && error.stack) || error) });
  }
});
