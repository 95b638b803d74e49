import { defineWebhookEntities } from '../../../shared/webhooks';

/** This subgraph's webhook tables (see shared/webhooks.ts). */
export const webhookEntities = defineWebhookEntities();
