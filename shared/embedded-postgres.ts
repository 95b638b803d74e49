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
  stop(): Promise<void>;
}

type WorkerMessage = { type: 'ready' } | { type: 'stopped' } | { type: 'error'; message: string };

export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  const path = dataDir ? resolve(dataDir) : null;
  if (path) mkdirSync(path, { recursive: true });
  const socketDir = mkdtempSync(join(tmpdir(), 'hub-pg-'));
  const port = 5432;
  // a new database starts from the result of one initdb (shared/embedded-template.ts)
  const template = path && existsSync(join(path, 'PG_VERSION')) ? undefined : await embeddedTemplate().catch(() => undefined);
  const worker = new Worker(join(__dirname, 'embedded-postgres-worker.js'), {
    workerData: { dataDir: path, socketPath: join(socketDir, `.s.PGSQL.${port}`), template },
  });
  const next = () =>
    new Promise<WorkerMessage>((resolveMessage, reject) => {
      worker.once('message', resolveMessage);
      worker.once('error', reject);
    });
  const started = await next();
  if (started.type !== 'ready') {
    if (template) discardEmbeddedTemplate();
    await worker.terminate();
    rmSync(socketDir, { recursive: true, force: true });
    throw new Error(`The embedded database did not start: ${'message' in started ? started.message : started.type}`);
  }
  return {
    socketDir,
    port,
    async stop() {
      const stopped = next();
      worker.postMessage('stop');
      await stopped;
      await worker.terminate();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}
