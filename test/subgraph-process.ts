import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../shared/paths';
import { TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './helpers';

/** A free TCP port on 127.0.0.1 (the subgraph entry point does not take port 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The compiled subgraph entry point (`npm run build`), compiled once here if dist/ is missing. */
export function subgraphEntryPoint() {
  const entry = join(PROJECT_ROOT, 'dist', 'bin', 'start-subgraph.js');
  if (!existsSync(entry)) {
    const built = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
      cwd: PROJECT_ROOT,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('npm run build failed');
  }
  return entry;
}

export interface SubgraphProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts one subgraph in its own process (so that a test can freeze it with SIGSTOP), on a free
 * port, with an embedded database in memory or the given server database, and the sample data.
 */
export async function startSubgraphProcess(name: string, databaseUrl?: string): Promise<SubgraphProcess> {
  const port = await freePort();
  const prefix = name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
  const child = spawn(process.execPath, [subgraphEntryPoint(), name], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      HUB_HOST: '127.0.0.1',
      HUB_DATA_DIR: ':memory:',
      HUB_SEED: 'auto',
      HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      HUB_JWT_SECRET: TEST_JWT_SECRET,
      [`${prefix}_PORT`]: String(port),
      ...(databaseUrl ? { [`${prefix}_DATABASE_URL`]: databaseUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Subgraph \S+: (http:\/\/\S+\/graphql)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`subgraph ${name} exited with ${code}:\n${output}`)));
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
