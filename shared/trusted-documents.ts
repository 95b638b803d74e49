import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { RequestHandler } from 'express';
import { invalidVariable } from './config';
import { sendJsonError } from './http';

/** sha256 hash (hex) -> document, as @graphql-codegen/client-preset's `persistedDocuments` emits it. */
export type TrustedDocuments = Map<string, string>;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads a manifest; every key must be the sha256 of its document. A bad file stops start-up naming the variable. */
export function loadTrustedDocuments(path: string, variable = 'HUB_TRUSTED_DOCUMENTS'): TrustedDocuments {
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw invalidVariable(variable, `cannot read a JSON manifest at "${path}" (${(error as Error).message.slice(0, 120)})`);
  }
  if (!manifest || typeof manifest !== 'object' || Array.isArray(manifest)) {
    throw invalidVariable(variable, `"${path}" must be a JSON object of sha256 hash -> document`);
  }
  const documents: TrustedDocuments = new Map();
  for (const [hash, document] of Object.entries(manifest as Record<string, unknown>)) {
    const key = hash.replace(/^sha256:/, '');
    if (typeof document !== 'string' || sha256(document) !== key) {
      throw invalidVariable(variable, `the entry "${hash.slice(0, 80)}" in "${path}" is not the sha256 of its document`);
    }
    documents.set(key, document);
  }
  return documents;
}

const UNTRUSTED = 'This operation is not among the trusted documents of this hub.';

/**
 * Trusted-documents mode (in front of Apollo): only the manifest's operations run, sent by hash
 * (`extensions.persistedQuery.sha256Hash`, with or without the document) or as a document whose
 * hash is in the manifest. Automatic persisted queries are off in this mode, so nothing can be
 * registered; anything else is refused with UNTRUSTED_DOCUMENT before it is parsed.
 */
export function trustedDocumentsHandler(documents: TrustedDocuments): RequestHandler {
  /** The document to run, or an error message. */
  const resolve = (query: unknown, extensions: unknown): { query: string } | { error: string } => {
    const persisted =
      typeof extensions === 'object' && extensions !== null ? (extensions as { persistedQuery?: unknown }).persistedQuery : undefined;
    const hash = typeof persisted === 'object' && persisted !== null ? (persisted as { sha256Hash?: unknown }).sha256Hash : undefined;
    if (typeof hash === 'string') {
      const document = documents.get(hash);
      if (document === undefined) return { error: UNTRUSTED };
      if (query != null && query !== document) return { error: 'The document does not match its hash.' };
      return { query: document };
    }
    if (typeof query === 'string' && documents.has(sha256(query))) return { query };
    return { error: UNTRUSTED };
  };
  return (req, res, next) => {
    if (req.method === 'POST' && req.body && typeof req.body === 'object' && !Array.isArray(req.body)) {
      const body = req.body as Record<string, unknown>;
      const resolved = resolve(body.query, body.extensions ?? undefined);
      if ('error' in resolved) return sendJsonError(res, 400, 'UNTRUSTED_DOCUMENT', resolved.error);
      const { persistedQuery: _p, ...extensions } = (body.extensions ?? {}) as Record<string, unknown>;
      req.body = { ...body, query: resolved.query, extensions };
    } else if (req.method === 'GET') {
      const url = new URL(req.url, 'http://hub.invalid');
      let extensions: unknown;
      try {
        extensions = url.searchParams.has('extensions') ? JSON.parse(url.searchParams.get('extensions')!) : undefined;
      } catch {
        return sendJsonError(res, 400, 'BAD_REQUEST', '"extensions" is not valid JSON.');
      }
      const resolved = resolve(url.searchParams.get('query'), extensions);
      if ('error' in resolved) return sendJsonError(res, 400, 'UNTRUSTED_DOCUMENT', resolved.error);
      url.searchParams.set('query', resolved.query);
      url.searchParams.delete('extensions');
      req.url = `${url.pathname}${url.search}`;
    }
    next();
  };
}
