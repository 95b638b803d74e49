import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import {
  ChangeSetType,
  Entity,
  Index,
  JsonType,
  PrimaryKey,
  Property,
  ReferenceKind,
  type ChangeSet,
  type EntityClass,
  type EntityMetadata,
  type EventSubscriber,
  type FilterQuery,
  type FlushEventArgs,
  type Platform,
  type Type,
} from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { JSONResolver } from 'graphql-scalars';
import {
  Arg,
  Args,
  ArgsType,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Resolver,
  Root,
  type ClassType,
} from 'type-graphql';
import type { HubContext } from './context';
import type { HubEntity } from './entity';
import type { Identity } from './identity';
import { badInput, conflict, notFound } from './errors';
import { assertId } from './lookup';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageInfo } from './pagination';
import type { Rule } from './permissions';
import { currentWrite, runWrite } from './write';

/*
 * Version history, written once for every subgraph.
 *
 * Each subgraph declares which of its entity types are versioned (`versioned(...)`, in its
 * resolvers/HistoryResolver.ts) and registers a `RecordVersion` entity of its own (a table
 * `record_version` in its schema). `HistorySubscriber` then writes, in the very flush (and so the
 * very transaction) that changes a versioned record, one row per changed record: which record,
 * which event, who, when, each changed field with its previous and new value, and the record's
 * version after the change. A child (an agenda item, a budget, a settlement year…) names its root
 * (the meeting, the activity, the city): its rows show in its own `history` and in its root's.
 */

/** A field of a record as one change left it. */
export interface FieldChangeData {
  field: string;
  previous: unknown;
  current: unknown;
}

@ObjectType({ description: 'One field of a record as a change left it: its value before and after.' })
@Directive('@shareable')
export class FieldChange {
  @Field({ description: 'The field’s name in the record.' })
  field: string;

  @Field(() => JSONResolver, { nullable: true, description: 'The value before the change (null for a record just created).' })
  previous: unknown;

  @Field(() => JSONResolver, { nullable: true, description: 'The value after the change (null for a record deleted for good).' })
  current: unknown;
}

/**
 * A row of a subgraph's history table. Each subgraph makes its own entity on this base with
 * `defineHistoryEntity()` (below), since
 * one entity class cannot belong to several ORMs.
 */
@ObjectType('RecordVersion', { description: 'One change of a record: who changed which fields, when, and what they said before.' })
@Directive('@shareable')
@Index({ properties: ['rootType', 'rootId', 'at', 'id'] })
@Index({ properties: ['recordType', 'recordId', 'recordVersion'] })
export abstract class RecordVersionBase {
  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The record whose history this change belongs to: the record itself, or the record it is part of. */
  @Property({ type: 'string' })
  rootType: string;

  @Property({ type: 'uuid' })
  rootId: string;

  @Field({ description: 'The type of the record that changed, e.g. "Meeting" or, for a part of it, "AgendaItem".' })
  @Property({ type: 'string' })
  recordType: string;

  @Field(() => ID, { description: 'The id of the record that changed.' })
  @Property({ type: 'uuid' })
  recordId: string;

  @Field({ description: 'What happened: the mutation’s name (e.g. "publishMeeting"), or "create", "update", "delete".' })
  @Property({ type: 'string' })
  event: string;

  @Field(() => Int, { name: 'version', description: 'The version of the changed record after this change.' })
  @Property({ type: 'integer' })
  recordVersion: number;

  @Field(() => String, { nullable: true, description: 'Who changed it: the token subject of the caller.' })
  @Property({ type: 'string', nullable: true })
  actorSubject?: string | null;

  @Field(() => String, { nullable: true, description: 'Who changed it: the caller’s name, when the token gives one.' })
  @Property({ type: 'string', nullable: true })
  actorName?: string | null;

  @Field(() => Date, { description: 'When the change was made.' })
  @Property({ type: 'datetime', length: 3 })
  at: Date = new Date();

  @Field(() => [FieldChange], { description: 'The fields the change set, with their previous and new values.' })
  @Property({ type: 'json' })
  changes: FieldChangeData[] = [];

