import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ValidatorSpec } from 'envalid';
import { envPrefix, roleSpecs } from '../shared/config';
import { PROJECT_ROOT } from '../shared/paths';
import { SUBGRAPHS } from '../subgraphs';
import { run, type Child } from './child-hub';
import { createScratchDatabase, postGraphQL } from './helpers';

/**
 * One configuration for every way to run the hub: the README's table is the code's declarations
 * (names, defaults, which process reads what), and each of the three entry points refuses a bad
 * value with exit code 1 and exactly one line on stderr naming the variable.
 */

type Role = 'hub' | 'gateway' | 'subgraph';
const declared: Record<Role, Record<string, ValidatorSpec<unknown>>> = {
  hub: roleSpecs.hub(SUBGRAPHS),
  gateway: roleSpecs.gateway(SUBGRAPHS),
  subgraph: Object.assign({}, ...SUBGRAPHS.map((s) => roleSpecs.subgraph(s))),
};

/** Variables read outside envalid, and by whom: the README documents them too. */
const READ_ELSEWHERE: Record<string, { readBy: string[]; where: string }> = {
  NODE_ENV: { readBy: ['hub', 'gateway', 'subgraph'], where: 'shared/secrets.ts' },
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: { readBy: ['hub', 'gateway', 'subgraph'], where: 'the OpenTelemetry exporter' },
  OTEL_EXPORTER_OTLP_HEADERS: { readBy: ['hub', 'gateway', 'subgraph'], where: 'the OpenTelemetry exporter' },
  OTEL_EXPORTER_OTLP_TIMEOUT: { readBy: ['hub', 'gateway', 'subgraph'], where: 'the OpenTelemetry exporter' },
  HUB_ROLE: { readBy: ['container'], where: 'deploy/entrypoint.sh' },
};

interface Row {
  names: string[];
  defaultCell: string;
  readBy: string[];
}

function readmeTable(): Row[] {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration\n'), readme.indexOf('\n## ', readme.indexOf('## Configuration\n') + 1));
  const lines = section.split('\n').filter((line) => line.startsWith('| `'));
  return lines.map((line) => {
    const [names, defaultCell, readBy] = line.split(' | ').map((cell) => cell.replace(/^\| /, ''));
    return {
      names: [...names.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]),
      defaultCell,
      readBy: readBy.split(',').map((r) => r.trim()),
    };
  });
}

test('the README lists every variable the code declares, once, with who reads it', () => {
  const rows = readmeTable();
  const documented = rows.flatMap((row) => row.names);
  expect(documented.length).toBe(new Set(documented).size);
  const inCode = new Set(Object.values(declared).flatMap((specs) => Object.keys(specs)));
  expect([...documented].sort()).toEqual([...inCode, ...Object.keys(READ_ELSEWHERE)].sort());
  for (const row of rows) {
    for (const name of row.names) {
      const expected = READ_ELSEWHERE[name]?.readBy ?? (['hub', 'gateway', 'subgraph'] as Role[]).filter((role) => name in declared[role]);
      expect({ name, readBy: row.readBy }).toEqual({ name, readBy: expected });
    }
  }
  expect(readFileSync(join(PROJECT_ROOT, 'deploy', 'entrypoint.sh'), 'utf8')).toContain('HUB_ROLE');
});

