import { readVariables, roleSpecs } from './config';

/**
 * HUB_* variables of every role (gateway, subgraph, the one-process hub), so that a variable meant
 * for another role is not reported. Any variable read through `readEnv` (shared/config.ts) in this
 * process is known too.
 */
const declared = [
  // HUB_* names do not depend on the subgraphs (theirs are <SUBGRAPH>_PORT, …)
  ...Object.keys(roleSpecs.hub([])),
  ...Object.keys(roleSpecs.gateway([])),
  ...Object.keys(roleSpecs.subgraph({ name: 'any', defaultPort: 0 })).filter((name) => name.startsWith('HUB_')),
  'HUB_ROLE', // the container image's role (deploy/entrypoint.sh)
  'HUB_TEST_DB_PREFIX', // the test helpers' scratch databases
];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** One warning line per HUB_* variable nobody reads (a typo such as HUB_PORT), with a likely meant name. */
export function unknownVariableWarnings(env: NodeJS.ProcessEnv = process.env): string[] {
  const known = [...new Set([...declared, ...readVariables])];
  return Object.keys(env)
    .filter((name) => name.startsWith('HUB_') && !known.includes(name))
    .sort()
    .map((name) => {
      const suffix = name.split('_').pop()!;
      const closest =
        known.find((k) => k.endsWith(`_${suffix}`) && suffix.length > 2) ??
        known
          .map((k) => [k, distance(name, k)] as const)
          .filter(([, d]) => d <= 3)
          .sort((x, y) => x[1] - y[1])[0]?.[0];
      return `Warning: ${name} is not a setting of Intercity Hub and is ignored${closest ? `; did you mean ${closest}?` : ''}`;
    });
}

export function warnUnknownVariables(env: NodeJS.ProcessEnv = process.env) {
  for (const line of unknownVariableWarnings(env)) console.warn(line);
}