  /** A change of a part only the record's insiders see (an internal agenda item). */
  @Property({ type: 'boolean', default: false })
  internal: boolean = false;
}

/** Properties never recorded: bookkeeping, and values derived from the others. */
const BOOKKEEPING = new Set(['id', 'createdAt', 'updatedAt', 'version', 'searchText', 'sortAt']);

interface VersionedType {
  /** The root's entity name; the type's own for a root. */
  root: string;
  /** The property that leads to the root (a child only). */
  via?: string;
  internal?: (record: object) => boolean;
  ignore: Set<string>;
  /** Fields a restore leaves alone; false: this type's changes cannot be restored. */
  keep: Set<string> | false;
}

const versionedTypes = new Map<string, VersionedType>();

export interface VersionedOptions<T> {
  /** The record this one is part of: its changes show in that record's history too. */
  partOf?: [root: EntityClass<HubEntity>, via: keyof T & string];
  /** True for a record only the root's insiders see (an internal agenda item). */
  internal?: (record: T) => boolean;
  /** Further properties not to record (derived values). */
  ignore?: (keyof T & string)[];
  /**
   * Fields a restore leaves as they are (kept by other mutations: a declaration's text by its
   * versions, agenda numbers by moves); false when a restore may not set this type back at all
   * (a budget: the activity's total is kept by addBudget and deleteBudget).
   */
  keep?: (keyof T & string)[] | false;
}

/** Declares an entity type versioned: every change of one of its records is kept in its subgraph's history table. */
export function versioned<T extends HubEntity>(entity: EntityClass<T>, options: VersionedOptions<T> = {}) {
  versionedTypes.set(entity.name, {
    root: options.partOf ? options.partOf[0].name : entity.name,
    via: options.partOf?.[1],
    internal: options.internal as ((record: object) => boolean) | undefined,
    ignore: new Set(options.ignore ?? []),
    keep: options.keep === false ? false : new Set(options.keep ?? []),
  });
}

const quiet = new AsyncLocalStorage<boolean>();

/** The caller of the request being served, for the changes it makes (set by shared/server.ts). */
const caller = new AsyncLocalStorage<{ identity: Identity | null }>();

/** Runs `next` (the rest of a request's handling) in a request scope whose caller `setCaller` names. */
export const inRequestScope = <T>(next: () => T): T => caller.run({ identity: null }, next);

/** Names the caller of the current request scope, once its identity is known. */
export function setCaller(identity: Identity) {
  const scope = caller.getStore();
  if (scope) scope.identity = identity;
}

/**
 * Who made the changes of a flush: the write's (runWrite), else the request's caller. Undefined
 * outside any request: loading the sample data or a test fixture is nobody's change, and not recorded.
 */
export function changeAuthor(em: EntityManager): { identity: Identity; name?: string } | undefined {
  if (quiet.getStore()) return undefined;
  const write = currentWrite(em);
  if (write) return { identity: write.identity, name: write.name };
  const identity = caller.getStore()?.identity;
  return identity ? { identity } : undefined;
}

/** Runs `fn` without recording history or webhook events: loading the sample data is nobody's change. */
export const withoutHistory = <T>(fn: () => Promise<T>): Promise<T> => quiet.run(true, fn);

/** A value as JSON stores it (dates as ISO strings, references as ids). */
function plain(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value));
}

const idOf = (value: unknown): string | null => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'id' in value) return String((value as { id: unknown }).id);
  return null;
};

/** A value of a change set as the entity holds it: the ORM keeps custom types (JSON, arrays) in their database form. */
function asEntityValue(changeSet: ChangeSet<Partial<HubEntity>>, field: string, value: unknown, platform: Platform): unknown {
  const prop = (changeSet.meta.properties as Record<string, { customType?: Type<unknown, unknown> } | undefined>)[field];
  if (typeof value !== 'string' || !prop?.customType) return plain(value);
  try {
    if (prop.customType instanceof JsonType) return plain(JSON.parse(value));
    return plain(prop.customType.convertToJSValue(value, platform));
  } catch {
    return plain(value);
  }
}

