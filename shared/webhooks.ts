import 'reflect-metadata';
import { AsyncResource } from 'node:async_hooks';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ChangeSetType,
  Entity,
  Index,
  OptionalProps,
  PrimaryKey,
  Property,
  Unique,
  type ChangeSet,
  type EntityClass,
  type EntityMetadata,
  type EventSubscriber,
  type FilterQuery,
  type FlushEventArgs,
  type Primary,
  type TransactionEventArgs,
  wrap,
} from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Webhook } from 'standardwebhooks';
import {
  Arg,
  Ctx,
  Directive,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  registerEnumType,
  type ClassType,
} from 'type-graphql';
import type { HubContext } from './context';
import type { Database } from './database';
import type { HubEntity } from './entity';
import { badInput, notFound } from './errors';
import { changeAuthor, changesOf, type FieldChangeData } from './history';
import { isAdmin, type Identity } from './identity';
import { assertId, optionalId } from './lookup';
import { ADMIN, bound, requireSignedIn, rule, type Grant, type Rule } from './permissions';
import { runWrite } from './write';

/*
 * Webhooks (Standard Webhooks, https://www.standardwebhooks.com): a city or an organisation registers
 * an HTTPS endpoint for event types of one area (meetings, funding, peer reviews). Each producing
 * subgraph keeps its own registrations, outbox, deliveries and attempts in its own schema, so that an
 * event is written in the very transaction of its change (`OutboxSubscriber`), and a subgraph
 * delivers its events even when the others are down. The dispatcher (one per subgraph database)
 * fans each outbox event out into one delivery per matching registration, then sends each delivery,
 * signed, retrying with exponential backoff; every attempt is kept and queryable by its subscriber.
 * A delivery's id is its `webhook-id` on every attempt: a receiver that saw it already ignores it.
 */

export enum WebhookEventType {
  MEETING_PUBLISHED = 'MEETING_PUBLISHED',
  OUTCOME_RECORDED = 'OUTCOME_RECORDED',
  DECLARATION_ADOPTED = 'DECLARATION_ADOPTED',
  FUNDING_ACTIVITY_PUBLISHED = 'FUNDING_ACTIVITY_PUBLISHED',
  FUNDING_ACTIVITY_CHANGED = 'FUNDING_ACTIVITY_CHANGED',
  RECOMMENDATION_STATUS_CHANGED = 'RECOMMENDATION_STATUS_CHANGED',
}
registerEnumType(WebhookEventType, { name: 'WebhookEventType', description: 'What a webhook is told about.' });

/** The `type` of the JSON payload, as Standard Webhooks payloads name events. */
export const EVENT_NAMES: Record<WebhookEventType, string> = {
  MEETING_PUBLISHED: 'meeting.published',
  OUTCOME_RECORDED: 'outcome.recorded',
  DECLARATION_ADOPTED: 'declaration.adopted',
  FUNDING_ACTIVITY_PUBLISHED: 'funding_activity.published',
  FUNDING_ACTIVITY_CHANGED: 'funding_activity.changed',
  RECOMMENDATION_STATUS_CHANGED: 'recommendation.status_changed',
};

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
}
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'PENDING until a 2xx answer (DELIVERED) or the last attempt (FAILED).',
});

/* ---------- settings ---------- */

