import { referenced, webhookEvents, webhookResolvers, WebhookEventType } from '../../../shared/webhooks';
import { Declaration } from '../entities/Declaration';
import { MeetingStatus } from '../entities/enums';
import { Meeting } from '../entities/Meeting';
import { Outcome } from '../entities/Outcome';

/* The meetings subgraph's webhook events, written into its outbox with the change (shared/webhooks.ts). */

webhookEvents(Meeting, ({ record, changed }) => {
  const status = changed('status');
  return status?.current === MeetingStatus.PUBLISHED && status.previous === MeetingStatus.DRAFT
    ? [{ type: WebhookEventType.MEETING_PUBLISHED, data: { meetingId: record.id } }]
    : [];
});

webhookEvents(Outcome, async ({ kind, record, em }) => {
  if (kind !== 'create') return [];
  const meeting = await referenced(em, Meeting, record.meeting);
  // an outcome of a draft is no news for anyone outside the organisers
  if (!meeting || meeting.status === MeetingStatus.DRAFT) return [];
  return [{ type: WebhookEventType.OUTCOME_RECORDED, data: { outcomeId: record.id, meetingId: meeting.id, kind: record.kind } }];
});

webhookEvents(Declaration, ({ kind, record, changed }) => {
  const before = (field: 'adoptedOn' | 'adoptedYear') =>
    kind === 'create' ? null : changed(field) ? changed(field)!.previous : record[field];
  const wasAdopted = before('adoptedOn') != null || before('adoptedYear') != null;
  const adopted = record.adoptedOn != null || record.adoptedYear != null;
  return adopted && !wasAdopted && kind !== 'delete'
    ? [
        {
          type: WebhookEventType.DECLARATION_ADOPTED,
          data: { declarationId: record.id, adoptedOn: record.adoptedOn ?? null, adoptedYear: record.adoptedYear ?? null },
        },
      ]
    : [];
});

export const [MeetingWebhookResolver, MeetingWebhookDeliveryResolver] = webhookResolvers('Meeting', [
  WebhookEventType.MEETING_PUBLISHED,
  WebhookEventType.OUTCOME_RECORDED,
  WebhookEventType.DECLARATION_ADOPTED,
]);