/** The fields a change set changes, with their values before and after. */
export function changesOf(changeSet: ChangeSet<Partial<HubEntity>>, ignore: Set<string>, platform: Platform): FieldChangeData[] {
  const value = (field: string, raw: unknown) => asEntityValue(changeSet, field, raw, platform);
  const skip = (field: string) =>
    BOOKKEEPING.has(field) || ignore.has(field) || !(changeSet.meta.properties as Record<string, unknown>)[field];
  const original = (changeSet.originalEntity ?? {}) as Record<string, unknown>;
  const payload = changeSet.payload as Record<string, unknown>;
  if (changeSet.type === ChangeSetType.DELETE) {
    return Object.keys(original)
      .filter((field) => !skip(field))
      .map((field) => ({ field, previous: value(field, original[field]), current: null }));
  }
  const created = changeSet.type === ChangeSetType.CREATE;
  return Object.keys(payload)
    .filter((field) => !skip(field))
    .map((field) => ({ field, previous: created ? null : value(field, original[field]), current: value(field, payload[field]) }))
    .filter((change) => created || JSON.stringify(change.previous) !== JSON.stringify(change.current));
}

/** Changes of values derived from the stored ones, noted by a write for its record's next history row. */
const derivedChanges = new WeakMap<object, FieldChangeData[]>();

/**
 * Notes, for the history row of `record`'s change, the change of a value that is not stored but
 * derived from what is (an agenda item's position follows from its rank). An unchanged value is
 * not noted.
 */
export function noteDerivedChange(record: object, change: FieldChangeData) {
  if (JSON.stringify(change.previous) === JSON.stringify(change.current)) return;
  derivedChanges.set(record, [...(derivedChanges.get(record) ?? []), change]);
}

function eventOf(changeSet: ChangeSet<Partial<HubEntity>>, changes: FieldChangeData[]): string {
  if (changeSet.type === ChangeSetType.CREATE) return 'create';
  if (changeSet.type === ChangeSetType.DELETE) return 'delete';
  const deletion = changes.find((c) => c.field === 'deletedAt');
  if (deletion) return deletion.current == null ? 'undelete' : 'delete';
  return 'update';
}

/** What a subgraph's history table is, in this ORM: the entity named RecordVersion, if it has one. */
const historyTableOf = (em: EntityManager): EntityMetadata | undefined => em.getMetadata().find('RecordVersion') ?? undefined;

/**
 * Writes the history rows of a flush, in that flush: the rows are persisted with the change itself,
 * in its transaction, so a change never exists without its history, nor history without its change.
 */
export class HistorySubscriber implements EventSubscriber {
  async onFlush({ uow, em }: FlushEventArgs) {
    const author = changeAuthor(em as EntityManager);
    if (!author) return;
    const table = historyTableOf(em as EntityManager);
    if (!table) return;
    const at = new Date();
    for (const changeSet of uow.getChangeSets() as ChangeSet<Partial<HubEntity>>[]) {
      const type = versionedTypes.get(changeSet.name);
      if (!type) continue;
      const changes = [...changesOf(changeSet, type.ignore, em.getPlatform()), ...(derivedChanges.get(changeSet.entity) ?? [])];
      derivedChanges.delete(changeSet.entity);
      if (changes.length === 0) continue;
      const entity = changeSet.entity as Record<string, unknown>;
      const original = (changeSet.originalEntity ?? {}) as Record<string, unknown>;
      const recordId = String(entity.id ?? original.id);
      const rootId = type.via ? (idOf(entity[type.via]) ?? idOf(original[type.via])) : recordId;
      if (!rootId) continue;
      const recordVersion =
        changeSet.type === ChangeSetType.CREATE
          ? Number(entity.version ?? 1)
          : changeSet.type === ChangeSetType.DELETE
            ? Number(original.version ?? entity.version)
            : Number(original.version ?? entity.version) + 1;
      const row = em.create(
        table.class,
        {
          rootType: type.root,
          rootId,
          recordType: changeSet.name,
          recordId,
          event: author.name ?? eventOf(changeSet, changes),
          recordVersion,
          actorSubject: author.identity.subject ?? null,
          actorName: author.identity.name ?? null,
          at,
          changes,
          internal: type.internal?.(entity) ?? false,
        },
        { persist: false },
      );
      uow.computeChangeSet(row);
    }
  }
}

