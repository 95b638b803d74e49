import 'reflect-metadata';
import { createHash } from 'node:crypto';
import type { Hub } from '../gateway/hub';
import { SUBGRAPHS } from '../subgraphs';
import { copySeed, restoreSeed } from './seed-copy';
import { bootTestHub } from './test-hub';

/**
 * Test hubs that outlive a test file: a jest worker keeps the hubs its test files started and hands
 * one to the next file that asks for the same subgraphs, with the sample data restored
 * (test/seed-copy.ts), instead of booting, migrating and loading a new one. test/environment.js
 * loads this module (built into dist/) once per worker, outside the files' module sandboxes, and
 * test/helpers.ts's startTestHub asks it. Only plain hubs are shared: a file that sets limits,
 * webhooks or start-up reporting gets a hub of its own.
 */
export interface PoolRequest {
  subgraphs: string[];
  seed: boolean;
  supergraphSdl?: string;
}

interface Entry {
  key: string;
  hub: Hub;
  busy: boolean;
  lastUsed: number;
}

const entries: Entry[] = [];
/** Idle hubs a worker keeps (each holds its databases and, embedded, its PGlite engines). */
const keep = () => Number(process.env.HUB_TEST_POOL_SIZE ?? 3);

const keyOf = (request: PoolRequest) =>
  JSON.stringify([
    request.subgraphs,
    request.seed,
    request.supergraphSdl ? createHash('sha256').update(request.supergraphSdl).digest('hex') : null,
  ]);

async function retire(entry: Entry) {
  entries.splice(entries.indexOf(entry), 1);
  await entry.hub.close();
}

async function boot(request: PoolRequest, key: string): Promise<Entry> {
  const definitions = request.subgraphs.map((name) => {
    const definition = SUBGRAPHS.find((s) => s.name === name);
    if (!definition) throw new Error(`No subgraph named ${name}`);
    return definition;
  });
  const hub = await bootTestHub(definitions, { seed: request.seed, supergraphSdl: request.supergraphSdl });
  try {
    for (const running of Object.values(hub.subgraphs)) await copySeed(running.database);
  } catch (error) {
    await hub.close();
    throw error;
  }
  const entry = { key, hub, busy: true, lastUsed: Date.now() };
  entries.push(entry);
  return entry;
}

/** A hub of `request`'s subgraphs holding exactly the sample data (or none); release() gives it back. */
export async function acquire(request: PoolRequest): Promise<{ hub: Hub; release: () => Promise<void> }> {
  const key = keyOf(request);
  let entry = entries.find((e) => e.key === key && !e.busy);
  if (entry) {
    entry.busy = true;
    try {
      for (const running of Object.values(entry.hub.subgraphs)) await restoreSeed(running.database);
    } catch {
      await retire(entry).catch(() => {});
      entry = undefined;
    }
  }
  if (!entry) {
    // room for the new one: the least recently used idle hubs go
    const idle = entries.filter((e) => !e.busy).sort((a, b) => a.lastUsed - b.lastUsed);
    while (idle.length >= keep()) await retire(idle.shift()!);
    entry = await boot(request, key);
  }
  const taken = entry;
  let released = false;
  return {
    hub: taken.hub,
    async release() {
      if (released) return;
      released = true;
      taken.busy = false;
      taken.lastUsed = Date.now();
    },
  };
}

/** Hubs still lent out, after a test file ended: they may be mid-request, so they are closed, not kept. */
export async function closeBusy(): Promise<void> {
  for (const entry of entries.filter((e) => e.busy)) await retire(entry).catch(() => {});
}

export async function closeAll(): Promise<void> {
  for (const entry of [...entries]) await retire(entry).catch(() => {});
}
