// Runs the embedded PostgreSQL engines (PGlite) of a process and their sockets in one worker thread:
// the WASM engines then work beside the event loop of the hub, and load natively even under a test
// runner's VM. A hub runs one engine for all its subgraphs (each in its schema, behind a socket of
// its own): every engine holds its own WASM memory and page cache, about 31 MB, which four engines
// paid four times. A subgraph started alone, and the tools, run engines of their own on this thread.
const fs = require('node:fs');
const path = require('node:path');
const { parentPort } = require('node:worker_threads');
const { PGlite } = require('@electric-sql/pglite');
const { NodeFS } = require('@electric-sql/pglite/nodefs');
const net = require('node:net');
const { PGLiteSocketHandler } = require('@electric-sql/pglite-socket');
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
 * A plain-SQL dump of one schema (pg_dump compiled to WASM, run on this very PGlite instance),
 * between two transactions of the engine's connections (SessionQueue.exclusive). pg_dump leaves its
 * read-only transaction open and its settings behind in the session, which it shares with the
 * connections: both are ended here (or every later write would fail as read-only), and the next
 * connection sets its search_path again.
 */
async function dump(db, schema) {
  const { pgDump } = require('@electric-sql/pglite-tools/pg_dump');
  try {
    const file = await pgDump({ pg: db, args: ['--schema', schema, '--no-owner', '--no-privileges', '--rows-per-insert=200'] });
    return await file.text();
  } finally {
    if (db.isInTransaction()) await db.exec('ROLLBACK');
    await db.exec('RESET ALL');
  }
}

const PROTOCOL_3 = 196608;
const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'

/** A startup packet has no type byte: its length (under 16 MB, so a first byte of 0), then the protocol. */
const isStartup = (message) => message.length >= 8 && message[0] === 0 && Buffer.from(message).readInt32BE(4) === PROTOCOL_3;

/**
 * After this message the session may pass to another connection, if no transaction is open: a
 * simple query, the Sync that ends an extended-protocol exchange (Parse/Bind/Execute...), a
 * startup or a goodbye. Between a Parse and its Sync the session stays with the connection that
 * sent them, or another connection's Parse would replace its unnamed statement.
 */
const endsExchange = (message) => message[0] === SYNC || message[0] === QUERY || message[0] === TERMINATE || isStartup(message);

/**
 * The one session of an engine, shared by the connections of every subgraph's socket. PGlite is a
 * single Postgres session; pglite-socket's own queue hands it to the next connection after every
 * message, which interleaves one connection's transaction or extended-protocol exchange with
 * another's (pglite issue 1046), and it knows nothing of schemas. This queue hands the session
 * over only between transactions, and sets the next connection's search_path (its subgraph's
 * schema) when the session changes hands. It has the interface PGLiteSocketHandler expects of
 * pglite-socket's QueryQueueManager.
 */
class SessionQueue {
  constructor(db, idleInTransactionMs) {
    this.db = db;
    /**
     * How long a connection may keep the session inside a transaction without sending anything
     * while other connections wait (a server's idle_in_transaction_session_timeout): then it is
     * disconnected and its transaction rolled back, so that one stuck client cannot stop the hub.
     */
    this.idleInTransactionMs = idleInTransactionMs;
    this.idleTimer = null;
    /** the schema and the handler of each connection (by handler id) */
    this.schemas = new Map();
    this.handlers = new Map();
    this.waiting = [];
    /** the connection (handler id) the session belongs to until its transaction ends, or null */
    this.owner = null;
    /** the search_path the session has now (null: unknown) */
    this.searchPath = null;
    this.running = false;
  }

