import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCustomerioSimulator, type CustomerioSimulator } from './index.ts';
import { app, identify, json, track } from './testClient.ts';

const NOW = Date.UTC(2026, 0, 1, 12);
const now = Math.floor(NOW / 1000);
const DAY = 86_400;

describe('customerio simulator: App API reads (reference C.7)', () => {
  let sim: CustomerioSimulator;
  beforeEach(async () => {
    sim = await startCustomerioSimulator({ clock: () => NOW });
    sim.seedPerson({ id: '42', email: 'jane@example.com', cioId: 'd9c106000001', attributes: { plan: 'pro', mrr: 99, vip: true, kommo_deal_id: 7 }, createdAt: now - 10 * DAY });
  });
  afterEach(() => sim.close());

  it('GET /v1/customers?email= finds people case-insensitively; an unencoded + finds nobody', async () => {
    const res = await app(sim, '/v1/customers?email=JANE%40example.com');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ results: [{ email: 'jane@example.com', id: '42', cio_id: 'd9c106000001' }] });

    sim.seedPerson({ id: '43', email: 'jane+crm@example.com' });
    expect(await json(await app(sim, '/v1/customers?email=jane+crm@example.com'))).toEqual({ results: [] });
    expect(await json(await app(sim, `/v1/customers?email=${encodeURIComponent('jane+crm@example.com')}`))).toMatchObject({ results: [{ id: '43' }] });

    const missing = await app(sim, '/v1/customers');
    expect(missing.status).toBe(400);
    expect(await json(missing)).toEqual({ meta: { error: 'email is required' } });
  });

  it('GET /v1/customers/{id}/attributes: identifiers, every attribute as a string, timestamps, unsubscribed', async () => {
    await identify(sim, '42', { unsubscribed: true, 'cio_subscription_preferences.topics.topic_1': false });
    const res = await app(sim, '/v1/customers/42/attributes');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      customer: {
        id: '42',
        identifiers: { email: 'jane@example.com', id: '42', cio_id: 'd9c106000001' },
        attributes: {
          plan: 'pro',
          mrr: '99',
          vip: 'true',
          kommo_deal_id: '7',
          unsubscribed: 'true',
          cio_subscription_preferences: '{"topics":{"topic_1":false}}',
          cio_id: 'd9c106000001',
          id: '42',
          email: 'jane@example.com',
        },
        timestamps: { cio_id: now - 10 * DAY, id: now - 10 * DAY, email: now - 10 * DAY, plan: now - 10 * DAY, mrr: now - 10 * DAY, vip: now - 10 * DAY, kommo_deal_id: now - 10 * DAY, unsubscribed: now, cio_subscription_preferences: now },
        unsubscribed: true,
        devices: [],
      },
    });
  });

  it('id_type selects the identifier; phone is not enabled (400); unknown people are 404', async () => {
    for (const path of ['/v1/customers/jane%40example.com/attributes?id_type=email', '/v1/customers/d9c106000001/attributes?id_type=cio_id', '/v1/customers/cio_d9c106000001/attributes?id_type=cio_id']) {
      expect(await json(await app(sim, path)), path).toMatchObject({ customer: { id: '42' } });
    }
    // Without id_type the value is an id, even when it looks like an email.
    expect((await app(sim, '/v1/customers/jane%40example.com/attributes')).status).toBe(404);
    const phone = await app(sim, '/v1/customers/%2B14155552671/attributes?id_type=phone');
    expect(phone.status).toBe(400);
    expect(await json(phone)).toEqual({ meta: { error: 'phone is not an enabled identifier in this workspace' } });
    expect((await app(sim, '/v1/customers/42/attributes?id_type=uuid')).status).toBe(400);
    const missing = await app(sim, '/v1/customers/99/attributes');
    expect(missing.status).toBe(404);
    expect(await json(missing)).toEqual({ meta: { error: 'Customer not found' } });
  });

  it('POST /v1/customers/attributes returns the people found, leaving missing ones out', async () => {
    sim.seedPerson({ id: '43', email: 'john@example.com' });
    const res = await app(sim, '/v1/customers/attributes?id_type=email', { method: 'POST', body: { ids: ['jane@example.com', 'nobody@example.com', 'john@example.com'] } });
    const body = await json(res);
    expect((body['customers'] as Array<{ customer: { id: string } }>).map((c) => c.customer.id)).toEqual(['42', '43']);
    expect((await app(sim, '/v1/customers/attributes', { method: 'POST', body: { ids: Array.from({ length: 101 }, (_, i) => String(i)) } })).status).toBe(400);
  });

  it('GET /v1/customers/{id}/messages: seeded deliveries with their metrics, newest first, paged', async () => {
    const [welcome, invoice] = sim.seedMessages('42', [
      { subject: 'Welcome to Pro', campaignId: 12, actionId: 96, sent: now - 3 * DAY, delivered: now - 3 * DAY + 5, opened: now - 2 * DAY, clicked: { at: now - 2 * DAY + 60, href: 'https://example.com/pricing', linkId: 3 }, converted: now - DAY },
      { subject: 'Your invoice', broadcastId: 9, actionId: 42, sent: now - DAY, bounced: { at: now - DAY + 2, type: 'hard' } },
      { subject: 'Old news', sent: now - 200 * DAY, delivered: now - 200 * DAY },
    ]);
    const res = await app(sim, '/v1/customers/42/messages');
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body['next']).toBe('');
    const messages = body['messages'] as Array<Record<string, unknown>>;
    expect(messages.map((m) => m['subject'])).toEqual(['Your invoice', 'Welcome to Pro']); // 6-month window, newest first
    expect(messages[0]).toEqual({
      id: invoice?.id,
      deduplicate_id: `${invoice?.id}:${now - DAY}`,
      msg_template_id: null,
      customer_id: '42',
      customer_identifiers: { id: '42', email: 'jane@example.com', cio_id: 'd9c106000001' },
      campaign_id: null,
      action_id: 42,
      broadcast_id: 9,
      newsletter_id: null,
      content_id: null,
      recipient: 'jane@example.com',
      subject: 'Your invoice',
      type: 'email',
      created: now - DAY,
      failure_message: '550 5.1.1 mailbox does not exist',
      forgotten: false,
      metrics: { sent: now - DAY, bounced: now - DAY + 2 },
    });
    expect(messages[1]).toMatchObject({ id: welcome?.id, campaign_id: 12, metrics: { sent: now - 3 * DAY, delivered: now - 3 * DAY + 5, opened: now - 2 * DAY, clicked: now - 2 * DAY + 60, converted: now - DAY } });

    const old = await json(await app(sim, `/v1/customers/42/messages?start_ts=${now - 365 * DAY}&end_ts=${now - 100 * DAY}`));
    expect((old['messages'] as Array<Record<string, unknown>>).map((m) => m['subject'])).toEqual(['Old news']);

    const page1 = await json(await app(sim, '/v1/customers/42/messages?limit=1'));
    expect((page1['messages'] as unknown[]).length).toBe(1);
    expect(page1['next']).not.toBe('');
    const page2 = await json(await app(sim, `/v1/customers/42/messages?limit=1&start=${String(page1['next'])}`));
    expect((page2['messages'] as Array<Record<string, unknown>>)[0]?.['subject']).toBe('Welcome to Pro');
    expect(page2['next']).toBe('');
    expect((await app(sim, '/v1/customers/42/messages?limit=0')).status).toBe(400);
  });

  it('GET /v1/customers/{id}/activities: message metrics, link clicks, bounces, events; filters; 30 days; limit 10', async () => {
    const [m] = sim.seedMessages('42', [
      { sent: now - 3 * DAY, delivered: now - 3 * DAY, opened: now - 2 * DAY, clicked: { at: now - 2 * DAY + 1, href: 'https://example.com/pricing', linkId: 3 } },
      { sent: now - DAY, bounced: { at: now - DAY + 1, type: 'soft' } },
      { sent: now - 40 * DAY },
    ]);
    const res = await app(sim, '/v1/customers/42/activities?limit=100');
    const body = await json(res);
    const activities = body['activities'] as Array<Record<string, unknown>>;
    expect(activities.map((a) => a['type'])).toEqual(['bounced_email', 'sent_email', 'clicked_email', 'opened_email', 'sent_email', 'delivered_email']);
    expect(activities[0]).toMatchObject({ type: 'bounced_email', delivery_type: 'email', data: { failure_message: '452 4.2.2 mailbox full' } });
    const clicked = activities.find((a) => a['type'] === 'clicked_email');
    expect(clicked).toMatchObject({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      customer_id: '42',
      customer_identifiers: { id: '42', email: 'jane@example.com', cio_id: 'd9c106000001' },
      delivery_id: m?.id,
      data: { href: 'https://example.com/pricing', link_id: 3 },
    });

    const onlyClicks = await json(await app(sim, '/v1/customers/42/activities?type=clicked_email'));
    expect((onlyClicks['activities'] as unknown[]).length).toBe(1);

    await identify(sim, '42', { plan: 'max' });
    const planChanges = await json(await app(sim, '/v1/customers/42/activities?type=attribute_change&name=plan'));
    expect(planChanges['activities']).toMatchObject([{ type: 'attribute_change', data: { plan: { from: 'pro', to: 'max' } } }]);

    sim.seedMessages('42', Array.from({ length: 12 }, (_, i) => ({ sent: now - i })));
    const firstPage = await json(await app(sim, '/v1/customers/42/activities'));
    expect((firstPage['activities'] as unknown[]).length).toBe(10);
    expect(firstPage['next']).not.toBe('');
  });

  it('an unsubscribe by link or by POST /unsubscribe/{delivery_id} (no auth) sets unsubscribed and logs unsubscribed_email', async () => {
    const [m1, m2] = sim.seedMessages('42', [{ sent: now - DAY }, { sent: now }]);
    sim.unsubscribeViaLink('42', m1?.id);
    expect(sim.person('42')?.unsubscribed).toBe(true);
    expect(sim.history('42').at(-1)).toMatchObject({ source: 'link', unsubscribed: true });
    expect(sim.messages('42')[0]?.metrics.unsubscribed).toBe(now);

    await identify(sim, '42', { unsubscribed: false });
    const res = await track(sim, 'POST', `/unsubscribe/${m2?.id ?? ''}`, { body: { unsubscribe: true }, auth: null });
    expect(res.status).toBe(200);
    expect(sim.person('42')?.unsubscribed).toBe(true);
    expect(sim.activities('42').filter((a) => a.type === 'unsubscribed_email')).toHaveLength(2);

    const noJson = await track(sim, 'POST', `/unsubscribe/${m2?.id ?? ''}`, { body: { unsubscribe: true }, auth: null, contentType: 'text/plain' });
    expect(noJson.status).toBe(400);
    expect(await json(noJson)).toEqual({ meta: { error: 'The `delivery_id` format is incorrect or the request is malformed.' } });
  });
});
