import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { cities } from '../subgraphs/cities';
import { funding } from '../subgraphs/funding';
import { meetings } from '../subgraphs/meetings';
import { peerReviews } from '../subgraphs/peer-reviews';
import { mintToken } from '../shared/identity';
import { sampleIds } from '../shared/sample-ids';
import { startChildHub } from './child-hub';
import { codes, postGraphQL, startTestHub, TEST_JWT_SECRET, type GraphQLResult, type TestHub } from './helpers';

/**
 * Webhooks over real HTTP: a receiver on 127.0.0.1 (allowed by HUB_WEBHOOK_ALLOW_LOCAL_HTTP, as in
 * development), Standard Webhooks signatures checked with the `standardwebhooks` package, retries
 * with backoff visible as attempts, and a hub killed between the change and the delivery that
 * delivers it once after its restart.
 */

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP endpoint that records what it receives and answers with `respond()`'s status. */
async function startReceiver(port = 0, respond: () => number = () => 204) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = respond();
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hook`,
    port: actual,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Checks a delivery's Standard Webhooks signature and returns its payload. */
function verified(secret: string, message: Received) {
  return new Webhook(secret).verify(message.body, {
    'webhook-id': String(message.headers['webhook-id']),
    'webhook-timestamp': String(message.headers['webhook-timestamp']),
    'webhook-signature': String(message.headers['webhook-signature']),
  }) as { type: string; timestamp: string; data: Record<string, unknown> };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'the condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function ok<T = any>(result: GraphQLResult<T>): T {
  if (result.errors) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.data as T;
}

const en = (text: string) => [{ locale: 'en', text }];
const UNHCR = sampleIds.organisation('unhcr');
const WALD = sampleIds.organisation('wald');
const GOTEBORG = sampleIds.city('goteborg');

const REGISTER_MEETING = `mutation($input: WebhookInput!) { registerMeetingWebhook(input: $input) { secret subscription { id url eventTypes active ownerCityId ownerOrganisationId } } }`;
const MEETING_WEBHOOKS = `{ meetingWebhooks { id url eventTypes active deliveries { id eventType eventName status attemptCount deliveredAt payload attempts { number statusCode error durationMs } } } }`;
const CREATE_MEETING = `mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }`;
const PUBLISH_MEETING = `mutation($id: ID!) { publishMeeting(id: $id) { id status } }`;
const meetingInput = (title: string) => ({ title: en(title), timeZone: 'Europe/Istanbul', startsAt: '2026-01-15T09:00:00Z' });
const ADD_ITEM = `mutation($m: ID!, $input: CreateAgendaItemInput!) { addAgendaItem(meetingId: $m, input: $input) { id } }`;

type Call = (query: string, variables: Record<string, unknown>) => Promise<GraphQLResult<any>>;

/** A draft meeting with one agenda item, ready to publish. */
async function draftMeeting(call: Call, title: string): Promise<{ id: string }> {
  const meeting = ok(await call(CREATE_MEETING, { input: meetingInput(title) })).createMeeting;
  ok(await call(ADD_ITEM, { m: meeting.id, input: { kind: 'OPENING', title: en('Opening') } }));
  return meeting;
}

describe('in one process', () => {
  let hub: TestHub;
  let organiser: string;
  beforeAll(async () => {
    hub = await startTestHub([cities, meetings, funding, peerReviews], {
      webhooks: { allowLocalHttp: true, retryBaseMs: 300 },
    });
    organiser = await hub.token({ roles: ['organiser'], organisationId: UNHCR, subject: 'webhook-unhcr' });
  });
  afterAll(() => hub?.close());

  test('registration: signed in, an https endpoint (http only on this machine, by setting), events of the area, for the caller’s own city or organisation', async () => {
    const input = { url: 'https://ngo.example.org/hooks/hub', eventTypes: ['MEETING_PUBLISHED'] };
    expect(codes(await hub.query(REGISTER_MEETING, { input }))).toEqual(['UNAUTHENTICATED']);
    for (const url of ['http://ngo.example.org/hook', 'ftp://127.0.0.1/hook', 'not a url', 'https://user:pw@ngo.example.org/']) {
      const refused = await hub.query(REGISTER_MEETING, { input: { ...input, url } }, { token: organiser });
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
      expect(refused.errors![0].extensions?.field).toBe('url');
    }
    const foreign = await hub.query(
      REGISTER_MEETING,
      { input: { ...input, eventTypes: ['FUNDING_ACTIVITY_PUBLISHED'] } },
      { token: organiser },
    );
    expect(codes(foreign)).toEqual(['BAD_USER_INPUT']);
    expect(foreign.errors![0].extensions?.field).toBe('eventTypes');
    expect(codes(await hub.query(REGISTER_MEETING, { input: { ...input, organisationId: WALD } }, { token: organiser }))).toEqual([
      'FORBIDDEN',
    ]);

    const registered = ok(await hub.query(REGISTER_MEETING, { input }, { token: organiser })).registerMeetingWebhook;
    expect(registered.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(registered.subscription).toMatchObject({
      url: input.url,
      eventTypes: ['MEETING_PUBLISHED'],
      active: true,
      ownerOrganisationId: UNHCR,
      ownerCityId: null,
    });

    // only the owner sees and removes it
    const wald = await hub.token({ roles: ['organiser'], organisationId: WALD });
    expect(ok(await hub.query(MEETING_WEBHOOKS, {}, { token: wald })).meetingWebhooks.map((w: { id: string }) => w.id)).not.toContain(
      registered.subscription.id,
    );
    const REMOVE = `mutation($id: ID!) { removeMeetingWebhook(id: $id) { id active } }`;
    expect(codes(await hub.query(REMOVE, { id: registered.subscription.id }, { token: wald }))).toEqual(['NOT_FOUND']);
    expect(ok(await hub.query(REMOVE, { id: registered.subscription.id }, { token: organiser })).removeMeetingWebhook.active).toBe(false);
  });

  test('a published meeting and a recorded outcome are delivered, signed; a failed attempt is retried with the same webhook-id, and every attempt is queryable', async () => {
    let failNext = 0;
    const receiver = await startReceiver(0, () => (failNext-- > 0 ? 503 : 204));
    try {
      const { secret, subscription } = ok(
        await hub.query(
          REGISTER_MEETING,
          { input: { url: receiver.url, eventTypes: ['MEETING_PUBLISHED', 'OUTCOME_RECORDED'] } },
          { token: organiser },
        ),
      ).registerMeetingWebhook;
      const meeting = await draftMeeting((q, v) => hub.query(q, v, { token: organiser }), 'Webhook meeting');
      // a draft is nobody's news
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(0);
      ok(await hub.query(PUBLISH_MEETING, { id: meeting.id }, { token: organiser }));
      await until(() => receiver.received.length === 1, 30_000, 'the meeting.published delivery');
      const published = verified(secret, receiver.received[0]);
      expect(published).toMatchObject({ type: 'meeting.published', data: { meetingId: meeting.id } });
      // a wrong secret does not verify
      expect(() => verified(`whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`, receiver.received[0])).toThrow();

      failNext = 1;
      const outcome = ok(
        await hub.query(
          `mutation($m: ID!, $input: RecordOutcomeInput!) { recordOutcome(meetingId: $m, input: $input) { id } }`,
          { m: meeting.id, input: { kind: 'DECISION', text: en('We agree.') } },
          { token: organiser },
        ),
      ).recordOutcome;
      await until(() => receiver.received.length === 3, 30_000, 'the outcome.recorded retry');
      const [first, retry] = receiver.received.slice(1);
      expect(retry.headers['webhook-id']).toBe(first.headers['webhook-id']);
      expect(verified(secret, retry)).toMatchObject({
        type: 'outcome.recorded',
        data: { outcomeId: outcome.id, meetingId: meeting.id, kind: 'DECISION' },
      });

      await until(
        async () =>
          ok(await hub.query(MEETING_WEBHOOKS, {}, { token: organiser }))
            .meetingWebhooks.find((w: { id: string }) => w.id === subscription.id)
            .deliveries.every((d: { status: string }) => d.status === 'DELIVERED'),
        10_000,
        'both deliveries to be DELIVERED',
      );
      const mine = ok(await hub.query(MEETING_WEBHOOKS, {}, { token: organiser })).meetingWebhooks.find(
        (w: { id: string }) => w.id === subscription.id,
      );
      expect(mine.deliveries).toHaveLength(2);
      const [outcomeDelivery, meetingDelivery] = mine.deliveries;
      expect(meetingDelivery).toMatchObject({
        id: receiver.received[0].headers['webhook-id'],
        eventType: 'MEETING_PUBLISHED',
        eventName: 'meeting.published',
        status: 'DELIVERED',
        attemptCount: 1,
      });
      expect(meetingDelivery.attempts).toEqual([{ number: 1, statusCode: 204, error: null, durationMs: expect.any(Number) }]);
      expect(outcomeDelivery).toMatchObject({
        id: first.headers['webhook-id'],
        eventType: 'OUTCOME_RECORDED',
        status: 'DELIVERED',
        attemptCount: 2,
      });
      expect(outcomeDelivery.attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([503, 204]);
      expect(JSON.parse(outcomeDelivery.payload)).toEqual(verified(secret, retry));
    } finally {
      await receiver.close();
    }
  });

  test('an unreachable endpoint: attempts with the reason, retried with growing waits', async () => {
    const closed = await startReceiver();
    await closed.close();
    const { subscription } = ok(
      await hub.query(REGISTER_MEETING, { input: { url: closed.url, eventTypes: ['MEETING_PUBLISHED'] } }, { token: organiser }),
    ).registerMeetingWebhook;
    const meeting = await draftMeeting((q, v) => hub.query(q, v, { token: organiser }), 'Unreachable');
    ok(await hub.query(PUBLISH_MEETING, { id: meeting.id }, { token: organiser }));
    const deliveriesOf = async () =>
      ok(await hub.query(MEETING_WEBHOOKS, {}, { token: organiser })).meetingWebhooks.find((w: { id: string }) => w.id === subscription.id)
        .deliveries;
    await until(async () => (await deliveriesOf())[0]?.attemptCount >= 3, 30_000, 'three attempts');
    const [delivery] = await deliveriesOf();
    expect(delivery.status).toBe('PENDING');
    expect(
      delivery.attempts
        .slice(0, 3)
        .map((a: { statusCode: number | null; error: string }) => [a.statusCode, /ECONNREFUSED|refused|Not delivered/.test(a.error)]),
    ).toEqual([
      [null, true],
      [null, true],
      [null, true],
    ]);
  });

  test('funding: an activity is news once published (drafts never leave), then when it or its budget changes', async () => {
    const receiver = await startReceiver();
    try {
      const funder = await hub.token({ roles: ['funder'], organisationId: sampleIds.organisation('european-commission') });
      const { secret } = ok(
        await hub.query(
          `mutation($input: WebhookInput!) { registerFundingWebhook(input: $input) { secret } }`,
          { input: { url: receiver.url, eventTypes: ['FUNDING_ACTIVITY_PUBLISHED', 'FUNDING_ACTIVITY_CHANGED'] } },
          { token: funder },
        ),
      ).registerFundingWebhook;
      const activity = ok(
        await hub.query(
          `mutation($input: CreateFundingActivityInput!) { createFundingActivity(input: $input) { id } }`,
          {
            input: {
              identifier: `XI-WEBHOOK-${Date.now()}`,
              title: en('Webhook activity'),
              status: 'IMPLEMENTATION',
              plannedStart: '2025-01-01',
              plannedEnd: '2025-12-31',
              defaultCurrency: 'EUR',
              themes: ['LANGUAGE'],
              recipientCountries: ['NO'],
              participatingCityIds: [sampleIds.city('trondheim')],
              participatingOrganisations: [
                { organisationId: sampleIds.organisation('european-commission'), role: 'FUNDING' },
                { organisationId: sampleIds.organisation('eurocities'), role: 'IMPLEMENTING' },
              ],
            },
          },
          { token: funder },
        ),
      ).createFundingActivity;
      const ADD_BUDGET = `mutation($id: ID!, $input: BudgetInput!) { addBudget(activityId: $id, input: $input) { id } }`;
      const budget = {
        periodStart: '2025-01-01',
        periodEnd: '2025-12-31',
        value: { amount: '1000', currency: 'EUR', valueDate: '2025-01-01' },
      };
      ok(await hub.query(ADD_BUDGET, { id: activity.id, input: budget }, { token: funder }));
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(0);
      ok(await hub.query(`mutation($id: ID!) { publishFundingActivity(id: $id) { id } }`, { id: activity.id }, { token: funder }));
      await until(() => receiver.received.length === 1, 30_000, 'funding_activity.published');
      expect(verified(secret, receiver.received[0])).toMatchObject({
        type: 'funding_activity.published',
        data: { fundingActivityId: activity.id },
      });
      ok(
        await hub.query(
          ADD_BUDGET,
          { id: activity.id, input: { ...budget, periodStart: '2026-01-01', periodEnd: '2026-12-31' } },
          { token: funder },
        ),
      );
      await until(() => receiver.received.length === 2, 30_000, 'funding_activity.changed');
      // the budget and the activity's total changed in one write: one event
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(2);
      expect(verified(secret, receiver.received[1])).toMatchObject({
        type: 'funding_activity.changed',
        data: { fundingActivityId: activity.id },
      });
    } finally {
      await receiver.close();
    }
  });

  test('peer reviews: the host city hears when a recommendation’s status changes', async () => {
    const receiver = await startReceiver();
    try {
      const host = await hub.token({ roles: ['municipality'], cityId: GOTEBORG });
      const { secret, subscription } = ok(
        await hub.query(
          `mutation($input: WebhookInput!) { registerPeerReviewWebhook(input: $input) { secret subscription { ownerCityId } } }`,
          { input: { url: receiver.url, eventTypes: ['RECOMMENDATION_STATUS_CHANGED'] } },
          { token: host },
        ),
      ).registerPeerReviewWebhook;
      expect(subscription.ownerCityId).toBe(GOTEBORG);
      const review = ok(
        await hub.query(`query($id: ID!) { peerReview(id: $id) { recommendations { id version response } } }`, {
          id: sampleIds.peerReview('goteborg-housing-2025'),
        }),
      ).peerReview;
      const recommendation =
        review.recommendations.find((r: { response: string | null }) => r.response == null) ?? review.recommendations[0];
      ok(
        await hub.query(
          `mutation($id: ID!, $input: RecommendationResponseInput!, $v: Int) { respondToRecommendation(id: $id, input: $input, expectedVersion: $v) { id } }`,
          {
            id: recommendation.id,
            input: { response: recommendation.response === 'ACCEPTED' ? 'REJECTED' : 'ACCEPTED', reason: en('Decided by the council.') },
            v: recommendation.version,
          },
          { token: host },
        ),
      );
      await until(() => receiver.received.length === 1, 30_000, 'recommendation.status_changed');
      expect(verified(secret, receiver.received[0])).toMatchObject({
        type: 'recommendation.status_changed',
        data: { recommendationId: recommendation.id },
      });
    } finally {
      await receiver.close();
    }
  });
});

describe('across a restart', () => {
  test('the hub is killed between the change and the delivery; after its restart the delivery arrives, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub-webhooks-'));
    // an attempt's time limit of 1 s: one cut off by the kill is taken up again 6 s later
    const env = { HUB_WEBHOOK_ALLOW_LOCAL_HTTP: 'true', HUB_WEBHOOK_RETRY_BASE_MS: '300', HUB_WEBHOOK_TIMEOUT_MS: '1000' };
    // a port that nothing listens on yet: the receiver is down while the hub runs the first time
    const placeholder = await startReceiver();
    await placeholder.close();
    let hub = await startChildHub(dir, env);
    let receiver: Awaited<ReturnType<typeof startReceiver>> | null = null;
    try {
      const organiser = await mintToken(TEST_JWT_SECRET, { subject: 'restart-organiser', roles: ['organiser'], organisationId: UNHCR });
      const { secret } = ok(
        await postGraphQL<any>(
          hub.url,
          REGISTER_MEETING,
          { input: { url: placeholder.url, eventTypes: ['MEETING_PUBLISHED'] } },
          { token: organiser },
        ),
      ).registerMeetingWebhook;
      const meeting = await draftMeeting((q, v) => postGraphQL<any>(hub.url, q, v, { token: organiser }), 'Survives a crash');
      ok(await postGraphQL<any>(hub.url, PUBLISH_MEETING, { id: meeting.id }, { token: organiser }));
      hub.process.kill('SIGKILL');
      expect(await hub.exited).toBe('SIGKILL');

      receiver = await startReceiver(placeholder.port);
      hub = await startChildHub(dir, env);
      await until(() => receiver!.received.length >= 1, 60_000, 'the delivery after the restart');
      // more than the lease of an attempt in flight at the kill, and many retry rounds: still once
      await new Promise((r) => setTimeout(r, 7_000));
      expect(receiver.received).toHaveLength(1);
      expect(verified(secret, receiver.received[0])).toMatchObject({ type: 'meeting.published', data: { meetingId: meeting.id } });
      const [subscription] = ok(await postGraphQL<any>(hub.url, MEETING_WEBHOOKS, {}, { token: organiser })).meetingWebhooks;
      expect(subscription.deliveries).toHaveLength(1);
      expect(subscription.deliveries[0]).toMatchObject({ id: receiver.received[0].headers['webhook-id'], status: 'DELIVERED' });
      expect(subscription.deliveries[0].attempts[subscription.deliveries[0].attempts.length - 1].statusCode).toBe(204);
    } finally {
      hub.process.kill('SIGTERM');
      await hub.exited;
      await receiver?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
