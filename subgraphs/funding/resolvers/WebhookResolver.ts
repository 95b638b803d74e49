import { referenced, webhookEvents, webhookResolvers, WebhookEventType } from '../../../shared/webhooks';
import { Budget } from '../entities/Budget';
import { FundingActivity } from '../entities/FundingActivity';
import { Transaction } from '../entities/Transaction';

/* The funding subgraph's webhook events, written into its outbox with the change (shared/webhooks.ts). Drafts never leave. */

webhookEvents(FundingActivity, ({ kind, record, changed }) => {
  const published = changed('published');
  if (published?.current === true) return [{ type: WebhookEventType.FUNDING_ACTIVITY_PUBLISHED, data: { fundingActivityId: record.id } }];
  if (kind === 'update' && !published && record.published)
    return [{ type: WebhookEventType.FUNDING_ACTIVITY_CHANGED, data: { fundingActivityId: record.id } }];
  return [];
});

/** A budget or a transaction of a published activity changes the activity. */
const partOfPublished = async ({ record, em }: { record: Budget | Transaction; em: Parameters<typeof referenced>[0] }) => {
  const activity = await referenced(em, FundingActivity, record.activity);
  return activity?.published ? [{ type: WebhookEventType.FUNDING_ACTIVITY_CHANGED, data: { fundingActivityId: activity.id } }] : [];
};
webhookEvents(Budget, partOfPublished);
webhookEvents(Transaction, partOfPublished);

export const [FundingWebhookResolver, FundingWebhookDeliveryResolver] = webhookResolvers('Funding', [
  WebhookEventType.FUNDING_ACTIVITY_PUBLISHED,
  WebhookEventType.FUNDING_ACTIVITY_CHANGED,
]);