/* ---------- reading: the `history` connection ---------- */

@ArgsType()
export class HistoryArgs {
  @Field(() => Int, { nullable: true, description: `At most this many changes (default ${DEFAULT_PAGE_SIZE}, max ${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

@ObjectType('RecordVersionEdge')
@Directive('@shareable')
export class RecordVersionEdge {
  @Field()
  cursor: string;

  @Field(() => RecordVersionBase)
  node: RecordVersionBase;
}

@ObjectType('RecordVersionConnection', { description: 'A page of a record’s history, newest change first (Relay cursor connection).' })
@Directive('@shareable')
export class RecordVersionConnection {
  @Field(() => [RecordVersionEdge])
  edges: RecordVersionEdge[];

  @Field(() => [RecordVersionBase], { description: 'The nodes of `edges`, for clients that do not need cursors.' })
  nodes: RecordVersionBase[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  count: () => Promise<number>;

  @Field(() => Int, { description: 'How many changes the history holds, over all pages.' })
  totalCount(): Promise<number> {
    return this.count();
  }
}

const CURSOR_KIND = 'history';

function encodeCursor(row: RecordVersionBase) {
  return Buffer.from(JSON.stringify([CURSOR_KIND, row.at.toISOString(), row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: Date; id: string } {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    Array.isArray(parsed) &&
    parsed.length === 3 &&
    parsed[0] === CURSOR_KIND &&
    typeof parsed[1] === 'string' &&
    typeof parsed[2] === 'string'
  ) {
    const at = new Date(parsed[1]);
    if (!Number.isNaN(at.getTime()) && /^[0-9a-f-]{36}$/i.test(parsed[2])) return { at, id: parsed[2] };
  }
  throw badInput('Malformed cursor in "after": use a cursor this history returned.', 'after');
}

function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0) throw badInput('"first" must be a whole number of 0 or more.', 'first');
  if (first > MAX_PAGE_SIZE) throw badInput(`"first" may be at most ${MAX_PAGE_SIZE}.`, 'first');
  return first;
}

export interface HistoryFieldOptions<T> {
  /** Whether the caller sees the record (the record is then shown; hidden records have no history to show). */
  canSee?(ctx: HubContext, record: T): boolean | Promise<boolean>;
  /** Whether the caller sees the changes of internal parts (internal agenda items). */
  seeInternal?(ctx: HubContext, record: T): boolean | Promise<boolean>;
}

/** Column names of the history table (the same in every subgraph). */
const COLUMNS = {
  rootType: 'root_type',
  rootId: 'root_id',
  recordType: 'record_type',
  recordId: 'record_id',
  at: 'at',
  id: 'id',
  internal: 'internal',
};

/**
 * The `history(first, after)` field of a versioned type, newest change first: for a root (a
 * meeting) its own changes and its parts'; for a part (an agenda item) its own. The first page of a
 * list of records is read in one query for all of them (a window function), not one per record.
 */
export function historyResolver<T extends HubEntity>(entity: ClassType<T>, options: HistoryFieldOptions<T> = {}): ClassType {
  const name = entity.name;
  // declared with versioned() before the resolver is made: a root lists its parts
  const parts = [...versionedTypes.entries()]
    .filter(([part, type]) => type.root === name && part !== name)
    .map(([part]) => part)
    .join(', ');
  @Resolver(() => entity)
  class HistoryFieldResolver {
    @FieldResolver(() => RecordVersionConnection, {
      description: `Every change of this ${name}${parts ? ` and of its parts (${parts})` : ''}, newest first: who made it, when, and each field’s previous and new value.`,
    })
    async history(@Root() record: T, @Args() args: HistoryArgs, @Ctx() ctx: HubContext): Promise<RecordVersionConnection> {
      const size = pageSize(args.first);
      const after = args.after ? decodeCursor(args.after) : null;
      const empty = (): RecordVersionConnection =>
        Object.assign(new RecordVersionConnection(), {
          edges: [],
          nodes: [],
          pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
          count: async () => 0,
        });
      if (options.canSee && !(await options.canSee(ctx, record))) return empty();
      const type = versionedTypes.get(name);
      if (!type) return empty();
      const asRoot = type.root === name;
      const internal = asRoot && options.seeInternal ? await options.seeInternal(ctx, record) : true;
      const key = `history:${name}:${size}:${after ? `${after.at.toISOString()}/${after.id}` : ''}:${internal}`;
      const loader = ctx.loaders.custom<string, RecordVersionBase[]>(key, (em, ids) =>
        loadPages(em, name, asRoot, [...ids], size + 1, after, internal),
      );
      const rows = size === 0 ? [] : await loader.load(record.id);
      const nodes = rows.slice(0, size);
      const edges = nodes.map((node) => ({ node, cursor: encodeCursor(node) }));
      const countLoader = ctx.loaders.custom<string, number>(`history-count:${name}:${internal}`, (em, ids) =>
        countHistories(em, name, asRoot, [...ids], internal),
      );
      return Object.assign(new RecordVersionConnection(), {
        edges,
        nodes,
        pageInfo: {
          hasNextPage: rows.length > size,
          hasPreviousPage: after != null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges[edges.length - 1]?.cursor ?? null,
        },
        count: () => countLoader.load(record.id),
      });
    }
  }
  Object.defineProperty(HistoryFieldResolver, 'name', { value: `${name}HistoryResolver` });
  return HistoryFieldResolver;
}

function tableOf(em: EntityManager) {
  const meta = historyTableOf(em);
  if (!meta) throw new Error('This subgraph has no RecordVersion entity (its history table).');
  const schema = meta.schema ?? em.config.get('schema');
  return { meta, table: schema ? `"${schema}"."${meta.tableName}"` : `"${meta.tableName}"` };
}

async function loadPages(
  em: EntityManager,
  type: string,
  asRoot: boolean,
  ids: string[],
  limit: number,
  after: { at: Date; id: string } | null,
  internal: boolean,
): Promise<RecordVersionBase[][]> {
  const { meta, table } = tableOf(em);
  const [typeColumn, idColumn] = asRoot ? [COLUMNS.rootType, COLUMNS.rootId] : [COLUMNS.recordType, COLUMNS.recordId];
  const params: unknown[] = [type, ...ids];
  let where = `"${typeColumn}" = ? and "${idColumn}" in (${ids.map(() => '?').join(', ')})`;
  if (!internal) where += ` and not "${COLUMNS.internal}"`;
  if (after) {
    where += ` and ("at", "id") < (?, ?)`;
    params.push(after.at, after.id);
  }
  params.push(limit);
  const rows = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select * from (select *, row_number() over (partition by "${idColumn}" order by "at" desc, "id" desc) as "hub_rank" from ${table} where ${where}) ranked where "hub_rank" <= ? order by "at" desc, "id" desc`,
      params,
      'all',
      em.getTransactionContext(),
    );
  const groups = new Map<string, RecordVersionBase[]>(ids.map((id) => [id, []]));
  for (const row of rows) {
    const owner = String(row[idColumn]);
    delete row.hub_rank;
    groups.get(owner)?.push(em.map(meta.class, row) as RecordVersionBase);
  }
  return ids.map((id) => groups.get(id) ?? []);
}

async function countHistories(em: EntityManager, type: string, asRoot: boolean, ids: string[], internal: boolean): Promise<number[]> {
  const { table } = tableOf(em);
  const [typeColumn, idColumn] = asRoot ? [COLUMNS.rootType, COLUMNS.rootId] : [COLUMNS.recordType, COLUMNS.recordId];
  const rows = await em
    .getConnection()
    .execute<{ owner: string; count: string }[]>(
      `select "${idColumn}" as owner, count(*) as count from ${table} where "${typeColumn}" = ? and "${idColumn}" in (${ids.map(() => '?').join(', ')})${internal ? '' : ` and not "${COLUMNS.internal}"`} group by "${idColumn}"`,
      [type, ...ids],
      'all',
      em.getTransactionContext(),
    );
  const counts = new Map(rows.map((r) => [String(r.owner), Number(r.count)]));
  return ids.map((id) => counts.get(id) ?? 0);
}

/* ---------- restoring an earlier version ---------- */

/** Fields a restore never sets back: identity and lifecycle have their own mutations. */
const NOT_RESTORED = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'version',
  'status',
  'published',
  'publishedAt',
  'closedAt',
  'cancelledAt',
  'statusChangedAt',
]);

