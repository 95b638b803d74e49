import { readFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../shared/paths';

/**
 * Every GraphQL operation the README shows in a ```graphql block (blocks split at blank lines,
 * comment lines dropped): what the README tests run, through the hub's gateway
 * (test/federation.test.ts) and through Hive Gateway (test/hive-gateway.test.ts).
 */
export function readmeOperations(readme = readFileSync(`${PROJECT_ROOT}/README.md`, 'utf8')): string[] {
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap(operationsOf);
}

/** The operations of one block: split at blank lines, comment lines dropped. */
function operationsOf(block: string): string[] {
  return block
    .split(/\n\s*\n/)
    .map((chunk) =>
      chunk
        .split('\n')
        .filter((line) => !line.trim().startsWith('#'))
        .join('\n')
        .trim(),
    )
    .filter((query) => query.length > 0);
}

/**
 * The README's answers: each ```graphql block followed directly by a ```json block, with the one
 * operation of that block and the answer (`{ "data": … }`) the README shows for it.
 */
export function readmeAnswers(readme = readFileSync(`${PROJECT_ROOT}/README.md`, 'utf8')): { query: string; answer: unknown }[] {
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```(?:\n\n```json\n([\s\S]*?)```)?/g)];
  return blocks
    .filter((m) => m[2] !== undefined)
    .map((m) => {
      const operations = operationsOf(m[1]);
      if (operations.length !== 1) throw new Error(`README: an answer follows a block of ${operations.length} operations, not one`);
      return { query: operations[0], answer: JSON.parse(m[2]) as unknown };
    });
}
