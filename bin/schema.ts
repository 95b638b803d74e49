import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { printSchema } from 'graphql';
import gql from 'graphql-tag';
import { API_SCHEMA_PATH, SCHEMA_DIR, SUPERGRAPH_PATH } from '../shared/paths';
import { buildSubgraphSchema } from '../shared/subgraph';
import { SUBGRAPHS } from '../subgraphs';

/**
 * `npm run schema` prints each subgraph's SDL from code and composes the supergraph into schema/,
 * with the API schema clients see (schema/api.graphql: the supergraph without its federation
 * machinery, what the gateway's introspection answers).
 * `npm run schema:check` does the same in memory and fails on a composition error or on drift.
 */
async function main() {
  const check = process.argv.includes('--check');
  const files: Record<string, string> = {};
  const services = [];
  for (const definition of SUBGRAPHS) {
    const sdl = printSubgraphSchema(await buildSubgraphSchema(definition)).trim() + '\n';
    files[join(SCHEMA_DIR, `${definition.name}.graphql`)] = sdl;
    services.push({ name: definition.name, url: `http://localhost:${definition.defaultPort}/graphql`, typeDefs: gql(sdl) });
  }
  const composed = composeServices(services);
  if (composed.errors) {
    console.error('The subgraphs do not compose:');
    for (const error of composed.errors) console.error(`  - ${error.message}`);
    process.exit(1);
  }
  files[SUPERGRAPH_PATH] = composed.supergraphSdl.trim() + '\n';
  files[API_SCHEMA_PATH] = printSchema(composed.schema.toAPISchema().toGraphQLJSSchema()).trim() + '\n';
  if (check) {
    const drifted = Object.entries(files).filter(([path, text]) => !existsSync(path) || readFileSync(path, 'utf8') !== text);
    if (drifted.length > 0) {
      console.error('schema/ does not match the code; run `npm run schema` and commit the result:');
      for (const [path] of drifted) console.error(`  - ${path}`);
      process.exit(1);
    }
    console.log(`schema/ is up to date: ${SUBGRAPHS.length} subgraphs compose.`);
    return;
  }
  mkdirSync(SCHEMA_DIR, { recursive: true });
  for (const [path, text] of Object.entries(files)) writeFileSync(path, text);
  console.log(`Wrote ${Object.keys(files).length} files to schema/.`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
