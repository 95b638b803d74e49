import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { discardEmbeddedTemplate, embeddedTemplate } from './embedded-template';
import { rootLogger } from './logger';

/**
 * An embedded PostgreSQL (PGlite, Postgres compiled to WASM), reached through Unix sockets so that
 * the same `pg` driver and MikroORM code runs on it as on a real server. One engine holds the
 * schemas of every subgraph of a hub: each subgraph attaches a socket of its own, whose connections
 * work in its schema. PGlite is a single session; the engine's thread hands it from one connection
 * to the next between transactions (shared/embedded-postgres-worker.js), so each client keeps one
 * pooled connection.
 */
export interface EmbeddedPostgres {
  /** A socket whose connections work in `schema` (their search_path), on this engine. */
  attach(schema: string): Promise<EmbeddedSocket>;
  /** A plain-SQL dump (pg_dump) of one schema, made between two transactions of the connections. */
  dump(schema: string): Promise<string>;
  /** fsync(2) calls made so far, and the durability settings Postgres runs with. */
  stats(): Promise<{ fsyncs: number; settings: Record<string, string> }>;
  /** The whole data directory as a tarball (after a checkpoint), for `startFrom` of another engine. */
  snapshot(): Promise<Uint8Array>;
  stop(): Promise<void>;
}

export interface EmbeddedSocket {
  /** Folder holding the Unix socket (pass as `host` to pg). */
  socketDir: string;
  port: number;
  /** Closes the socket and its connections (a transaction one of them left open is rolled back). */
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /**
   * Flush the WAL to disk (fsync) before a commit is acknowledged, and the data files at each
   * checkpoint (default true). Off: a commit survives the death of the process, not of the machine.
   */
  fsync?: boolean;
  /**
   * In memory only: start from this data directory tarball (a `snapshot()`) instead of a fresh
   * cluster. The tests start each file's engine from one that was migrated and seeded once.
   */
  startFrom?: Uint8Array;
  /**
   * How long a connection may hold the engine's one session inside a transaction without sending a
   * statement while other connections wait, before it is closed and its transaction rolled back
   * (default 30 s; a server's idle_in_transaction_session_timeout).
   */
  idleInTransactionMs?: number;
}

type Reply =
  | { id: number; ok: true; result?: unknown }
  | { id: number; ok: false; message: string }
  | { id?: undefined; event: 'warning'; message: string };

/**
 * The worker thread that runs every embedded engine of this process (shared/embedded-postgres-worker.js),
 * started with the first engine and ended with the last, so that nothing keeps a finished process alive.
 */
interface Host {
  worker: Worker;
  call<T>(op: string, extra?: Record<string, unknown>): Promise<T>;
  engines: number;
}

let host: Host | null = null;
let nextEngine = 0;

function openHost(): Host {
  if (host) return host;
  // the thread's own JavaScript only passes messages along: a young generation of 4 MB (instead of
  // V8's default, several times larger) holds its short-lived buffers, for 0.02 GB less RSS and the
  // same throughput (npm run bench:memory, bench:load)
  const worker = new Worker(join(__dirname, 'embedded-postgres-worker.js'), { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', (reply: Reply) => {
    if (reply.id === undefined) return rootLogger().warn(reply.message);
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(new Error(reply.message));
  });
  let ended: Error | null = null;
  const opened: Host = {
    worker,
    engines: 0,
    call: <T>(op: string, extra: Record<string, unknown> = {}) =>
      new Promise<T>((resolveCall, reject) => {
        if (ended) return reject(ended);
        const id = ++nextId;
        pending.set(id, { resolve: resolveCall as (value: unknown) => void, reject });
        worker.postMessage({ id, op, ...extra });
      }),
  };
  worker.on('error', (error) => {
    if (host === opened) host = null;
    ended ??= error;
    failAll(error);
  });
  worker.on('exit', (code) => {
    if (host === opened) host = null;
    ended ??= new Error(`The embedded databases' thread ended (exit code ${code})`);
    failAll(ended);
  });
  host = opened;
  return opened;
}

/** An engine of the host is gone: the last one ends the thread. */
async function release(opened: Host) {
  opened.engines -= 1;
  if (opened.engines > 0) return;
  if (host === opened) host = null;
  await opened.worker.terminate();
}

export async function startEmbeddedPostgres(dataDir: string | null, options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const path = dataDir ? resolve(dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  // a new engine starts from the result of one initdb (shared/embedded-template.ts)
  if (options.startFrom && path) throw new Error('startFrom is for an in-memory embedded database');
  const template =
    options.startFrom ?? (path && existsSync(join(path, 'PG_VERSION')) ? undefined : await embeddedTemplate().catch(() => undefined));
  const db = ++nextEngine;
  const running = openHost();
  running.engines += 1;
  try {
    await running.call('start', {
      db,
      dataDir: path,
      fsync: options.fsync ?? true,
      template,
      idleInTransactionMs: options.idleInTransactionMs ?? 30_000,
    });
  } catch (error) {
    if (template && !options.startFrom) discardEmbeddedTemplate();
    await release(running);
    throw new Error(`The embedded database did not start: ${(error as Error).message}`);
  }
  const sockets = new Set<EmbeddedSocket>();
  let stopped: Promise<void> | null = null;
  return {
    async attach(schema) {
      const socketDir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
      const port = 5432;
      const socketPath = join(socketDir, `.s.PGSQL.${port}`);
      try {
        await running.call('attach', { db, schema, socketPath });
      } catch (error) {
        rmSync(socketDir, { recursive: true, force: true });
        throw error;
      }
      let closed: Promise<void> | null = null;
      const socket: EmbeddedSocket = {
        socketDir,
        port,
        close() {
          closed ??= (async () => {
            sockets.delete(socket);
            try {
              await running.call('detach', { db, socketPath });
            } finally {
              rmSync(socketDir, { recursive: true, force: true });
            }
          })();
          return closed;
        },
      };
      sockets.add(socket);
      return socket;
    },
    dump: (schema) => running.call<string>('dump', { db, schema }),
    stats: () => running.call('stats', { db }),
    snapshot: () => running.call<Uint8Array>('snapshot', { db }),
    stop() {
      stopped ??= (async () => {
        try {
          for (const socket of [...sockets]) await socket.close().catch(() => undefined);
          await running.call('stop', { db });
        } finally {
          await release(running);
        }
      })();
      return stopped;
    },
  };
}