export interface WebhookOptions {
  /** Accept http:// endpoints on this machine (127.0.0.1, localhost, ::1): for tests and development only. */
  allowLocalHttp: boolean;
  /** The wait before the first retry; each later one waits twice as long (capped at a day). */
  retryBaseMs: number;
  /** Attempts before a delivery is FAILED. */
  maxAttempts: number;
  /** The longest the dispatcher waits before looking for work it was not woken for (events written by another process). */
  pollMs: number;
  /** Time limit of one attempt. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  allowLocalHttp: false,
  retryBaseMs: 30_000,
  maxAttempts: 10,
  pollMs: 60_000,
  timeoutMs: 10_000,
};

let settings: WebhookOptions = DEFAULT_WEBHOOK_OPTIONS;

/** Sets the webhook settings of this process (at start, from HUB_WEBHOOK_* variables). */
export function configureWebhooks(options: Partial<WebhookOptions> = {}) {
  settings = { ...DEFAULT_WEBHOOK_OPTIONS, ...options };
  return settings;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An endpoint must be HTTPS; plain HTTP only on this machine and only when HUB_WEBHOOK_ALLOW_LOCAL_HTTP is set. */
export function checkEndpoint(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw badInput('"url" is not a URL.', 'url');
  }
  if (url.username || url.password) throw badInput('"url" must not carry a user name or password.', 'url');
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:' && settings.allowLocalHttp && LOCAL_HOSTS.has(url.hostname)) return url.toString();
  throw badInput('"url" must be an https:// address.', 'url');
}

/** The wait before attempt `attempt + 1`, after `attempt` failed ones: base, 2×base, 4×base… at most a day. */
export const backoffMs = (attempt: number, base = settings.retryBaseMs) => Math.min(base * 2 ** Math.max(0, attempt - 1), 24 * 3600_000);

/* ---------- tables (each producing subgraph declares entities on these bases) ---------- */

@ObjectType('WebhookSubscription', { description: 'An endpoint a city or an organisation registered for some event types of one area.' })
@Directive('@shareable')
export abstract class WebhookSubscriptionBase {
  [OptionalProps]?: 'id' | 'eventTypes' | 'active' | 'createdAt' | 'createdBy';

  @Field(() => ID)
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Field(() => ID, { nullable: true, description: 'The subscribing city.' })
  @Property({ type: 'uuid', nullable: true, index: true })
  ownerCityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The subscribing organisation.' })
  @Property({ type: 'uuid', nullable: true, index: true })
  ownerOrganisationId?: string | null;

  @Field({ description: 'Where deliveries are POSTed.' })
  @Property({ type: 'text' })
  url: string;

  @Field(() => [WebhookEventType])
  @Property({ type: 'text[]' })
  eventTypes: WebhookEventType[] = [];

  /** The signing secret (whsec_…), shown once, at registration. */
  @Property({ type: 'text' })
  secret: string;

  @Field({ description: 'False once removed: nothing more is delivered to it.' })
  @Property({ type: 'boolean', default: true })
  active: boolean = true;

  @Field(() => Date)
  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();

  @Property({ type: 'string', nullable: true })
  createdBy?: string | null;
}

/** The outbox: one row per event, written with the change that caused it. */
@Index({ properties: ['dispatchedAt', 'occurredAt'] })
export abstract class WebhookEventBase {
  [OptionalProps]?: 'id' | 'occurredAt' | 'dispatchedAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string' })
  type: WebhookEventType;

  @Property({ type: 'json' })
  data: Record<string, unknown>;

  @Property({ type: 'datetime', length: 3 })
  occurredAt: Date = new Date();

  /** Set once the event has been fanned out into deliveries. */
  @Property({ type: 'datetime', length: 3, nullable: true })
  dispatchedAt?: Date | null = null;
}

@ObjectType('WebhookDelivery', { description: 'One event for one endpoint; its id is the `webhook-id` header of every attempt.' })
@Directive('@shareable')
@Unique({ properties: ['eventId', 'subscriptionId'] })
@Index({ properties: ['status', 'nextAttemptAt'] })
@Index({ properties: ['subscriptionId', 'createdAt'] })
export abstract class WebhookDeliveryBase {
  [OptionalProps]?: 'id' | 'status' | 'attemptCount' | 'nextAttemptAt' | 'deliveredAt' | 'createdAt';

  @Field(() => ID, { description: 'The webhook-id header: the same on every attempt.' })
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  eventId: string;

  @Property({ type: 'uuid' })
  subscriptionId: string;

  @Field(() => WebhookEventType)
  @Property({ type: 'string' })
  eventType: WebhookEventType;

  @Field(() => WebhookDeliveryStatus)
  @Property({ type: 'string' })
  status: WebhookDeliveryStatus = WebhookDeliveryStatus.PENDING;

  @Field(() => Int)
  @Property({ type: 'integer', default: 0 })
  attemptCount: number = 0;

  @Field(() => Date, { nullable: true, description: 'When the next attempt is due (PENDING only).' })
  @Property({ type: 'datetime', length: 3, nullable: true })
  nextAttemptAt?: Date | null = new Date();

  @Field(() => Date, { nullable: true })
  @Property({ type: 'datetime', length: 3, nullable: true })
  deliveredAt?: Date | null = null;

  @Field(() => Date)
  @Property({ type: 'datetime', length: 3 })
  createdAt: Date = new Date();

