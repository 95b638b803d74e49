import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../shared/paths';

/**
 * Every GraphQL operation the README shows in a ```graphql block (blocks split at blank lines,
 * comment lines dropped): what the README tests run, through the hub's gateway
 * (test/federation.test.ts) and through Hive Gateway (test/hive-gateway.test.ts).
 */
export function readmeOperations(readme = readFileSync(`${PROJECT_ROOT}/README.md`, 'utf8')): string[] {
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks
    .flatMap((block) => block.split(/\n\s*\n/))
    .map((chunk) =>
      chunk
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .join('\n')
        .trim(),
    )
    .filter((query) => query.length > 0);
}
