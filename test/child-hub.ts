import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mintToken } from '../shared/identity';
import { PROJECT_ROOT } from '../shared/paths';
import { postGraphQL, TEST_INTERNAL_SECRET, TEST_JWT_SECRET } from './helpers';

/**
 * The hub (or one of its commands) as a real child process, `node dist/bin/<script>.js`, on its own
 * ports. dist/ is built by the jest global setup.
 */
export interface Child {
  process: ChildProcess;
  pid: number;
  output(): string;
  /** What it wrote to stderr. */
  errors(): string;
  /** Resolves with the exit code (or the signal's name) once the process ended. */
  exited: Promise<number | string>;
}

/**
 * The variables `npm start` sets before it runs `node dist/bin/start.js` (package.json's start
 * script: the C library's allocator settings), so that a child hub runs as `npm start` does.
 */
function startScriptEnv(): Record<string, string> {
  const script = (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const assignments = /^((?:\w+=\S*\s+)*)node /.exec(script)?.[1] ?? '';
  return Object.fromEntries(
    assignments
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  );
}

export function run(script: string, args: string[], env: Record<string, string | undefined>): Child {
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'bin', `${script}.js`), ...args], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      ...(script === 'start' ? startScriptEnv() : {}),
      DATABASE_URL: undefined,
      HUB_JWT_SECRET: TEST_JWT_SECRET,
      HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
      NODE_ENV: 'development',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => {
    output += chunk;
    errors += chunk;
  });
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { process: child, pid: child.pid!, output: () => output, errors: () => errors, exited };
}

// Fixed ports (a restarted hub keeps its addresses), kept below Linux's ephemeral range (32768 and up):
// there, any outgoing connection or port-0 server of another test could hold one first.
let nextPorts = 20000 + Math.floor(Math.random() * 1000) * 10;

export interface ChildHub extends Child {
  url: string;
  ports: Record<string, string>;
}

/** Starts `npm start`'s process on `dataDir` and waits until it serves (or fails). */
export async function startChildHub(dataDir: string, env: Record<string, string> = {}): Promise<ChildHub> {
  const base = (nextPorts += 10);
  const ports = {
    HUB_GATEWAY_PORT: String(base),
    CITIES_PORT: String(base + 1),
    MEETINGS_PORT: String(base + 2),
    FUNDING_PORT: String(base + 3),
    PEER_REVIEWS_PORT: String(base + 4),
  };
  const child = run('start', [], { HUB_DATA_DIR: dataDir, ...ports, ...env });
  const started = await Promise.race([
    (async () => {
      while (!child.output().includes('Intercity Hub is ready')) await new Promise((r) => setTimeout(r, 200));
      return 'running';
    })(),
    child.exited.then((code) => `exited with ${code}`),
  ]);
  if (started !== 'running') throw new Error(`The hub did not start (${started}):\n${child.output()}`);
  return { ...child, url: `http://127.0.0.1:${base}/graphql`, ports };
}

export const adminToken = () => mintToken(TEST_JWT_SECRET, { subject: 'test-admin', roles: ['admin'] });

/**
 * Streams organisation creations through the gateway, `parallel` at a time, until `stop()`; every
 * write the gateway acknowledged (HTTP 200 with the new organisation) is recorded by slug.
 */
export function streamWrites(url: string, token: string, prefix: string, parallel = 4) {
  const acknowledged: string[] = [];
  const failed: string[] = [];
  let sent = 0;
  let stopped = false;
  const writer = async () => {
    while (!stopped) {
      const slug = `${prefix}-${++sent}`;
      try {
        const result = await postGraphQL<{ createOrganisation: { slug: string } }>(
          url,
          'mutation($i: CreateOrganisationInput!) { createOrganisation(input: $i) { slug } }',
          { i: { slug, name: `Durability ${slug}`, kind: 'NGO', countryCode: 'NO' } },
          { token },
        );
        if (result.status === 200 && result.data?.createOrganisation?.slug === slug) acknowledged.push(slug);
        else failed.push(slug);
      } catch {
        failed.push(slug); // connection refused or reset: not acknowledged
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  const writers = Array.from({ length: parallel }, writer);
  return {
    acknowledged,
    failed,
    sent: () => sent,
    async stop() {
      stopped = true;
      await Promise.all(writers);
    },
  };
}

/** The slugs of every organisation whose slug contains `prefix`, read page by page. */
export async function organisationSlugs(url: string, prefix: string): Promise<Set<string>> {
  const slugs = new Set<string>();
  let after: string | null = null;
  for (;;) {
    const result: any = await postGraphQL(
      url,
      'query($s: String!, $a: String) { organisations(search: $s, first: 100, after: $a) { nodes { slug } pageInfo { hasNextPage endCursor } } }',
      { s: prefix, a: after },
    );
    if (result.errors) throw new Error(JSON.stringify(result.errors));
    for (const node of result.data.organisations.nodes) slugs.add(node.slug);
    if (!result.data.organisations.pageInfo.hasNextPage) return slugs;
    after = result.data.organisations.pageInfo.endCursor;
  }
}
