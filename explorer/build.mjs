// Builds the gateway's explorer page (GraphiQL 5 and its Monaco workers) into dist/explorer/ with
// esbuild, and extracts the README's example operations for its tabs. Run by `npm run build` and by
// `npm ci` (the prepare script); the gateway serves the result (gateway/explorer.ts).
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'explorer');
const require = createRequire(join(root, 'package.json'));

/**
 * The README's "Queries a new user would try": each comment with the operation under it, from every
 * `graphql` block of that part of "Trying it" (up to the next section); the answers shown in `json`
 * blocks are not operations.
 */
export function readmeExamples(readme) {
  const section = (readme.split('\nQueries a new user would try')[1] ?? '').split('\n## ')[0];
  return [...section.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .flatMap((match) => match[1].split(/\n\s*\n/))
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => {
      const comment = chunk.split('\n').filter((line) => line.startsWith('#'));
      const title = comment.map((line) => line.replace(/^#\s?/, '')).join(' ');
      return { title, query: `${chunk}\n` };
    });
}

mkdirSync(out, { recursive: true });

// nothing to do when the bundle is newer than its inputs (the page, the README, the lock file)
const inputs = [
  join(root, 'explorer', 'page.jsx'),
  join(root, 'explorer', 'build.mjs'),
  join(root, 'README.md'),
  join(root, 'package-lock.json'),
];
const bundle = join(out, 'explorer.js');
if (!process.argv.includes('--force') && existsSync(bundle) && existsSync(join(out, 'examples.json'))) {
  const built = statSync(bundle).mtimeMs;
  if (inputs.every((file) => !existsSync(file) || statSync(file).mtimeMs <= built)) process.exit(0);
}

const examples = readmeExamples(readFileSync(join(root, 'README.md'), 'utf8'));
if (examples.length === 0) throw new Error('explorer: no example operations found in README.md');
writeFileSync(join(out, 'examples.json'), `${JSON.stringify(examples, null, 2)}\n`);

const started = Date.now();
await build({
  entryPoints: {
    explorer: join(root, 'explorer', 'page.jsx'),
    'editor.worker': require.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
    'json.worker': require.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
    'graphql.worker': require.resolve('monaco-graphql/esm/graphql.worker.js'),
  },
  outdir: out,
  bundle: true,
  format: 'iife',
  minify: true,
  jsx: 'automatic',
  target: 'es2020',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file' },
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'none',
  logLevel: 'warning',
});
console.log(`explorer: built into ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s (${examples.length} example operations)`);
