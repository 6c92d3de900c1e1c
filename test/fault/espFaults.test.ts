import { afterEach, describe, expect, it } from 'vitest';
import { buyerEmails, startConnectedBridge, type ConnectedBridge } from '../support/connectedBridge.ts';
import { eventually, queueDrained } from '../support/inProcessBridge.ts';
import { leadStatus } from '../support/kommoPayloads.ts';

/** SPEC §6 reliability, injected at the ESP simulators: an outage, then a 429 storm. */
let world: ConnectedBridge | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

const DEALS = 6;
const moveAllToWon = (w: ConnectedBridge) => w.bridge.postKommoWebhook(leadStatus(Array.from({ length: DEALS }, (_, i) => ({ id: 5000 + i, statusId: 142 }))));
const espPushJobs = (w: ConnectedBridge) =>
  w.bridge.db.prepare("SELECT target, status, attempts FROM jobs WHERE kind = 'esp.push'").all() as { target: string; status: string; attempts: number }[];

function expectEveryContactOnceEverywhere(w: ConnectedBridge): void {
  for (const email of buyerEmails(DEALS)) {
    expect(w.omnisend.contacts.byEmail(email), email).toMatchObject({ tags: ['customer'] });
    expect(w.moosend.subscriber(w.listId, email), email).toMatchObject({ SubscribeType: 1 });
    expect(w.cio.events(email).map((e) => e.name), email).toEqual(['deal_won']);
  }
  expect(w.omnisend.contacts.all()).toHaveLength(DEALS);
  expect(w.cio.people()).toHaveLength(DEALS);
}

describe('all three ESPs down (connection refused) for two minutes, then back', () => {
  it('delivers every contact to every ESP once the ESPs are back, exactly once, with no dead letter', async () => {
    // The bridge's clock runs 30 times faster: the retry schedule is the production one, the two minutes take four seconds.
    const SPEED = 30;
    const OUTAGE_MS = 120_000;
    const start = Date.now();
    const clock = () => start + (Date.now() - start) * SPEED;
    world = await startConnectedBridge({ deals: DEALS, worker: { pollMs: 10 }, now: clock });
    const w = world;
    for (const esp of [w.omnisend, w.moosend, w.cio]) esp.down(true);
    setTimeout(() => {
      for (const esp of [w.omnisend, w.moosend, w.cio]) esp.down(false);
    }, OUTAGE_MS / SPEED);
    w.bridge.worker.start();
    expect((await moveAllToWon(w)).status).toBe(200);

    await eventually(() => w.bridge.logs.filter((l) => l.event === 'job.retry').length >= 6, 10_000, 'retries during the outage');
    expect(w.omnisend.requests.length + w.moosend.requests.length + w.cio.trackRequests.length).toBe(0);

    await eventually(() => clock() - start > OUTAGE_MS, 10_000, 'the end of the outage');
    await queueDrained(w.bridge, 30_000);
    await w.omnisend.settled();
    expectEveryContactOnceEverywhere(w);
    const jobs = espPushJobs(w);
    expect(jobs.filter((j) => j.status !== 'done')).toEqual([]);
    for (const esp of ['omnisend', 'moosend', 'customerio']) {
      expect(Math.max(...jobs.filter((j) => j.target.startsWith(esp)).map((j) => j.attempts)), esp).toBeGreaterThan(3);
    }
  }, 40_000);
});

describe('a storm of 429s from the ESPs and Kommo', () => {
  it('keeps every target within its documented rate limit, refused requests included, and delivers once the storm passes', async () => {
    // Moosend at its documented windows (B.6: subscribe 10 and subscribe_many 2 per 10 s) — the tightest of the three.
    world = await startConnectedBridge({ deals: DEALS, moosendWindowScale: 1, worker: { pollMs: 20 } });
    const w = world;
    const stormEnds = Date.now() + 3_000;
    const storm = { status: 429, retryAfterSeconds: 1, while: () => Date.now() < stormEnds };
    w.omnisend.failNext(storm);
    w.moosend.failNext(storm);
    w.cio.failNext({ ...storm, api: 'track' });
    w.kommo.failNext({ status: 429, retryAfterSeconds: 1, times: 3 });
    w.bridge.worker.start();
    expect((await moveAllToWon(w)).status).toBe(200);

    await eventually(() => w.bridge.logs.some((l) => l.event === 'job.retry'), 10_000, 'the storm to be met');
    await queueDrained(w.bridge, 40_000);
    await w.omnisend.settled();
    expectEveryContactOnceEverywhere(w);
    expect(espPushJobs(w).filter((j) => j.status !== 'done')).toEqual([]);

    const all = [...w.omnisend.requests, ...w.moosend.requests, ...w.cio.trackRequests, ...w.kommo.requests];
    expect(all.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    // Documented limits: Kommo 7/s (and it blocks the IP beyond), Omnisend 400/min, Customer.io Track 1000/s, Moosend per endpoint.
    expect(w.kommo.maxRequestsInAnyWindow(1_000)).toBeLessThanOrEqual(7);
    expect(w.kommo.stats).toMatchObject({ ignoredPenaltyRequests: 0, blocked: false });
    expect(w.omnisend.maxRequestsInAnyWindow(60_000)).toBeLessThanOrEqual(400);
    expect(w.cio.trackRequests.length).toBeLessThan(1_000);
    expect(w.moosend.maxRequestsInEndpointWindow('subscribe_many')).toBeLessThanOrEqual(2);
    expect(w.moosend.maxRequestsInEndpointWindow('subscribe')).toBeLessThanOrEqual(10);
  }, 60_000);
});