  /** The exact JSON body sent on every attempt. */
  @Field({ description: 'The JSON body, as signed.' })
  @Property({ type: 'text' })
  payload: string;
}

@ObjectType('WebhookAttempt', { description: 'One try to deliver: when, and what the endpoint answered.' })
@Directive('@shareable')
@Index({ properties: ['deliveryId', 'number'] })
export abstract class WebhookAttemptBase {
  [OptionalProps]?: 'id' | 'at' | 'statusCode' | 'error';

  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'uuid' })
  deliveryId: string;

  @Field(() => Int)
  @Property({ type: 'integer' })
  number: number;

  @Field(() => Date)
  @Property({ type: 'datetime', length: 3 })
  at: Date = new Date();

  @Field(() => Int, { nullable: true, description: 'The HTTP status answered; null when none came.' })
  @Property({ type: 'integer', nullable: true })
  statusCode?: number | null;

  @Field(() => String, { nullable: true, description: 'Why it failed, when no HTTP answer came (refused, timed out).' })
  @Property({ type: 'text', nullable: true })
  error?: string | null;

  @Field(() => Int)
  @Property({ type: 'integer' })
  durationMs: number;
}

const tables = (em: EntityManager) => {
  const find = (name: string): EntityMetadata => {
    const meta = em.getMetadata().find(name);
    if (!meta) throw new Error(`This subgraph has no ${name} entity.`);
    return meta;
  };
  return {
    subscription: find('WebhookSubscription').class as EntityClass<WebhookSubscriptionBase>,
    event: find('WebhookEvent').class as EntityClass<WebhookEventBase>,
    delivery: find('WebhookDelivery').class as EntityClass<WebhookDeliveryBase>,
    attempt: find('WebhookAttempt').class as EntityClass<WebhookAttemptBase>,
  };
};

/* ---------- the outbox: events written with their change ---------- */

export interface WebhookEventData {
  type: WebhookEventType;
  /** What the payload's `data` says: ids and the changed status, never more than an anonymous caller may read. */
  data: Record<string, unknown>;
}

/** What a detector sees of one change. */
export interface ChangeView<T> {
  kind: 'create' | 'update' | 'delete';
  record: T;
  changes: FieldChangeData[];
  changed(field: keyof T & string): FieldChangeData | undefined;
  em: EntityManager;
}

type Detector = (change: ChangeView<object>) => WebhookEventData[] | Promise<WebhookEventData[]>;
const detectors = new Map<string, Detector[]>();

/** Declares which changes of an entity type are webhook events (in the producing subgraph's resolvers/WebhookResolver.ts). */
export function webhookEvents<T extends HubEntity>(
  entity: EntityClass<T>,
  detect: (change: ChangeView<T>) => WebhookEventData[] | Promise<WebhookEventData[]>,
) {
  detectors.set(entity.name, [...(detectors.get(entity.name) ?? []), detect as Detector]);
}

/** The dispatcher of each ORM (by its configuration), woken when a commit wrote events. */
const dispatchers = new WeakMap<object, WebhookDispatcher>();
/** ORMs whose current transaction wrote events, to wake their dispatcher once it commits. */
const written = new WeakSet<object>();

/** Writes the events of a flush into the outbox, in that flush (so in the change's transaction). */
export class OutboxSubscriber implements EventSubscriber {
  /** Events are sent right after their transaction commits (not before: the dispatcher would not see them yet). */
  afterTransactionCommit({ em }: TransactionEventArgs) {
    if (!written.has(em.config)) return;
    written.delete(em.config);
    dispatchers.get(em.config)?.wake();
  }

  /** A flush outside any transaction of the caller committed on its own. */
  afterFlush({ em }: FlushEventArgs) {
    if (!em.isInTransaction()) this.afterTransactionCommit({ em });
  }

