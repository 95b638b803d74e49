import { createHash } from 'node:crypto';
import { chmodSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The local control channel of a process that owns a data directory: a Unix socket (mode 0600, so
 * only the same user can connect) through which `npm run backup` asks the running hub for a dump,
 * since the hub alone may touch its PGlite files. One JSON line in, one JSON line out.
 */
export type ControlRequest = { op: 'backup' };
export type ControlHandler = (request: ControlRequest) => Promise<unknown>;

/** `<dir>/hub.sock`, or a folder-specific name in the temp folder when that path is too long for a socket. */
export function controlSocketPath(dir: string): string {
  const inDir = join(resolve(dir), 'hub.sock');
  if (Buffer.byteLength(inDir) < 100) return inDir;
  return join(tmpdir(), `intercity-hub-${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16)}.sock`);
}

export interface ControlServer {
  path: string;
  close(): Promise<void>;
}

export async function serveControl(path: string, handler: ControlHandler): Promise<ControlServer> {
  // the caller owns the data directory's lock: a socket file left here is a dead owner's
  try {
    unlinkSync(path);
  } catch {
    /* none */
  }
  const server: Server = createServer((socket) => {
    let input = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      input += chunk;
      const end = input.indexOf('\n');
      if (end < 0) {
        if (input.length > 4096) socket.destroy();
        return;
      }
      let request: ControlRequest;
      try {
        request = JSON.parse(input.slice(0, end));
      } catch {
        socket.end(JSON.stringify({ ok: false, error: 'not a JSON request' }) + '\n');
        return;
      }
      handler(request).then(
        (result) => socket.end(JSON.stringify({ ok: true, result }) + '\n'),
        (error: Error) => socket.end(JSON.stringify({ ok: false, error: error.message }) + '\n'),
      );
    });
    socket.on('error', () => socket.destroy());
  });
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolveListen());
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
      }),
  };
}

/** Sends one request to a control socket and returns its result (or throws its error). */
export function requestControl<T>(path: string, request: ControlRequest): Promise<T> {
  return new Promise<T>((resolveRequest, reject) => {
    const socket = createConnection(path);
    let output = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(JSON.stringify(request) + '\n'));
    socket.on('data', (chunk: string) => (output += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      try {
        const reply = JSON.parse(output) as { ok: boolean; result?: T; error?: string };
        if (reply.ok) resolveRequest(reply.result as T);
        else reject(new Error(reply.error ?? 'the hub refused the request'));
      } catch {
        reject(new Error('the hub closed its control channel without an answer'));
      }
    });
  });
}
