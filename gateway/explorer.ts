import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler, type Router } from 'express';
import { PROJECT_ROOT } from '../shared/paths';

/**
 * The gateway's explorer: GraphiQL 5, bundled at build time (explorer/build.mjs, into
 * dist/explorer/) and served from here, so that it works without internet. A browser that asks
 * GET /graphql for HTML gets the page; every other request to /graphql stays GraphQL over HTTP
 * (JSON). The page's scripts, styles and Monaco workers are under /explorer/.
 */

export const EXPLORER_DIR = join(PROJECT_ROOT, 'dist', 'explorer');
export const EXPLORER_ASSETS_PATH = '/explorer';

/**
 * What the headers editor starts with (JSON with comments, which GraphiQL reads): how to add a
 * token. Reading needs none; a placeholder left in the header is not sent (explorer/page.jsx).
 */
export const EXPLORER_HEADERS = `{
  // Reading needs no token. To write, mint one in a terminal (npm run -s token -- --role admin),
  // then uncomment this line and put the token in place of <…>:
  // "Authorization": "Bearer <run npm run token>"
}`;

export interface ExplorerExample {
  title: string;
  query: string;
}

const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

const escapeJsonForHtml = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');

export function explorerPage(examples: ExplorerExample[]): string {
  const config = { endpoint: '/graphql', headers: EXPLORER_HEADERS, examples };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intercity Hub explorer</title>
<link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/explorer.css">
<style>html, body, #explorer { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="explorer">Loading the explorer…</div>
<script id="hub-explorer-config" type="application/json">${escapeJsonForHtml(config)}</script>
<script src="${EXPLORER_ASSETS_PATH}/explorer.js"></script>
</body>
</html>
`;
}

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Intercity Hub explorer</title></head>
<body><p>The explorer is not built. Run <code>npm run build</code> (or <code>npm ci</code>) and reload.
GraphQL requests (POST /graphql, JSON) work without it.</p></body></html>
`;

/** True when a GET asks for a page (a browser's Accept) rather than a GraphQL result. */
export function wantsExplorer(req: express.Request): boolean {
  if (req.method !== 'GET' || req.query.query !== undefined) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/** GET /graphql (Accept: text/html) → the page; GET /explorer/* → its bundled files. */
export function explorerRoutes(directory = EXPLORER_DIR): Router {
  const router = express.Router();
  const examplesFile = join(directory, 'examples.json');
  let page: string | null = null;
  const render = () => {
    if (page) return page;
    if (!existsSync(join(directory, 'explorer.js')) || !existsSync(examplesFile)) return null;
    page = explorerPage(JSON.parse(readFileSync(examplesFile, 'utf8')) as ExplorerExample[]);
    return page;
  };
  const servePage: RequestHandler = (req, res, next) => {
    if (!wantsExplorer(req)) return next();
    const html = render();
    res.setHeader('vary', 'accept');
    res.setHeader('cache-control', 'no-store');
    if (!html) return void res.status(503).type('text/html').send(NOT_BUILT);
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.status(200).type('text/html').send(html);
  };
  // a plain handler, not router.get(): a route would answer OPTIONS itself, before CORS
  router.use('/graphql', (req, res, next) => (req.path === '/' ? servePage(req, res, next) : next()));
  router.use(EXPLORER_ASSETS_PATH, express.static(directory, { index: false, fallthrough: true, maxAge: '1h', dotfiles: 'ignore' }));
  return router;
}