export interface RestoreOptions<T extends HubEntity, Target> {
  /** The record by id as the caller may see it, or NOT_FOUND: what the type's update mutation loads. */
  load(em: EntityManager, ctx: HubContext, id: string): Promise<Target>;
  /** The record itself, when `load` gives more (an activity with its participations). */
  rootOf?(target: Target): T;
  /** The right of the type's update mutation (from the subgraph's permission table), on what `load` gives. */
  right: Rule<Target>;
  /** Further fields a restore leaves as they are (lifecycle, derived counters). */
  keep?: string[];
  /** The state the record must be in (a closed meeting is read-only): CONFLICT otherwise. */
  state?(target: Target): void;
}

/** What a restore works on: what the type's load gives, the history row, and the record it changed. */
interface RestoreTarget<Target> {
  loaded: Target;
  entry: RecordVersionBase;
  record: HubEntity;
}

/** The values that bring a record back to how it was right after `entry`: each field's value before the first later change of it. */
async function restoredValues(em: EntityManager, entry: RecordVersionBase, keep: Set<string>): Promise<Record<string, unknown>> {
  const { meta } = tableOf(em);
  const later = (await em.find(
    meta.class,
    { recordType: entry.recordType, recordId: entry.recordId, recordVersion: { $gt: entry.recordVersion } } as FilterQuery<object>,
    { orderBy: { recordVersion: 'asc', at: 'asc' } },
  )) as RecordVersionBase[];
  const values: Record<string, unknown> = {};
  for (const row of later) {
    for (const change of row.changes) {
      if (keep.has(change.field) || change.field in values) continue;
      values[change.field] = change.previous;
    }
  }
  return values;
}

