import { referenced, webhookEvents, webhookResolvers, WebhookEventType } from '../../../shared/webhooks';
import { PeerReview } from '../entities/PeerReview';
import { Recommendation } from '../entities/Recommendation';
import { isPublished } from '../lifecycle';

/* The peer-reviews subgraph's webhook events, written into its outbox with the change (shared/webhooks.ts). */

webhookEvents(Recommendation, async ({ kind, record, changed, em }) => {
  if (kind !== 'update' || (!changed('followUpStatus') && !changed('response'))) return [];
  const review = await referenced(em, PeerReview, record.peerReview);
  // a review before its report is hidden: its recommendations are no one's news yet
  if (!review || !isPublished(review.status)) return [];
  return [
    {
      type: WebhookEventType.RECOMMENDATION_STATUS_CHANGED,
      data: {
        recommendationId: record.id,
        peerReviewId: review.id,
        response: record.response ?? null,
        followUpStatus: record.followUpStatus,
      },
    },
  ];
});

export const [PeerReviewWebhookResolver, PeerReviewWebhookDeliveryResolver] = webhookResolvers('PeerReview', [
  WebhookEventType.RECOMMENDATION_STATUS_CHANGED,
]);