test('the README gives each default the code has: its first value in backticks reads as that default', () => {
  const withDefault: string[] = [];
  for (const row of readmeTable()) {
    for (const name of row.names) {
      const spec = Object.values(declared).find((specs) => name in specs)?.[name] as
        (ValidatorSpec<unknown> & { _parse: (input: string) => unknown }) | undefined;
      if (!spec || spec.default === undefined || spec.default === '') {
        // no default in code: the README says what happens without it, starting with "—"
        if (spec) expect({ name, cell: row.defaultCell.slice(0, 1) }).toEqual({ name, cell: '—' });
        continue;
      }
      withDefault.push(name);
      const first = /`([^`]*)`/.exec(row.defaultCell)?.[1];
      expect({ name, hasValue: first !== undefined }).toEqual({ name, hasValue: true });
      let read = spec._parse(first!);
      if (typeof spec.default === 'string' && isAbsolute(spec.default)) read = resolve(PROJECT_ROOT, first!);
      // HUB_LOG_LEVEL's default is `silent` under the test runner; the README names both
      const defaults = name === 'HUB_LOG_LEVEL' ? ['info', spec.default] : [spec.default];
      expect({ name, read: defaults.some((d) => isDeepStrictEqual(read, d)) }).toEqual({ name, read: true });
    }
  }
  expect(withDefault).toEqual(expect.arrayContaining(['HUB_GATEWAY_PORT', 'CITIES_PORT', 'HUB_TOKEN_MAX_LIFETIME', 'HUB_SUPERGRAPH']));
});

// ---- the entry points, as child processes -------------------------------------------------------

const ENTRY_POINTS: Record<Role, { script: string; args: string[] }> = {
  hub: { script: 'start', args: [] },
  gateway: { script: 'start-gateway', args: [] },
  subgraph: { script: 'start-subgraph', args: ['cities'] },
};

/** Runs an entry point that must refuse to start; resolves with its exit code and stderr. */
async function refused(role: Role, env: Record<string, string>): Promise<{ code: number | string; stderr: string[] }> {
  const { script, args } = ENTRY_POINTS[role];
  // ports of their own, should one start after all (it is killed after a minute)
  const base = 22000 + Math.floor(Math.random() * 900) * 10;
  const ports = Object.fromEntries(
    ['HUB_GATEWAY', ...SUBGRAPHS.map((s) => envPrefix(s.name))].map((p, i) => [`${p}_PORT`, String(base + i)]),
  );
  const child: Child = run(script, args, { HUB_DATA_DIR: ':memory:', ...ports, ...env });
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 60_000);
  const code = await child.exited;
  clearTimeout(timer);
  return {
    code,
    stderr: child
      .errors()
      .split('\n')
      .filter((line) => line !== ''),
  };
}

const BAD: [Role, string, string, RegExp][] = [
  ['hub', 'HUB_GATEWAY_PORT', 'abc', /^HUB_GATEWAY_PORT: Invalid port input: "abc"/],
  ['hub', 'MEETINGS_PORT', '70000', /^MEETINGS_PORT: Invalid port input: "70000"/],
  ['hub', 'HUB_SEED', 'sometimes', /^HUB_SEED: Value "sometimes" not in choices \[auto,never\]/],
  ['hub', 'HUB_TOKEN_MAX_LIFETIME', 'forever', /^HUB_TOKEN_MAX_LIFETIME: "forever" is not a duration/],
  ['hub', 'HUB_INTERNAL_SECRET', 'too-short', /^HUB_INTERNAL_SECRET must be at least 32 characters long/],
  ['hub', 'HUB_TRUSTED_DOCUMENTS', '/nowhere/manifest.json', /^HUB_TRUSTED_DOCUMENTS: cannot read a JSON manifest at "\/nowhere/],
  ['gateway', 'CITIES_URL', 'cities-host', /^CITIES_URL: "cities-host" is not a URL/],
  ['gateway', 'FUNDING_PORT', 'x', /^FUNDING_PORT: Invalid port input: "x"/],
  ['gateway', 'HUB_SUBGRAPH_TIMEOUT_MS', '-1', /^HUB_SUBGRAPH_TIMEOUT_MS: "-1" is not a positive number of milliseconds/],
  ['gateway', 'HUB_SUPERGRAPH', '/nowhere/supergraph.graphql', /^HUB_SUPERGRAPH: cannot read "\/nowhere\/supergraph.graphql" \(ENOENT\)/],
  ['gateway', 'HUB_MAX_DEPTH', '0', /^HUB_MAX_DEPTH: "0" is not a whole number of 1 or more/],
  ['subgraph', 'DATABASE_URL', 'localhost/hub', /^DATABASE_URL: "localhost\/hub" is not a URL/],
  ['subgraph', 'CITIES_DATABASE_URL', 'hub', /^CITIES_DATABASE_URL: "hub" is not a URL/],
  ['subgraph', 'CITIES_PORT', '-4', /^CITIES_PORT: Invalid port input: "-4"/],
  ['subgraph', 'HUB_JWT_SECRET', 'too-short', /^HUB_JWT_SECRET must be at least 32 characters long/],
  ['subgraph', 'HUB_WEBHOOK_MAX_ATTEMPTS', 'ten', /^HUB_WEBHOOK_MAX_ATTEMPTS: "ten" is not a whole number of 1 or more/],
  ['subgraph', 'HUB_EMBEDDED_FSYNC', 'sometimes', /^HUB_EMBEDDED_FSYNC: Invalid bool input: "sometimes"/],
];

test('each entry point stops on a bad value with exit code 1 and one line on stderr naming the variable', async () => {
  const results: unknown[] = [];
  // two at a time: each child loads the whole hub's code
  for (let i = 0; i < BAD.length; i += 2) {
    results.push(
      ...(await Promise.all(
        BAD.slice(i, i + 2).map(async ([role, name, value, message]) => {
          const { code, stderr } = await refused(role, { [name]: value });
          return { role, name, code, lines: stderr.length, named: message.test(stderr[0] ?? '') ? 'named' : stderr.join('\n') };
        }),
      )),
    );
  }
  expect(results).toEqual(BAD.map(([role, name]) => ({ role, name, code: 1, lines: 1, named: 'named' })));
}, 600_000);

test('two bad values are still one line, naming both', async () => {
  const { code, stderr } = await refused('gateway', { HUB_GATEWAY_PORT: 'abc', HUB_MAX_COST: 'lots' });
  expect(code).toBe(1);
  expect(stderr).toEqual([
    'HUB_GATEWAY_PORT: Invalid port input: "abc"; HUB_MAX_COST: "lots" is not a whole number of 1 or more (see README, Configuration)',
  ]);
}, 120_000);

// ---- the gateway and a subgraph started alone, from the same variables --------------------------

test('a subgraph and the gateway started alone share HUB_DATA_DIR secrets, and the gateway finds it at CITIES_PORT', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'hub-config-'));
  const database = process.env.DATABASE_URL ? await createScratchDatabase(process.env.DATABASE_URL) : null;
  const base = 21000 + Math.floor(Math.random() * 900) * 10;
  // no secret configured: the first process generates them into the data directory, the second reads them
  const common = { HUB_DATA_DIR: dataDir, HUB_JWT_SECRET: undefined, HUB_INTERNAL_SECRET: undefined, CITIES_PORT: String(base + 1) };
  const subgraph = run('start-subgraph', ['cities'], { ...common, ...(database ? { CITIES_DATABASE_URL: database.url } : {}) });
  let gateway: Child | undefined;
  try {
    await waitFor(subgraph, new RegExp(`Subgraph cities: http://\\S+:${base + 1}/graphql`));
    expect(existsSync(join(dataDir, 'secrets.json'))).toBe(true);
    // the embedded database is in HUB_DATA_DIR; on a server (CITIES_DATABASE_URL) nothing is there
    expect(existsSync(join(dataDir, 'cities'))).toBe(database === null);
    gateway = run('start-gateway', [], { ...common, HUB_GATEWAY_PORT: String(base) });
    await waitFor(gateway, /Gateway: http/);
    const result = await postGraphQL<any>(`http://127.0.0.1:${base}/graphql`, '{ city(slug: "tromso") { name countryCode } }');
    expect(result).toEqual({ status: 200, data: { city: { name: 'Tromsø', countryCode: 'NO' } } });
  } finally {
    for (const child of [gateway, subgraph]) {
      if (!child) continue;
      child.process.kill('SIGTERM');
      await child.exited;
    }
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 240_000);

async function waitFor(child: Child, pattern: RegExp) {
  const deadline = Date.now() + 180_000;
  const outcome = await Promise.race([
    (async () => {
      while (!pattern.test(child.output())) {
        if (child.process.exitCode !== null || child.process.signalCode !== null) return 'exited';
        if (Date.now() > deadline) return 'no start within 180 s';
        await new Promise((r) => setTimeout(r, 200));
      }
      return 'started';
    })(),
    child.exited.then((code) => `exited with ${code}`),
  ]);
  if (outcome !== 'started') throw new Error(`${outcome}:\n${child.output()}`);
}
