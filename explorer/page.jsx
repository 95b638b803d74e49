// The gateway's explorer (GraphiQL 5), bundled by explorer/build.mjs into dist/explorer/ at build
// time and served by the gateway itself: nothing is loaded from another host.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

// Monaco's web workers are bundled next to this file (explorer/build.mjs)
const base = new URL('.', document.currentScript ? document.currentScript.src : location.href);
globalThis.MonacoEnvironment = {
  getWorker(_id, label) {
    const file = label === 'graphql' ? 'graphql.worker.js' : label === 'json' ? 'json.worker.js' : 'editor.worker.js';
    return new Worker(new URL(file, base));
  },
};

const config = JSON.parse(document.getElementById('hub-explorer-config').textContent);

// The headers editor starts with a commented Authorization header (gateway/explorer.ts); if it is
// uncommented with its placeholder still in it, it is not sent (reads need no token).
const PLACEHOLDER = /<[^>]*>/;
const graphqlFetcher = createGraphiQLFetcher({ url: config.endpoint });
const fetcher = (params, options = {}) => {
  const headers = { ...(options.headers ?? {}) };
  for (const name of Object.keys(headers)) {
    if (name.toLowerCase() === 'authorization' && PLACEHOLDER.test(String(headers[name]))) delete headers[name];
  }
  return graphqlFetcher(params, { ...options, headers });
};

const tabs = config.examples.map((example) => ({ query: example.query, headers: config.headers }));

createRoot(document.getElementById('explorer')).render(
  <GraphiQL
    fetcher={fetcher}
    defaultTabs={tabs}
    defaultQuery={tabs[0]?.query}
    defaultHeaders={config.headers}
    defaultEditorToolsVisibility="headers"
    shouldPersistHeaders={false}
  />,
);