/** Sets a stored (JSON) value back on a record: dates become dates again, ids references. */
function assignStored(em: EntityManager, record: HubEntity, values: Record<string, unknown>) {
  const meta = em.getMetadata().get(record.constructor.name);
  const target = record as unknown as Record<string, unknown>;
  for (const [field, value] of Object.entries(values)) {
    const prop = (
      meta.properties as Record<
        string,
        { kind: ReferenceKind; type: string; runtimeType?: string; ref?: boolean; targetMeta?: EntityMetadata } | undefined
      >
    )[field];
    if (!prop) continue;
    if (prop.kind === ReferenceKind.MANY_TO_ONE) {
      target[field] = value == null ? null : em.getReference(prop.targetMeta!.class, value as string, { wrapped: prop.ref === true });
    } else if (
      prop.kind === ReferenceKind.SCALAR &&
      value != null &&
      (prop.runtimeType === 'Date' || /datetime|timestamp/i.test(prop.type))
    ) {
      target[field] = new Date(value as string);
    } else if (prop.kind === ReferenceKind.SCALAR || prop.kind === ReferenceKind.EMBEDDED) {
      target[field] = value;
    }
  }
}

/**
 * The `restore<Type>Version(id, versionId, expectedVersion)` mutation of a versioned root type: sets
 * the record the history row changed (the root itself or one of its parts) back to how that row
 * left it. It needs the right of the type's update mutation, runs through runWrite (and so is
 * recorded in the history like any change), and leaves lifecycle fields (status, publication) alone.
 * `expectedVersion` is the restored record's current version.
 */
