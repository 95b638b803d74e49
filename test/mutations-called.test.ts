import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSubgraphSchema } from '../shared/subgraph';
import { SUBGRAPHS } from '../subgraphs';

/**
 * Every mutation of every subgraph is called by at least one test: its name appears in a test
 * file under test/ (this file lists them from the schemas, so it does not count).
 */

function testSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return testSources(full);
    return entry.name.endsWith('.ts') && full !== __filename ? [full] : [];
  });
}

test('every mutation of every subgraph is called by at least one test', async () => {
  const sources = testSources(__dirname).map((file) => readFileSync(file, 'utf8'));
  const mutations: string[] = [];
  for (const definition of SUBGRAPHS) {
    const fields = (await buildSubgraphSchema(definition)).getMutationType()?.getFields() ?? {};
    mutations.push(...Object.keys(fields).map((name) => `${definition.name}.${name}`));
  }
  expect(mutations.length).toBeGreaterThan(0);
  const uncalled = mutations.filter((qualified) => {
    const name = qualified.split('.')[1];
    const word = new RegExp(`\\b${name}\\b`);
    return !sources.some((source) => word.test(source));
  });
  expect(uncalled).toEqual([]);
});
