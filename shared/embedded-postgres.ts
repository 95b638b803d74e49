import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { discardEmbeddedTemplate, embeddedTemplate } from './embedded-template';

/**
 * An embedded PostgreSQL (PGlite, Postgres compiled to WASM) behind a Unix socket, so the same
 * `pg` driver and MikroORM code runs on it as on a real server. PGlite is a single session: the
 * socket multiplexes connections onto it and interleaves their transactions (pglite issue 1046),
 * so each embedded database gets exactly one pooled connection, and every subgraph its own database.
 */
export interface EmbeddedPostgres {
  /** Folder holding the Unix socket (pass as `host` to pg). */
  socketDir: string;
  port: number;
  /**
   * A plain-SQL dump (pg_dump) of one schema. The caller must keep every client of this database
   * idle meanwhile (hold the only pooled connection): PGlite is a single session.
   */
  dump(schema: string): Promise<string>;
  /** fsync(2) calls made so far, and the durability settings Postgres runs with. */
  stats(): Promise<{ fsyncs: number; settings: Record<string, string> }>;
  /**
   * The whole data directory as a tarball (after a checkpoint), for `startFrom` of another
   * database. The caller keeps every client of this database idle meanwhile.
   */
  snapshot(): Promise<Uint8Array>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /**
   * Flush the WAL to disk (fsync) before a commit is acknowledged, and the data files at each
   * checkpoint (default true). Off: a commit survives the death of the process, not of the machine.
   */
  fsync?: boolean;
  /**
   * In memory only: start from this data directory tarball (a `snapshot()`) instead of a fresh
   * cluster. The tests start each file's databases from one that was migrated and seeded once.
   */
  startFrom?: Uint8Array;
}

type Reply = { id: number; ok: true; result?: unknown } | { id: number; ok: false; message: string };
type StartMessage = { type: 'ready' } | { type: 'error'; message: string };

export async function startEmbeddedPostgres(dataDir: string | null, options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  const path = dataDir ? resolve(dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const socketDir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  const port = 5432;
  // a new database starts from the result of one initdb (shared/embedded-template.ts)
  if (options.startFrom && path) throw new Error('startFrom is for an in-memory embedded database');
  const template =
    options.startFrom ?? (path && existsSync(join(path, 'PG_VERSION')) ? undefined : await embeddedTemplate().catch(() => undefined));
  const worker = new Worker(join(__dirname, 'embedded-postgres-worker.js'), {
    workerData: { dataDir: path, socketPath: join(socketDir, `.s.PGSQL.${port}`), fsync: options.fsync ?? true, template },
  });
  const started = await new Promise<StartMessage>((resolveMessage, reject) => {
    worker.once('message', resolveMessage);
    worker.once('error', reject);
  }).catch((error: Error) => ({ type: 'error' as const, message: error.message }));
  if (started.type !== 'ready') {
    if (template && !options.startFrom) discardEmbeddedTemplate();
    await worker.terminate();
    rmSync(socketDir, { recursive: true, force: true });
    throw new Error(`The embedded database did not start: ${started.message}`);
  }
  let nextId = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  worker.on('message', (reply: Reply) => {
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (reply.ok) waiting.resolve(reply.result);
    else waiting.reject(new Error(reply.message));
  });
  worker.on('error', (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  });
  const call = <T>(op: string, extra: Record<string, unknown> = {}) =>
    new Promise<T>((resolveCall, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolveCall as (value: unknown) => void, reject });
      worker.postMessage({ id, op, ...extra });
    });
  let stopped: Promise<void> | null = null;
  return {
    socketDir,
    port,
    dump: (schema) => call<string>('dump', { schema }),
    stats: () => call('stats'),
    snapshot: () => call<Uint8Array>('snapshot'),
    stop() {
      stopped ??= (async () => {
        try {
          await call('stop');
        } finally {
          await worker.terminate();
          rmSync(socketDir, { recursive: true, force: true });
        }
      })();
      return stopped;
    },
  };
}
