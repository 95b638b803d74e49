import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPLORER_DIR } from '../gateway/explorer';
import { PROJECT_ROOT } from '../shared/paths';
import { cities } from '../subgraphs/catalog';
import { startTestHub, type TestHub } from './helpers';

/**
 * The gateway's own explorer (GraphiQL 5, bundled at build time): over HTTP, then in a real
 * browser (Chromium from the OS packages, driven by playwright-core) with every request to another
 * host than the hub blocked.
 */

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let hub: TestHub;
let base: string;

beforeAll(async () => {
  // `npm ci` and `npm run build` build it; a checkout that only ran tsc builds it here
  if (!existsSync(join(EXPLORER_DIR, 'explorer.js'))) {
    execFileSync(process.execPath, [join(PROJECT_ROOT, 'explorer', 'build.mjs')], { cwd: PROJECT_ROOT, stdio: 'pipe' });
  }
  hub = await startTestHub([cities]);
  // the server listens on 127.0.0.1; `localhost` may resolve to ::1 first in a browser
  base = hub.url.replace('//localhost:', '//127.0.0.1:').replace(/\/graphql$/, '');
});
afterAll(() => hub?.close());

const examples = () => JSON.parse(readFileSync(join(EXPLORER_DIR, 'examples.json'), 'utf8')) as { title: string; query: string }[];

test('the README example operations are the explorer tabs', () => {
  const list = examples();
  expect(list.length).toBeGreaterThanOrEqual(5);
  expect(list[0].query).toContain('settlementYears(year: 2020, first: 20)');
  expect(list.map((e) => e.title)).toContain('the Solidarity Cities pillars and members');
});

test('GET /graphql with Accept: text/html is the explorer page, from the hub itself', async () => {
  const response = await fetch(`${base}/graphql`, {
    headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
  const html = await response.text();
  expect(html).toContain('<script src="/explorer/explorer.js">');
  // nothing from another host
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  expect(html).toContain('Bearer <run npm run token>'.replace(/</g, '\\u003c').replace(/>/g, '\\u003e'));
  for (const file of ['explorer.js', 'explorer.css', 'editor.worker.js', 'graphql.worker.js', 'json.worker.js']) {
    const asset = await fetch(`${base}/explorer/${file}`);
    expect({ file, status: asset.status }).toEqual({ file, status: 200 });
    expect(await asset.text()).not.toMatch(/https:\/\/(esm\.sh|unpkg\.com|cdn\.jsdelivr\.net)/);
  }
});

test('everything else on /graphql stays GraphQL over HTTP (JSON)', async () => {
  const json = await fetch(`${base}/graphql`, { headers: { accept: 'application/json' } });
  expect(json.headers.get('content-type')).toMatch(/^application\/json/);
  expect(json.status).toBe(400);
  const any = await fetch(`${base}/graphql`, { headers: { accept: '*/*' } });
  expect(any.headers.get('content-type')).toMatch(/^application\/json/);
  const query = await fetch(`${base}/graphql?query=${encodeURIComponent('{ cities(first: 1) { totalCount } }')}`, {
    headers: { accept: 'text/html', 'apollo-require-preflight': 'true' },
  });
  expect(query.headers.get('content-type')).not.toMatch(/^text\/html/);
  const post = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { accept: 'text/html', 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ cities(first: 1) { totalCount } }' }),
  });
  expect(post.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
  const missing = await fetch(`${base}/explorer/no-such-file.js`);
  expect(missing.status).toBe(404);
  expect(await missing.json()).toEqual({ errors: [expect.objectContaining({ extensions: { code: 'NOT_FOUND' } })] });
});

const browserTest = existsSync(CHROMIUM) ? test : test.skip;
if (!existsSync(CHROMIUM)) {
  console.warn(
    `explorer.test.ts: ${CHROMIUM} is absent, so the browser test is skipped (apt-get install -y chromium; .ci/run installs it)`,
  );
}

browserTest('in Chromium, with the network blocked but for the hub, the explorer runs an example query and shows its result', async () => {
  const { chromium } = await import('playwright-core');
  const expected = await hub.query<{ settlementYears: { totalCount: number } }>(examples()[0].query);
  expect(expected.data?.settlementYears.totalCount).toBeGreaterThan(0);

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  try {
    const page = await browser.newPage();
    const blocked: string[] = [];
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
      blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    });
    await page.goto(`${base}/graphql`);
    await page.waitForSelector('.graphiql-execute-button', { timeout: 60_000 });
    // the first tab is the README's first example; the headers editor says how to add a token
    await page.waitForFunction(
      () => document.querySelector('.graphiql-query-editor')?.textContent?.includes('settlementYears'),
      undefined,
      { timeout: 60_000 },
    );
    const tabs = await page.locator('.graphiql-tab').count();
    expect(tabs).toBe(examples().length);
    await page.waitForFunction(() => document.querySelector('.graphiql-editor-tool')?.textContent?.includes('Authorization'), undefined, {
      timeout: 30_000,
    });
    const headersText = (await page.locator('.graphiql-editor-tool').innerText()).replace(/\u00a0/g, ' ');
    expect(headersText).toContain('"Authorization": "Bearer <run npm run token>"');

    await page.click('.graphiql-execute-button');
    await page.waitForFunction(() => document.querySelector('.graphiql-response')?.textContent?.includes('totalCount'), undefined, {
      timeout: 60_000,
    });
    const result = (await page.locator('.graphiql-response').innerText()).replace(/\u00a0/g, ' ');
    expect(result).toContain(`"totalCount": ${expected.data!.settlementYears.totalCount}`);
    expect(result).not.toContain('"errors"');
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    await browser.close();
  }
});
