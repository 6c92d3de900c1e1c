import { won, leadStatus } from '../test/support/kommoPayloads.ts';
import { emailOf, type ConnectedWorld } from './connectedWorld.ts';
import { constantRate } from './loadGenerator.ts';

/** Epoch milliseconds on the clock the simulators stamp requests with. */
const nowMs = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(check: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`bench: timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(2);
  }
}

async function postForm(url: URL, body: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  await response.arrayBuffer();
  return response.status;
}

/**
 * SPEC §6 "Kommo status change → first ESP request sent": one deal moved to Won at a time, timed
 * from the webhook leaving here to the first ESP request that names its contact arriving at a
 * simulator (clocks shared: same process).
 */
export async function statusChangeToFirstEspRequest(world: ConnectedWorld, leadIds: readonly number[]): Promise<number[]> {
  const latencies: number[] = [];
  for (const leadId of leadIds) {
    const email = emailOf(leadId);
    const sentAt = nowMs();
    const status = await postForm(world.webhookUrl, world.kommo.webhookForm(won(leadId, 1_700_000_000 + leadId)));
    if (status !== 200) throw new Error(`bench: webhook for deal ${leadId} answered ${status}`);
    const first = await until(
      () => world.espRequests().filter((r) => r.at >= sentAt && (r.rawBody.includes(email) || decodeURIComponent(r.path).includes(email))).sort((a, b) => a.at - b.at)[0],
      30_000,
      `the first ESP request for deal ${leadId}`,
    );
    latencies.push(first.at - sentAt);
    await sleep(150);
  }
  return latencies.sort((a, b) => a - b);
}

/** The same, while other webhooks arrive at `rate` per second (status changes of deals Kommo does not have). */
export async function statusChangeUnderLoad(world: ConnectedWorld, leadIds: readonly number[], rate: number): Promise<{ latencies: number[]; loadSent: number }> {
  let sequence = 0;
  const loadSeconds = Math.ceil((leadIds.length * 400) / 1000) + 2;
  const load = constantRate(world.webhookUrl, rate, loadSeconds, () => {
    sequence += 1;
    return world.kommo.webhookForm(won(50_000_000 + sequence, 1_700_000_000 + sequence));
  });
  await sleep(1_000);
  const latencies = await statusChangeToFirstEspRequest(world, leadIds);
  const loadResult = await load;
  return { latencies, loadSent: loadResult.sent };
}

export type MassMoveResult = { seconds: number; kommoRequests: number; kommoTooMany: number; esp429s: number; webhooks: number };

/**
 * SPEC §6 mass move: a manager moves `leadIds` to Won at once (Kommo sends them 50 deals per
 * webhook), the ESPs answer in `espLatencyMs`; timed until every ESP holds every change.
 */
export async function massMove(world: ConnectedWorld, leadIds: readonly number[], espLatencyMs: number): Promise<MassMoveResult> {
  const { omnisend, moosend, cio } = world.esps;
  world.setEspLatency(espLatencyMs);
  const kommoBefore = world.kommo.requests.length;
  const kommo429Before = world.kommo.stats.tooManyRequests;
  const esp429Before = world.espRequests().filter((r) => r.status === 429).length;
  const started = nowMs();
  let webhooks = 0;
  for (let i = 0; i < leadIds.length; i += 50) {
    const status = await postForm(world.webhookUrl, world.kommo.webhookForm(leadStatus(leadIds.slice(i, i + 50).map((id) => ({ id, statusId: 142 })))));
    if (status !== 200) throw new Error(`bench: mass-move webhook answered ${status}`);
    webhooks += 1;
  }
  const everywhere = (leadId: number) => {
    const email = emailOf(leadId);
    return (
      (omnisend.contacts.byEmail(email)?.['tags'] as string[] | undefined)?.includes('customer') === true &&
      moosend.subscriber(world.listId, email)?.SubscribeType === 1 &&
      cio.person(email) !== undefined &&
      cio.events(email).some((e) => e.name === 'deal_won')
    );
  };
  let pending = [...leadIds];
  await until(
    () => {
      pending = pending.filter((id) => !everywhere(id));
      return pending.length === 0 ? true : undefined;
    },
    240_000,
    'every ESP to hold every moved deal',
  );
  const seconds = (nowMs() - started) / 1000;
  world.setEspLatency(0);
  return {
    seconds,
    kommoRequests: world.kommo.requests.length - kommoBefore,
    kommoTooMany: world.kommo.stats.tooManyRequests - kommo429Before,
    esp429s: world.espRequests().filter((r) => r.status === 429).length - esp429Before,
    webhooks,
  };
}

/** GET /api/leads/{id}/panel as the widget calls it, `samples` times one after another, with the ESPs answering in `espLatencyMs`. */
export async function panelLatency(world: ConnectedWorld, leadId: number, espLatencyMs: number, samples: number): Promise<number[]> {
  world.setEspLatency(espLatencyMs);
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    const response = await fetch(`${world.origin}/api/leads/${leadId}/panel`, { headers: { 'X-Auth-Token': world.panelToken(), Origin: 'https://acme.kommo.com' } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`bench: the panel answered ${response.status}`);
    latencies.push(performance.now() - started);
  }
  world.setEspLatency(0);
  return latencies.sort((a, b) => a - b);
}

