import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * One owner per data directory. The owner writes `<dir>/hub.lock` (pid, host, how it was started,
 * a random token, its control socket); a second start finds a live owner there and refuses with one
 * line naming both.
 *
 * Creating the lock is atomic (the record is written to a private file, then hard-linked to
 * `hub.lock`, which fails if the name exists), so a reader never sees half a record. A lock whose
 * process is gone (`kill -9`, a power loss) is stale. Taking one over is serialised: only the
 * process that atomically creates `hub.lock.<token>.takeover` (named after that very stale record)
 * may remove it; everyone then races on the atomic create again, and exactly one wins. A taker that
 * dies mid-way leaves a takeover marker that is itself stale and is taken over the same way.
 *
 * Locks nest: `npm start` locks the whole HUB_DATA_DIR, a subgraph started alone locks its own
 * `HUB_DATA_DIR/<subgraph>`. After taking its lock a process checks the parent's and the children's
 * locks and backs off if one has a live owner; both sides write before they read, so two processes
 * never both keep a lock over the same files (in a tight race both may refuse, which is safe).
 */
export const LOCK_FILE = 'hub.lock';

export interface LockRecord {
  pid: number;
  host: string;
  /** How the owner was started, e.g. `npm start` or `node dist/bin/start-subgraph.js cities`. */
  command: string;
  startedAt: string;
  token: string;
  /** The owner's control socket (backups), when it serves one. */
  control?: string;
}

export class DataDirectoryInUse extends Error {
  constructor(
    readonly directory: string,
    readonly owner: LockRecord,
  ) {
    const where = owner.host === hostname() ? '' : ` on ${owner.host}`;
    super(
      `The data directory ${directory} is in use by process ${owner.pid}${where} (${owner.command}, since ${owner.startedAt}); ` +
        'stop that process first, or set HUB_DATA_DIR to another folder.',
    );
  }
}

export interface DataLock {
  directory: string;
  record: LockRecord;
  /** Records the control socket path in the lock, for `npm run backup`. */
  setControl(path: string): void;
  release(): void;
}

/** How this process was started, for the message a second start shows. */
export function startCommand(): string {
  const event = process.env.npm_lifecycle_event;
  const script = (process.argv[1] ?? '').replace(/^.*\/(dist\/)/, '$1');
  const args = process.argv.slice(2).join(' ');
  // started by an npm script that runs this very file (not merely inherited from some npm parent)
  if (event && script && process.env.npm_lifecycle_script?.includes(script)) {
    return `npm ${event === 'start' ? 'start' : `run ${event}`}${args ? ` -- ${args}` : ''}`;
  }
  return ['node', ...process.argv.slice(1).map((a) => a.replace(/^.*\/(dist\/)/, '$1'))].join(' ');
}

const readRecord = (path: string): LockRecord | null => {
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as LockRecord;
    return typeof record.pid === 'number' && typeof record.token === 'string' ? record : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    // unreadable or not ours: treat as a foreign owner we cannot judge
    return { pid: -1, host: '?', command: `an unreadable ${path}`, startedAt: '?', token: 'unreadable' };
  }
};

/** Whether the lock's owner still runs. A lock from another host is always taken as live. */
export function ownerAlive(record: LockRecord): boolean {
  if (record.pid === -1 || record.host !== hostname()) return true;
  if (record.pid === process.pid) return true;
  try {
    process.kill(record.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates `path` holding `record`, atomically; false if it exists. */
function createExclusive(path: string, record: object): boolean {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

const unlinkQuiet = (path: string) => {
  try {
    unlinkSync(path);
  } catch {
    /* already gone */
  }
};

/**
 * Claims the right to remove the stale record `stale` at `path`: true for exactly one process. The
 * right is a marker file named after the stale record's token; a marker whose own owner died is
 * claimed the same way, one level down.
 */
function claimStale(path: string, stale: LockRecord, mine: LockRecord, depth = 0): boolean {
  if (depth > 8) return false;
  const marker = `${path}.${stale.token}.takeover`;
  for (;;) {
    if (createExclusive(marker, mine)) return true;
    const holder = readRecord(marker);
    if (!holder) continue;
    if (ownerAlive(holder)) return false;
    if (!claimStale(marker, holder, mine, depth + 1)) return false;
    if (readRecord(marker)?.token === holder.token) unlinkSync(marker);
    unlinkQuiet(`${marker}.${holder.token}.takeover`);
  }
}

/** The live owner of `dir`'s lock, if any. */
export function lockOwner(dir: string): LockRecord | null {
  const record = readRecord(join(resolve(dir), LOCK_FILE));
  return record && ownerAlive(record) ? record : null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Takes the exclusive lock on `dir` (created if missing), or throws DataDirectoryInUse. */
export async function acquireDataLock(dir: string, command = startCommand()): Promise<DataLock> {
  const directory = resolve(dir);
  mkdirSync(directory, { recursive: true });
  const path = join(directory, LOCK_FILE);
  const record: LockRecord = {
    pid: process.pid,
    host: hostname(),
    command,
    startedAt: new Date().toISOString(),
    token: randomBytes(12).toString('hex'),
  };
  for (let attempt = 0; ; attempt++) {
    if (createExclusive(path, record)) break;
    const current = readRecord(path);
    if (!current) continue;
    if (ownerAlive(current)) throw new DataDirectoryInUse(directory, current);
    if (claimStale(path, current, record)) {
      // only the claimant may remove this stale record, so nobody changes it under us
      if (readRecord(path)?.token === current.token) unlinkSync(path);
    } else if (attempt > 200) {
      throw new DataDirectoryInUse(directory, readRecord(path) ?? current);
    } else {
      await sleep(25);
    }
  }
  // stale takeover markers are no longer needed
  for (const name of readdirSync(directory)) {
    if (name.startsWith(`${LOCK_FILE}.`) && name.endsWith('.takeover')) {
      const holder = readRecord(join(directory, name));
      if (!holder || holder.token === record.token || !ownerAlive(holder)) unlinkQuiet(join(directory, name));
    }
  }
  const release = () => {
    if (readRecord(path)?.token === record.token) unlinkQuiet(path);
  };
  // nested locks: the parent's (npm start) and the children's (subgraphs started alone)
  const nested = [join(dirname(directory), LOCK_FILE)];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    if (entry.isDirectory()) nested.push(join(directory, entry.name, LOCK_FILE));
  }
  for (const other of nested) {
    const owner = readRecord(other);
    if (owner && owner.token !== record.token && ownerAlive(owner) && owner.pid !== process.pid) {
      release();
      throw new DataDirectoryInUse(dirname(other), owner);
    }
  }
  return {
    directory,
    record,
    setControl(control: string) {
      record.control = control;
      // rewrite atomically: the same token, now with the control socket
      const temp = `${path}.${process.pid}.control.tmp`;
      writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
      renameSync(temp, path);
    },
    release,
  };
}