  async onFlush({ uow, em }: FlushEventArgs) {
    // only callers' changes are news: not the sample data, not a test fixture loaded without a request
    if (!changeAuthor(em as EntityManager)) return;
    const outbox = em.getMetadata().find('WebhookEvent');
    if (!outbox) return;
    const seen = new Set<string>();
    // the event types someone listens to: an event nobody registered for is not kept (nor sent)
    let listened: Set<string> | null = null;
    const isListened = async (type: WebhookEventType) => {
      if (!listened) {
        const subscriptions = await em.find(
          em.getMetadata().find('WebhookSubscription')!.class,
          { active: true },
          { fields: ['eventTypes'] },
        );
        listened = new Set((subscriptions as WebhookSubscriptionBase[]).flatMap((sub) => sub.eventTypes));
      }
      return listened.has(type);
    };
    for (const changeSet of [...uow.getChangeSets()] as ChangeSet<Partial<HubEntity>>[]) {
      const found = detectors.get(changeSet.name);
      if (!found) continue;
      const changes = changesOf(changeSet, new Set(), em.getPlatform());
      if (changes.length === 0) continue;
      const view: ChangeView<object> = {
        kind: changeSet.type === ChangeSetType.CREATE ? 'create' : changeSet.type === ChangeSetType.DELETE ? 'delete' : 'update',
        record: changeSet.entity,
        changes,
        changed: (field) => changes.find((c) => c.field === field),
        em: em as EntityManager,
      };
      for (const detect of found) {
        for (const event of await detect(view)) {
          // one event per record and type in a flush (a budget and its activity changing together)
          const key = `${event.type}:${JSON.stringify(event.data)}`;
          if (seen.has(key) || !(await isListened(event.type))) continue;
          seen.add(key);
          const row = em.create(outbox.class, { type: event.type, data: event.data, occurredAt: new Date() }, { persist: false });
          uow.computeChangeSet(row);
          written.add(em.config);
        }
      }
    }
  }
}

/* ---------- delivery ---------- */