export function restoreResolver<T extends HubEntity, Target = T>(entity: ClassType<T>, options: RestoreOptions<T, Target>): ClassType {
  const name = `restore${entity.name}Version`;
  const keep = new Set([...NOT_RESTORED, ...(options.keep ?? [])]);
  const rootOf = options.rootOf ?? ((target: Target) => target as unknown as T);
  const right: Rule<RestoreTarget<Target>> = {
    refusal: options.right.refusal,
    grants: options.right.grants.map((grant) => ({
      role: grant.role,
      when: grant.when
        ? (identity, target: RestoreTarget<Target>, ctx: HubContext) => grant.when!(identity, target.loaded, ctx)
        : undefined,
    })),
  };
  @Resolver(() => entity)
  class RestoreVersionResolver {
    @Mutation(() => entity, {
      name,
      description: `Sets this ${entity.name}, or the part of it that a change of its history changed, back to how that change left it (lifecycle fields stay). Needs the right to update the ${entity.name}; expectedVersion is the version of the record being restored.`,
    })
    async restoreVersion(
      @Arg('id', () => ID) id: string,
      @Arg('versionId', () => ID) versionId: string,
      @Ctx() ctx: HubContext,
      @Arg('expectedVersion', () => Int, { nullable: true }) expectedVersion?: number,
    ): Promise<T> {
      const result = await runWrite<RestoreTarget<Target>, T>(ctx, {
        name,
        async load(em) {
          const loaded = await options.load(em, ctx, id);
          const root = rootOf(loaded);
          assertId(versionId, 'versionId');
          const { meta } = tableOf(em);
          const entry = (await em.findOne(meta.class, {
            id: versionId,
            rootType: entity.name,
            rootId: root.id,
          } as FilterQuery<object>)) as RecordVersionBase | null;
          if (!entry) throw badInput(`"versionId": ${entity.name} ${id} has no change ${versionId} in its history.`, 'versionId');
          const recordClass = em.getMetadata().find(entry.recordType)?.class;
          const record = recordClass
            ? ((await em.findOne(recordClass, { id: entry.recordId }, { filters: false })) as HubEntity | null)
            : null;
          if (!record) throw notFound(entry.recordType, entry.recordId);
          if (versionedTypes.get(entry.recordType)?.keep === false) {
            throw conflict(`A ${entry.recordType} cannot be set back to an earlier version: change it with its own mutations.`);
          }
          return { loaded, entry, record };
        },
        right,
        state: options.state ? (target) => options.state!(target.loaded) : undefined,
        version: { of: (target) => target.record, expected: expectedVersion },
        async change(target, em) {
          const own = versionedTypes.get(target.entry.recordType)?.keep;
          const values = await restoredValues(em, target.entry, own ? new Set([...keep, ...own]) : keep);
          // nothing changed since that change: the record already is as it left it
          assignStored(em, target.record, values);
          return rootOf(target.loaded);
        },
      });
      return result;
    }
  }
  Object.defineProperty(RestoreVersionResolver, 'name', { value: `${entity.name}RestoreVersionResolver` });
  return RestoreVersionResolver;
}

/** A subgraph's own history entity (one entity class cannot belong to several ORMs): `entities/RecordVersion.ts` calls this once. */
export function defineHistoryEntity() {
  @Entity({ tableName: 'record_version' })
  class RecordVersion extends RecordVersionBase {}
  return RecordVersion;
}

/**
 * The migration that creates a subgraph's history table, as first shipped: each subgraph's
 * `…History` migration extends it. Never change these statements; a later change is a new migration.
 */
export abstract class CreateHistoryTable extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "record_version" ("id" uuid not null, "root_type" varchar(255) not null, "root_id" uuid not null, "record_type" varchar(255) not null, "record_id" uuid not null, "event" varchar(255) not null, "record_version" int not null, "actor_subject" varchar(255) null, "actor_name" varchar(255) null, "at" timestamptz(3) not null, "changes" jsonb not null, "internal" boolean not null default false, constraint "record_version_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "record_version_record_type_record_id_record_version_index" on "record_version" ("record_type", "record_id", "record_version");`,
    );
    this.addSql(`create index "record_version_root_type_root_id_at_id_index" on "record_version" ("root_type", "root_id", "at", "id");`);
  }
}
