import { CreateWebhookTables } from '../../../shared/webhooks';

/** The webhook tables (shared/webhooks.ts): registrations, the outbox, deliveries and their attempts. */
export class Migration20261202121500MeetingsWebhooks extends CreateWebhookTables {}