/** Delivers one subgraph's webhooks: fans out the outbox, sends what is due, records every attempt. */
export class WebhookDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly options: WebhookOptions = settings,
  ) {}

  private again = false;

  /**
   * Runs a round now, then waits: until a commit writes events (wake), the next due retry, or at
   * most `pollMs` (a safety net for events written by another process). Idle, it sends no query.
   */
  start() {
    dispatchers.set(this.database.orm.config, this);
    this.schedule(0);
    return this;
  }

  /** New events were committed: deliver them now. */
  wake() {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** The dispatcher's own async context: a wake-up from a request's commit must not run in that request's transaction. */
  private readonly scope = new AsyncResource('hub:webhooks');

  private schedule(delayMs: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = this.scope.runInAsyncScope(() => setTimeout(() => void this.round(), Math.max(0, delayMs)));
  }

  private async round() {
    if (this.stopped || this.running) return;
    this.timer = null;
    let next = this.options.pollMs;
    this.running = (async () => {
      do {
        this.again = false;
        await this.tick();
      } while (this.again && !this.stopped);
      next = await this.untilNextDue();
    })().catch((error) => console.error('[hub] webhook delivery failed', error));
    await this.running;
    this.running = null;
    if (!this.stopped && !this.timer) this.schedule(this.again ? 0 : next);
  }

  /** Milliseconds until the earliest pending delivery is due (at most pollMs). */
  private async untilNextDue(): Promise<number> {
    const em = this.database.fork();
    const t = tables(em);
    const [first] = await em.find(t.delivery, { status: WebhookDeliveryStatus.PENDING } as FilterQuery<WebhookDeliveryBase>, {
      orderBy: { nextAttemptAt: 'asc' },
      limit: 1,
      fields: ['nextAttemptAt'],
    });
    if (!first?.nextAttemptAt) return this.options.pollMs;
    return Math.min(this.options.pollMs, Math.max(0, first.nextAttemptAt.getTime() - Date.now()));
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One round: fan out new events, then send every due delivery. */
  async tick() {
    await this.fanOut();
    for (;;) {
      const due = await this.claim();
      if (due.length === 0) return;
      await Promise.all(due.map((id) => this.attempt(id)));
      if (this.stopped) return;
    }
  }

  private async fanOut() {
    const em = this.database.fork();
    await em.transactional(async (tx) => {
      const t = tables(tx as EntityManager);
      const events = await tx.find(t.event, { dispatchedAt: null } as FilterQuery<WebhookEventBase>, {
        orderBy: { occurredAt: 'asc' },
        limit: 100,
      });
      if (events.length === 0) return;
      const subscriptions = await tx.find(t.subscription, { active: true } as FilterQuery<WebhookSubscriptionBase>);
      for (const event of events) {
        for (const subscription of subscriptions.filter((s) => s.eventTypes.includes(event.type))) {
          const id = randomUUID();
          const payload = JSON.stringify({ type: EVENT_NAMES[event.type], timestamp: event.occurredAt.toISOString(), data: event.data });
          tx.create(t.delivery, { id, eventId: event.id, subscriptionId: subscription.id, eventType: event.type, payload });
        }
        event.dispatchedAt = new Date();
      }
    });
  }

  /** Takes up to 10 due deliveries, leasing each for one attempt's time (several dispatchers never send the same one at once). */
  private async claim(): Promise<string[]> {
    const em = this.database.fork();
    const meta = em.getMetadata().find('WebhookDelivery')!;
    const table = `"${this.database.schema}"."${meta.tableName}"`;
    const lease = new Date(Date.now() + this.options.timeoutMs + 5000);
    const rows = await em
      .getConnection()
      .execute<{ id: string }[]>(
        `update ${table} set "next_attempt_at" = ? where "id" in (select "id" from ${table} where "status" = 'PENDING' and "next_attempt_at" <= ? order by "next_attempt_at" limit 10 for update skip locked) returning "id"`,
        [lease, new Date()],
        'all',
      );
    return rows.map((r) => r.id);
  }

  private async attempt(id: string) {
    const em = this.database.fork();
    const t = tables(em);
    const delivery = await em.findOne(t.delivery, { id } as FilterQuery<WebhookDeliveryBase>);
    if (!delivery || delivery.status !== WebhookDeliveryStatus.PENDING) return;
    const subscription = await em.findOne(t.subscription, { id: delivery.subscriptionId } as FilterQuery<WebhookSubscriptionBase>);
    const started = Date.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    if (!subscription?.active) {
      error = 'The registration was removed.';
    } else {
      try {
        const sentAt = new Date();
        const signature = new Webhook(subscription.secret).sign(delivery.id, sentAt, delivery.payload);
        const response = await fetch(subscription.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Intercity-Hub-Webhooks/1',
            'webhook-id': delivery.id,
            'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
            'webhook-signature': signature,
          },
          body: delivery.payload,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        statusCode = response.status;
        await response.body?.cancel().catch(() => {});
      } catch (caught) {
        const cause = (caught as { cause?: { code?: string } }).cause?.code;
        error =
          (caught as Error).name === 'TimeoutError'
            ? `No answer within ${this.options.timeoutMs} ms.`
            : `Not delivered (${cause ?? (caught as Error).message}).`;
      }
    }
    const ok = statusCode != null && statusCode >= 200 && statusCode < 300;
    await em.transactional(async (tx) => {
      const d = await tx.findOneOrFail(t.delivery, { id } as FilterQuery<WebhookDeliveryBase>);
      d.attemptCount += 1;
      tx.create(t.attempt, {
        deliveryId: id,
        number: d.attemptCount,
        at: new Date(started),
        statusCode,
        error,
        durationMs: Date.now() - started,
      });
      if (ok) {
        d.status = WebhookDeliveryStatus.DELIVERED;
        d.deliveredAt = new Date();
        d.nextAttemptAt = null;
      } else if (!subscription?.active || d.attemptCount >= this.options.maxAttempts) {
        d.status = WebhookDeliveryStatus.FAILED;
        d.nextAttemptAt = null;
      } else {
        d.nextAttemptAt = new Date(Date.now() + backoffMs(d.attemptCount, this.options.retryBaseMs));
      }
    });
  }
}

/** Starts the dispatcher of a subgraph database that has webhook tables; null for one that has none. */
export function startWebhookDispatcher(database: Database): WebhookDispatcher | null {
  if (!database.orm.getMetadata().find('WebhookEvent')) return null;
  return new WebhookDispatcher(database, settings).start();
}

/* ---------- the GraphQL API (one per producing subgraph, from one factory) ---------- */

@InputType({ description: 'An endpoint to register: HTTPS, for some of the area’s event types, for a city or an organisation.' })
export class WebhookInput {
  @Field({ description: 'https:// address that receives the POSTs.' })
  url: string;

  @Field(() => [WebhookEventType])
  eventTypes: WebhookEventType[];

  @Field(() => ID, { nullable: true, description: 'The subscribing city (default: the caller’s own).' })
  cityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The subscribing organisation (default: the caller’s own).' })
  organisationId?: string | null;
}

@ObjectType('WebhookRegistration', { description: 'A new registration and its signing secret, shown this once.' })
@Directive('@shareable')
export class WebhookRegistration {
  @Field(() => WebhookSubscriptionBase)
  subscription: WebhookSubscriptionBase;

  @Field({
    description: 'The Standard Webhooks secret (whsec_…) to verify the webhook-signature header with. Keep it: it is not shown again.',
  })
  secret: string;
}

/** Who a registration is for: a city or an organisation. */
export interface WebhookOwner {
  ownerCityId?: string | null;
  ownerOrganisationId?: string | null;
}

/** The owner a registration is for: the one the input names, else the caller's own city or organisation. */
function ownerFor(identity: Identity, input: { cityId?: string | null; organisationId?: string | null }): WebhookOwner {
  optionalId(input.cityId, 'cityId');
  optionalId(input.organisationId, 'organisationId');
  if (input.cityId != null && input.organisationId != null)
    throw badInput('A webhook belongs to a city or to an organisation: give at most one of cityId and organisationId.', 'cityId');
  if (input.cityId != null) return { ownerCityId: input.cityId, ownerOrganisationId: null };
  if (input.organisationId != null) return { ownerCityId: null, ownerOrganisationId: input.organisationId };
  if (identity.cityId) return { ownerCityId: identity.cityId, ownerOrganisationId: null };
  if (identity.organisationId) return { ownerCityId: null, ownerOrganisationId: identity.organisationId };
  if (isAdmin(identity)) throw badInput('Name the subscribing city or organisation (cityId or organisationId).', 'cityId');
  return {};
}

const forOwnCity = bound.toCity<WebhookOwner>((owner) => owner.ownerCityId);
const forOwnOrganisation = bound.toOrganisation<WebhookOwner>((owner) => [owner.ownerOrganisationId]);
const REGISTRANTS: Grant<WebhookOwner>[] = [
  ADMIN,
  { role: 'municipality', when: forOwnCity },
  ...(['organiser', 'funder', 'reviewer'] as const).flatMap((role) => [
    { role, when: forOwnOrganisation },
    { role, when: forOwnCity },
  ]),
];

/**
 * The rights on webhook registrations, the same in every producing subgraph (each lists them in its
 * permission table): a city or an organisation registers and removes its own; admins any.
 */
export const webhookRules = {
  register: rule<WebhookOwner>('Webhooks are registered by a city or an organisation for itself.', ...REGISTRANTS),
  remove: rule<WebhookOwner>('A webhook is removed by the city or organisation it belongs to.', ...REGISTRANTS),
};

/** Whether the caller sees the registration: its owner (or an admin). */
const owns = (identity: Identity, subscription: WebhookSubscriptionBase) =>
  isAdmin(identity) ||
  (subscription.ownerCityId != null && subscription.ownerCityId === identity.cityId) ||
  (subscription.ownerOrganisationId != null && subscription.ownerOrganisationId === identity.organisationId);

/**
 * The webhook API of one producing subgraph: `register<Area>Webhook`, `remove<Area>Webhook` and
 * `<area>Webhooks` (the caller's registrations with their deliveries and attempts). `area` names it
 * (Meeting, Funding, PeerReview); `eventTypes` are the events that subgraph produces.
 */
export function webhookResolvers(
  area: string,
  eventTypes: WebhookEventType[],
  rules: { register: Rule<WebhookOwner>; remove: Rule<WebhookOwner> } = webhookRules,
): ClassType[] {
  const lower = area.charAt(0).toLowerCase() + area.slice(1);

  @Resolver(() => WebhookSubscriptionBase)
  class WebhookApiResolver {
    @Mutation(() => WebhookRegistration, {
      name: `register${area}Webhook`,
      description: `A city or an organisation registers an endpoint for ${eventTypes.join(', ')}. The answer carries the signing secret, once.`,
    })
    async register(@Arg('input', () => WebhookInput) input: WebhookInput, @Ctx() ctx: HubContext): Promise<WebhookRegistration> {
      const secret = `whsec_${randomBytes(32).toString('base64')}`;
      let url = input.url;
      return runWrite<WebhookOwner, WebhookRegistration>(ctx, {
        name: `register${area}Webhook`,
        load: async () => ownerFor(ctx.identity, input),
        right: rules.register,
        validate() {
          url = checkEndpoint(input.url);
          if (input.eventTypes.length === 0) throw badInput('"eventTypes": name at least one event type.', 'eventTypes');
          const foreign = input.eventTypes.find((type) => !eventTypes.includes(type));
          if (foreign)
            throw badInput(
              `"eventTypes": ${foreign} is not an event of this area; register it with its own area's mutation.`,
              'eventTypes',
            );
        },
        change(owner, em) {
          const t = tables(em);
          const subscription = em.create(t.subscription, {
            ...owner,
            url,
            eventTypes: [...new Set(input.eventTypes)],
            secret,
            createdBy: ctx.identity.subject,
          });
          return { subscription, secret };
        },
      });
    }

    @Mutation(() => WebhookSubscriptionBase, {
      name: `remove${area}Webhook`,
      description: 'The owner removes a registration: nothing more is delivered to it.',
    })
    async remove(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<WebhookSubscriptionBase> {
      return runWrite<WebhookSubscriptionBase, WebhookSubscriptionBase>(ctx, {
        name: `remove${area}Webhook`,
        async load(em) {
          assertId(id);
          const subscription = await em.findOne(tables(em).subscription, { id } as FilterQuery<WebhookSubscriptionBase>);
          // another owner's registration is as missing as none
          if (!subscription || !owns(ctx.identity, subscription)) throw notFound('WebhookSubscription', id);
          return subscription;
        },
        right: rules.remove,
        change(subscription) {
          subscription.active = false;
          return subscription;
        },
      });
    }

    @Query(() => [WebhookSubscriptionBase], {
      name: `${lower}Webhooks`,
      description: 'The caller’s city’s or organisation’s registrations (admins: all), newest first.',
    })
    async list(@Ctx() ctx: HubContext): Promise<WebhookSubscriptionBase[]> {
      const identity = requireSignedIn(ctx);
      const t = tables(ctx.em);
      const or: FilterQuery<WebhookSubscriptionBase>[] = [];
      if (identity.cityId) or.push({ ownerCityId: identity.cityId } as FilterQuery<WebhookSubscriptionBase>);
      if (identity.organisationId) or.push({ ownerOrganisationId: identity.organisationId } as FilterQuery<WebhookSubscriptionBase>);
      if (!isAdmin(identity) && or.length === 0) return [];
      return ctx.em.find(t.subscription, (isAdmin(identity) ? {} : { $or: or }) as FilterQuery<WebhookSubscriptionBase>, {
        orderBy: { createdAt: 'desc', id: 'desc' },
      });
    }

    @FieldResolver(() => [WebhookDeliveryBase], { description: 'Its deliveries, newest first, each with its attempts.' })
    async deliveries(
      @Root() subscription: WebhookSubscriptionBase,
      @Ctx() ctx: HubContext,
      @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    ): Promise<WebhookDeliveryBase[]> {
      if (!owns(ctx.identity, subscription)) return [];
      if (!Number.isInteger(first) || first < 0 || first > 100) throw badInput('"first" must be between 0 and 100.', 'first');
      const t = tables(ctx.em);
      return ctx.em.find(t.delivery, { subscriptionId: subscription.id } as FilterQuery<WebhookDeliveryBase>, {
        orderBy: { createdAt: 'desc', id: 'desc' },
        limit: first,
      });
    }
  }

  @Resolver(() => WebhookDeliveryBase)
  class WebhookDeliveryResolver {
    @FieldResolver(() => [WebhookAttemptBase], { description: 'Every attempt, oldest first.' })
    async attempts(@Root() delivery: WebhookDeliveryBase, @Ctx() ctx: HubContext): Promise<WebhookAttemptBase[]> {
      const loader = ctx.loaders.custom<string, WebhookAttemptBase[]>('webhook-attempts', async (em, ids) => {
        const t = tables(em);
        const rows = await em.find(t.attempt, { deliveryId: { $in: [...ids] } } as FilterQuery<WebhookAttemptBase>, {
          orderBy: { number: 'asc' },
        });
        return ids.map((id) => rows.filter((r) => r.deliveryId === id));
      });
      return loader.load(delivery.id);
    }

    @FieldResolver(() => String, { description: 'The event’s type as the payload names it, e.g. "meeting.published".' })
    eventName(@Root() delivery: WebhookDeliveryBase): string {
      return EVENT_NAMES[delivery.eventType];
    }
  }

  Object.defineProperty(WebhookApiResolver, 'name', { value: `${area}WebhookResolver` });
  Object.defineProperty(WebhookDeliveryResolver, 'name', { value: `${area}WebhookDeliveryResolver` });
  return [WebhookApiResolver, WebhookDeliveryResolver];
}

/** The record a reference points to, inside a flush: from the identity map when loaded, else read. */
export async function referenced<T extends { id: string }>(
  em: EntityManager,
  entity: EntityClass<T>,
  ref: { id: string } | string | null | undefined,
): Promise<T | null> {
  const id = typeof ref === 'string' ? ref : ref?.id;
  if (!id) return null;
  const managed = em.getUnitOfWork().getById<T>(entity.name, id as Primary<T>);
  if (managed && wrap(managed).isInitialized()) return managed;
  return em.findOne(entity, { id } as FilterQuery<T>, { filters: false });
}

/**
 * A subgraph's own webhook tables (one entity class cannot belong to several ORMs): registrations,
 * the outbox, deliveries and their attempts. `entities/Webhooks.ts` of each producing subgraph calls this once.
 */
export function defineWebhookEntities() {
  @Entity({ tableName: 'webhook_subscription' })
  class WebhookSubscription extends WebhookSubscriptionBase {}

  @Entity({ tableName: 'webhook_event' })
  class WebhookEvent extends WebhookEventBase {}

  @Entity({ tableName: 'webhook_delivery' })
  class WebhookDelivery extends WebhookDeliveryBase {}

  @Entity({ tableName: 'webhook_attempt' })
  class WebhookAttempt extends WebhookAttemptBase {}

  return [WebhookSubscription, WebhookEvent, WebhookDelivery, WebhookAttempt];
}

/**
 * The migration that creates a subgraph's webhook tables, as first shipped: each producing
 * subgraph's `…Webhooks` migration extends it. Never change these statements; a later change is a new migration.
 */
export abstract class CreateWebhookTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhook_attempt" ("id" uuid not null, "delivery_id" uuid not null, "number" int not null, "at" timestamptz(3) not null, "status_code" int null, "error" text null, "duration_ms" int not null, constraint "webhook_attempt_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_attempt_delivery_id_number_index" on "webhook_attempt" ("delivery_id", "number");`);
    this.addSql(
      `create table "webhook_delivery" ("id" uuid not null, "event_id" uuid not null, "subscription_id" uuid not null, "event_type" varchar(255) not null, "status" varchar(255) not null default 'PENDING', "attempt_count" int not null default 0, "next_attempt_at" timestamptz(3) null, "delivered_at" timestamptz(3) null, "created_at" timestamptz(3) not null, "payload" text not null, constraint "webhook_delivery_pkey" primary key ("id"));`,
    );
    this.addSql(
      `create index "webhook_delivery_subscription_id_created_at_index" on "webhook_delivery" ("subscription_id", "created_at");`,
    );
    this.addSql(`create index "webhook_delivery_status_next_attempt_at_index" on "webhook_delivery" ("status", "next_attempt_at");`);
    this.addSql(
      `alter table "webhook_delivery" add constraint "webhook_delivery_event_id_subscription_id_unique" unique ("event_id", "subscription_id");`,
    );
    this.addSql(
      `create table "webhook_event" ("id" uuid not null, "type" varchar(255) not null, "data" jsonb not null, "occurred_at" timestamptz(3) not null, "dispatched_at" timestamptz(3) null, constraint "webhook_event_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_event_dispatched_at_occurred_at_index" on "webhook_event" ("dispatched_at", "occurred_at");`);
    this.addSql(
      `create table "webhook_subscription" ("id" uuid not null, "owner_city_id" uuid null, "owner_organisation_id" uuid null, "url" text not null, "event_types" text[] not null, "secret" text not null, "active" boolean not null default true, "created_at" timestamptz(3) not null, "created_by" varchar(255) null, constraint "webhook_subscription_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_subscription_owner_city_id_index" on "webhook_subscription" ("owner_city_id");`);
    this.addSql(`create index "webhook_subscription_owner_organisation_id_index" on "webhook_subscription" ("owner_organisation_id");`);
  }
}
