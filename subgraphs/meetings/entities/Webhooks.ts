import { Entity } from '@mikro-orm/core';
import { WebhookAttemptBase, WebhookDeliveryBase, WebhookEventBase, WebhookSubscriptionBase } from '../../../shared/webhooks';

/* This subgraph's webhook tables: registrations, the outbox, deliveries and their attempts (see shared/webhooks.ts). */

@Entity({ tableName: 'webhook_subscription' })
export class WebhookSubscription extends WebhookSubscriptionBase {}

@Entity({ tableName: 'webhook_event' })
export class WebhookEvent extends WebhookEventBase {}

@Entity({ tableName: 'webhook_delivery' })
export class WebhookDelivery extends WebhookDeliveryBase {}

@Entity({ tableName: 'webhook_attempt' })
export class WebhookAttempt extends WebhookAttemptBase {}