  enqueue(handlerId, message, onData) {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  /** Runs `fn` on the session between two transactions, while no connection has it. */
  exclusive(fn) {
    return new Promise((resolve, reject) => {
      this.waiting.push({ handlerId: null, exclusive: fn, resolve, reject });
      void this.pump();
    });
  }

  next() {
    if (this.owner === null) return this.waiting.shift();
    const index = this.waiting.findIndex((entry) => entry.handlerId === this.owner);
    return index === -1 ? undefined : this.waiting.splice(index, 1)[0];
  }

  /** A connection of `schema`. */
  register(handler, schema) {
    this.schemas.set(handler.handlerId, schema);
    this.handlers.set(handler.handlerId, handler);
  }

  async pump() {
    if (this.running) return;
    this.running = true;
    try {
      for (let entry = this.next(); entry; entry = this.next()) {
        clearTimeout(this.idleTimer);
        this.idleTimer = null;
        if (entry.exclusive) await this.runExclusive(entry);
        else await this.run(entry);
      }
    } finally {
      this.running = false;
    }
    // others wait while the owner of the session sends nothing
    if (this.owner !== null && this.waiting.length > 0 && !this.idleTimer) {
      const owner = this.owner;
      this.idleTimer = setTimeout(() => {
        this.idleTimer = null;
        if (this.owner !== owner || this.waiting.length === 0) return;
        parentPort.postMessage({
          event: 'warning',
          message: `an embedded database connection kept a transaction open for ${this.idleInTransactionMs} ms without a statement while others waited; it was closed and its transaction rolled back`,
        });
        void this.handlers.get(owner)?.detach(true);
      }, this.idleInTransactionMs);
    }
  }

  async runExclusive(entry) {
    try {
      entry.resolve(await entry.exclusive());
    } catch (error) {
      entry.reject(error);
    } finally {
      // it may have changed the session's settings
      this.searchPath = null;
    }
  }

  async run(entry) {
    const { db } = this;
    try {
      if (this.owner === null) {
        this.owner = entry.handlerId;
        const schema = this.schemas.get(entry.handlerId) ?? 'public';
        if (this.searchPath !== schema) {
          await db.exec(`SET search_path TO "${schema.replace(/"/g, '""')}"`);
          this.searchPath = schema;
        }
      }
      let bytes = 0;
      await db.runExclusive(() =>
        db.execProtocolRawStream(entry.message, {
          onRawData: (data) => {
            bytes += data.length;
            entry.onData(data);
          },
        }),
      );
      // a startup may reset the session's settings
      if (isStartup(entry.message)) this.searchPath = null;
      if (endsExchange(entry.message) && !db.isInTransaction()) this.owner = null;
      entry.resolve(bytes);
    } catch (error) {
      if (!db.isInTransaction()) this.owner = null;
      entry.reject(error);
    }
  }

  getQueueLength() {
    return this.waiting.length;
  }

  clearQueueForHandler(handlerId) {
    this.waiting = this.waiting.filter((entry) => {
      if (entry.handlerId !== handlerId) return true;
      entry.reject(new Error('Handler disconnected'));
      return false;
    });
  }

  /** A connection went away: a transaction it left open is rolled back, and the session passes on. */
  async clearTransactionIfNeeded(handlerId) {
    this.schemas.delete(handlerId);
    this.handlers.delete(handlerId);
    if (this.owner !== handlerId) return;
    await this.exclusiveNow(async () => {
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    });
  }

  /** Runs `fn` for the owner that is leaving, before anyone else gets the session. */
  async exclusiveNow(fn) {
    try {
      await fn();
    } finally {
      this.owner = null;
      void this.pump();
    }
  }
}

/** The engines this thread runs, by the id their process gave them. */
const engines = new Map();

const engineOf = (key) => {
  const engine = engines.get(key);
  if (!engine) throw new Error(`No embedded database ${key} runs here`);
  return engine;
};

async function start({ db: key, dataDir, fsync, template, idleInTransactionMs }) {
  const db = await open({ dataDir, fsync, template });
  engines.set(key, { db, queue: new SessionQueue(db, idleInTransactionMs), sockets: new Map() });
}

/** A Unix socket whose connections work in `schema`, on the engine's one session. */
async function attach({ db: key, schema, socketPath }) {
  const engine = engineOf(key);
  const handlers = new Set();
  const server = net.createServer((socket) => {
    const handler = new PGLiteSocketHandler({ queryQueue: engine.queue, closeOnDetach: true });
    engine.queue.register(handler, schema);
    handlers.add(handler);
    const forget = () => handlers.delete(handler);
    handler.addEventListener('close', forget);
    handler.addEventListener('error', forget);
    handler.attach(socket).catch(() => socket.destroy());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  engine.sockets.set(socketPath, { server, handlers });
}

async function detach(engine, socketPath) {
  const socket = engine.sockets.get(socketPath);
  if (!socket) return;
  engine.sockets.delete(socketPath);
  for (const handler of socket.handlers) await handler.detach(true);
  await new Promise((resolve) => socket.server.close(() => resolve()));
}

async function stop(key) {
  const engine = engines.get(key);
  if (!engine) return;
  engines.delete(key);
  try {
    for (const socketPath of [...engine.sockets.keys()]) await detach(engine, socketPath);
  } finally {
    await engine.db.close();
  }
}

const reply = (id, result, transfer) => parentPort.postMessage({ id, ok: true, result }, transfer);

async function snapshot(db) {
  await db.exec('CHECKPOINT');
  return new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
}

async function stats(db) {
  const settings = await db.query("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'wal_sync_method', 'synchronous_commit')");
  return {
    fsyncs: db.fs instanceof DurableNodeFS ? db.fs.fsyncs : 0,
    settings: Object.fromEntries(settings.rows.map((r) => [r.name, r.setting])),
  };
}

parentPort.on('message', async (message) => {
  const { id, op } = message;
  try {
    if (op === 'start') return reply(id, await start(message));
    if (op === 'stop') return reply(id, await stop(message.db));
    // a socket closed after its engine stopped has nothing left to close
    if (op === 'detach') return reply(id, engines.has(message.db) ? await detach(engineOf(message.db), message.socketPath) : undefined);
    const engine = engineOf(message.db);
    if (op === 'attach') return reply(id, await attach(message));
    // these use the session between two transactions of the connections
    const { db, queue } = engine;
    if (op === 'dump') return reply(id, await queue.exclusive(() => dump(db, message.schema)));
    if (op === 'stats') return reply(id, await queue.exclusive(() => stats(db)));
    if (op === 'snapshot') {
      const tarball = await queue.exclusive(() => snapshot(db));
      return reply(id, tarball, [tarball.buffer]);
    }
    throw new Error(`Unknown operation ${op}`);
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: String((error && error.stack) || error) });
  }
});
