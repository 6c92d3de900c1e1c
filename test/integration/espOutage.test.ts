import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { eventually, KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';
import { won } from '../support/kommoPayloads.ts';

/**
 * SPEC §4.3 with the production retry policy (1 s base, doubling, equal jitter): an ESP that
 * answers 500 for a whole minute gets the change once it is back, exactly once. The bridge and
 * the outage share a clock that runs 30 times faster than the wall clock, so the minute takes two
 * seconds of test time while every delay the worker computes is the real one.
 */
const SPEED = 30;
const OUTAGE_MS = 60_000;

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let bridge: InProcessBridge;
let clock: () => number;

beforeEach(async () => {
  const start = Date.now();
  clock = () => start + (Date.now() - start) * SPEED;
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  const contact = kommo.addContact({ name: 'Jane Doe', email: 'jane.doe@example.com' });
  kommo.addLead({ id: 800, status_id: 142, price: 500, contacts: [contact.id] });
  bridge = await startInProcessBridge(kommo, {
    rules: {
      omnisend: {
        apiKey: DEFAULT_OMNISEND_API_KEY,
        webhookSecret: 'omnisend-path-secret-0123456789',
        on: { won: { addTags: ['customer', 'active'], removeTags: [] } },
      },
      notes: { afterPush: false, opened: false, clicked: true },
    },
    env: { OMNISEND_API_URL: omnisend.origin },
    worker: { pollMs: 10 },
    now: clock,
  });
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), omnisend.close()]);
});

describe('an ESP answering 500 for a minute', () => {
  it('receives the change once it is back, exactly once, and the job ends done', async () => {
    const outageEnds = clock() + OUTAGE_MS;
    omnisend.failNext({ status: 500, while: () => clock() < outageEnds });
    bridge.worker.start();
    await bridge.postKommoWebhook(won(800));

    await eventually(() => omnisend.contacts.byEmail('jane.doe@example.com') !== undefined, 15_000, 'the contact to reach Omnisend');
    await queueDrained(bridge);
    await omnisend.settled();

    const writes = omnisend.requests.filter((r) => r.method === 'POST' && r.path === '/api/contacts');
    const failed = writes.filter((r) => r.status === 500);
    // 0.5–1 s, 1–2 s, 2–4 s … of backoff: at least five attempts fall inside the minute.
    expect(failed.length).toBeGreaterThanOrEqual(5);
    expect(writes.filter((r) => r.status === 200 || r.status === 201)).toHaveLength(1);
    expect(writes).toHaveLength(failed.length + 1);
    expect(omnisend.contacts.all()).toHaveLength(1);
    expect(omnisend.contacts.byEmail('jane.doe@example.com')).toMatchObject({ tags: ['customer', 'active'] });
    const job = bridge.db.prepare("SELECT status, attempts FROM jobs WHERE kind = 'esp.push'").get() as { status: string; attempts: number };
    expect(job).toEqual({ status: 'done', attempts: failed.length + 1 });
  });
});
