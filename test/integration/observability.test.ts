import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailClicked, sendReportingWebhook } from '../simulators/customerio/index.ts';
import { automationWebhookBodies, sendAutomationWebhook as sendMoosend } from '../simulators/moosend/index.ts';
import { renderFixtureWebhookBody, sendAutomationWebhook as sendOmnisend } from '../simulators/omnisend/index.ts';
import { CURRENT_USER_ID } from '../simulators/kommo/index.ts';
import {
  CIO_PATH_SECRET,
  MOOSEND_PATH_SECRET,
  OMNISEND_HEADER_SECRET,
  OMNISEND_PATH_SECRET,
  startConnectedBridge,
  type ConnectedBridge,
} from '../support/connectedBridge.ts';
import { queueDrained } from '../support/inProcessBridge.ts';
import { leadStatus } from '../support/kommoPayloads.ts';

/** Issue #7, operations: /metrics in Prometheus text, JSON logs with a request id, never a secret. */
let world: ConnectedBridge;
beforeEach(async () => {
  world = await startConnectedBridge({ deals: 3 });
  world.bridge.worker.start();
});
afterEach(() => world.close());

const metricValue = (text: string, series: string) => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('a full flow with every secret configured', () => {
  it('logs every request as JSON with its request id, counts it in /metrics, and never writes a secret to either', async () => {
    const { bridge, kommo, omnisend, moosend, cio } = world;
    // One failure per ESP, so the retry and error paths (which print what they called) are logged too.
    omnisend.failNext({ status: 500 });
    moosend.failNext({ status: 500 });
    cio.failNext({ status: 500, api: 'track' });
    const hook = await bridge.postKommoWebhook(leadStatus([5000, 5001, 5002].map((id) => ({ id, statusId: 142 }))));
    expect(hook.status).toBe(200);
    const requestId = hook.headers.get('x-request-id');
    expect(requestId).toMatch(/\S{8,}/);
    await queueDrained(bridge, 30_000);
    await omnisend.settled();

    const clicked = await sendReportingWebhook({
      url: `${bridge.origin}/webhooks/customerio/${CIO_PATH_SECRET}`,
      signingKey: cio.credentials.webhookSigningKey,
      body: emailClicked({ identifiers: { id: 'buyer.0@example.com', email: 'buyer.0@example.com', cio_id: 'd9c106000001' }, subject: 'Hi', href: 'https://acme.example/x' }),
    });
    expect(clicked.status).toBe(200);
    const omnisendHook = await sendOmnisend({
      url: `${bridge.origin}/webhooks/omnisend/${OMNISEND_PATH_SECRET}`,
      headers: [{ key: 'X-Bridge-Secret', value: OMNISEND_HEADER_SECRET }],
      body: renderFixtureWebhookBody({ event: 'clicked message', contactEmail: 'buyer.1@example.com', campaign: 'Welcome', link: 'https://example.com/p' }),
    });
    expect(omnisendHook.status).toBe(200);
    const moosendHook = await sendMoosend({ url: `${bridge.origin}/webhooks/moosend/${MOOSEND_PATH_SECRET}`, body: automationWebhookBodies.nestedSubscriber({ email: 'buyer.2@example.com', event: 'Opened' }) });
    expect(moosendHook.status).toBe(200);
    const forged = await sendReportingWebhook({ url: `${bridge.origin}/webhooks/customerio/${CIO_PATH_SECRET}`, signingKey: cio.credentials.webhookSigningKey, body: emailClicked({ identifiers: { id: 'x', email: 'x@example.com', cio_id: 'd9c106000002' }, href: 'https://x' }), forge: 'bad-signature' });
    expect(forged.status).toBe(401);
    await queueDrained(bridge, 30_000);

    const disposable = world.token();
    const panelHeaders = { 'X-Auth-Token': disposable, Origin: `https://${kommo.subdomain}.kommo.com` };
    expect((await fetch(`${bridge.origin}/api/leads/5000/panel`, { headers: panelHeaders })).status).toBe(200);
    const resync = await fetch(`${bridge.origin}/api/leads/5001/resync`, { method: 'POST', headers: { ...panelHeaders, 'Idempotency-Key': 'click-1' } });
    expect(resync.status).toBe(200);
    const personal = await bridge.personalTokens.issue({ accountId: bridge.selfHosted!.id, userId: CURRENT_USER_ID, label: 'laptop' });
    expect((await fetch(`${bridge.origin}/api/me`, { headers: { Authorization: `Bearer ${personal.token}` } })).status).toBe(200);

    // The storage failure path logs the path it refused: the webhook secret in it must not follow.
    bridge.db.pragma('query_only = ON');
    expect((await bridge.postKommoWebhook(leadStatus([{ id: 5000, statusId: 143 }]))).status).toBe(503);
    bridge.db.pragma('query_only = OFF');

    const metrics = await fetch(`${bridge.origin}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await metrics.text();

    expect(metricValue(text, 'bridge_webhooks_received_total{source="kommo",outcome="queued"}')).toBe(1);
    expect(metricValue(text, 'bridge_webhooks_received_total{source="kommo",outcome="unavailable"}')).toBe(1);
    expect(metricValue(text, 'bridge_webhooks_received_total{source="customerio",outcome="queued"}')).toBe(1);
    expect(metricValue(text, 'bridge_webhooks_received_total{source="customerio",outcome="refused"}')).toBe(1);
    expect(metricValue(text, 'bridge_webhooks_received_total{source="omnisend",outcome="queued"}')).toBe(1);
    expect(metricValue(text, 'bridge_webhooks_received_total{source="moosend",outcome="queued"}')).toBe(1);
    expect(metricValue(text, 'bridge_webhook_ack_duration_seconds_count{source="kommo"}')).toBe(2);
    let espRetries = 0;
    for (const esp of ['omnisend', 'moosend', 'customerio']) {
      expect(metricValue(text, `bridge_job_outcomes_total{target="${esp}",outcome="done"}`), esp).toBeGreaterThan(0);
      // One failed batch request fails every job in the batch.
      const retried = metricValue(text, `bridge_job_outcomes_total{target="${esp}",outcome="retry"}`) ?? 0;
      expect(retried, esp).toBeGreaterThanOrEqual(1);
      espRetries += retried;
    }
    expect(metricValue(text, 'bridge_job_outcomes_total{target="kommo",outcome="done"}')).toBeGreaterThan(0);
    expect(metricValue(text, 'bridge_job_retries_total{kind="esp.push"}')).toBe(espRetries);
    expect(metricValue(text, 'bridge_queue_jobs{status="pending"}')).toBe(0);
    expect(metricValue(text, 'bridge_queue_oldest_pending_age_seconds')).toBe(0);
    expect(text).toMatch(/^bridge_job_duration_seconds_bucket\{le="[\d.]+",kind="kommo\.lead-changed"\} \d+$/m);

    const lines = bridge.logs;
    const http = lines.filter((l) => l.event === 'http.request');
    expect(http.length).toBeGreaterThanOrEqual(10);
    for (const line of http) expect(line, JSON.stringify(line)).toMatchObject({ requestId: expect.any(String), method: expect.any(String), status: expect.any(Number) });
    expect(http.find((l) => l.requestId === requestId)).toMatchObject({
      path: '/webhooks/kommo/[secret]',
      status: 200,
      webhook: 'queued',
      webhookId: expect.any(Number),
    });
    expect(lines.find((l) => l.event === 'storage.unavailable')).toMatchObject({ requestId: expect.any(String), path: '/webhooks/kommo/[secret]' });
    expect(lines.some((l) => l.event === 'job.retry')).toBe(true);

    const secrets = { ...world.secrets, DISPOSABLE_TOKEN: disposable, PERSONAL_TOKEN: personal.token };
    const everything = lines.map((l) => JSON.stringify(l)).join('\n') + '\n' + text;
    for (const [name, secret] of Object.entries(secrets)) {
      expect(everything.includes(secret), `${name} appears in the logs or /metrics`).toBe(false);
    }
  });
});
