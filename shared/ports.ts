import { createServer } from 'node:net';
import { ConfigError } from './config';
import { DataDirectoryInUse } from './data-lock';

/**
 * Checks, before anything slow starts, that every port a process is about to listen on is free, so
 * that a port already in use stops start-up with one line naming its variable, e.g.
 * "HUB_GATEWAY_PORT: port 4000 is already in use". Port 0 (any free port) is always fine.
 */
export async function assertPortsFree(host: string, ports: Record<string, number>) {
  const seen = new Map<number, string>();
  for (const [variable, port] of Object.entries(ports)) {
    const other = seen.get(port);
    if (port !== 0 && other) throw new ConfigError(`${variable}: port ${port} is also ${other}; give each its own port`);
    seen.set(port, variable);
  }
  for (const [variable, port] of Object.entries(ports)) {
    if (port === 0) continue;
    const problem = await tryListen(host, port);
    if (problem === 'EADDRINUSE') throw new ConfigError(`${variable}: port ${port} is already in use`);
    if (problem === 'EACCES') throw new ConfigError(`${variable}: port ${port} needs privileges this process does not have`);
  }
}

function tryListen(host: string, port: number): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** A listen error (EADDRINUSE after the check, a race) as one line naming the variable, when known. */
export function describeListenError(error: unknown, ports: Record<string, number>): string | null {
  const e = error as NodeJS.ErrnoException & { port?: number };
  if (e?.code !== 'EADDRINUSE' && e?.code !== 'EACCES') return null;
  const variable = Object.entries(ports).find(([, port]) => port === e.port)?.[0];
  const what = e.code === 'EADDRINUSE' ? 'is already in use' : 'needs privileges this process does not have';
  return `${variable ? `${variable}: ` : ''}port ${e.port} ${what}`;
}

/**
 * How a start script ends when it cannot start: a refused setting, a port in use or a data directory
 * owned by another process is one line naming what to change (no stack trace); anything else is a
 * fault of the hub and is printed whole.
 */
export function exitOnStartFailure(error: unknown, ports: Record<string, number>): never {
  const known = error instanceof ConfigError || error instanceof DataDirectoryInUse ? error.message : describeListenError(error, ports);
  console.error(known === null ? error : known.replace(/\s*\n\s*/g, ' '));
  process.exit(1);
}
