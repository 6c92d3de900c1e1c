import { describe, expect, it } from 'vitest';
import type { PanelResponse, ResyncResponse, OptOutResponse } from '../../backend-lite/api/panelContract.ts';
import type { PanelRequest } from './panelApi.ts';
import { createPanelModel } from './panelModel.ts';

const NOW = Date.UTC(2025, 2, 14, 10, 0, 0);

const panel: PanelResponse = {
  leadId: 7,
  connected: ['omnisend', 'moosend'],
  contacts: [
    {
      kommoContactId: 11,
      name: 'Ana',
      email: 'ana@example.com',
      phone: null,
      lastSyncedAt: NOW - 60_000,
      esps: [{ esp: 'moosend', state: 'not_found', fetchedAt: NOW }],
    },
  ],
  timeline: [],
  failedSyncs: [],
  generatedAt: NOW,
};
const resynced: ResyncResponse = {
  leadId: 7,
  outcomes: [{ esp: 'omnisend', kommoContactId: 11, outcome: 'updated', summary: 'tag customer added' }],
};
const optedOut: OptOutResponse = {
  kommoContactId: 11,
  channels: ['email', 'sms'],
  outcomes: [{ esp: 'moosend', kommoContactId: 11, outcome: 'updated', summary: 'unsubscribed' }],
  kommo: { field: 'written', note: 'written' },
};

type Answer = { status: number; body: unknown } | Error;

/** Answers in order and records every request, as the widget's and extension's transports would see them. */
function fakeTransport(...answers: Answer[]) {
  const requests: PanelRequest[] = [];
  async function transport(request: PanelRequest) {
    requests.push(request);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`no answer left for ${request.method} ${request.path}`);
    if (answer instanceof Error) throw answer;
    return answer;
  }
  return { transport, requests };
}

function keys(...values: string[]) {
  return () => values.shift() ?? 'out-of-keys';
}

function model(transport: ReturnType<typeof fakeTransport>['transport'], newIdempotencyKey = keys('key-1', 'key-2')) {
  return createPanelModel({ leadId: 7, transport, now: () => NOW, newIdempotencyKey });
}

describe('load', () => {
  it('GETs the panel, shows the parsed data and clears the loading flag', async () => {
    const fake = fakeTransport({ status: 200, body: panel });
    const panelModel = model(fake.transport);
    const loading = panelModel.load();
    expect(panelModel.loading.value).toBe(true);
    expect(panelModel.firstLoad.value).toBe(true);
    await loading;
    expect(fake.requests).toEqual([{ method: 'GET', path: '/api/leads/7/panel' }]);
    expect(panelModel.data.value).toEqual(panel);
    expect(panelModel.loading.value).toBe(false);
    expect(panelModel.error.value).toBeNull();
  });

  it('turns a 401 ApiError into an http failure with the code and message', async () => {
    const fake = fakeTransport({ status: 401, body: { error: 'token_expired', message: 'The Kommo token expired.' } });
    const panelModel = model(fake.transport);
    await panelModel.load();
    expect(panelModel.error.value).toEqual({
      kind: 'http',
      status: 401,
      code: 'token_expired',
      message: 'The Kommo token expired.',
      body: { error: 'token_expired', message: 'The Kommo token expired.' },
    });
    expect(panelModel.data.value).toBeNull();
    expect(panelModel.loading.value).toBe(false);
  });

  it('turns a 500 without an ApiError body into an http failure without code', async () => {
    const panelModel = model(fakeTransport({ status: 500, body: null }).transport);
    await panelModel.load();
    expect(panelModel.error.value).toEqual({ kind: 'http', status: 500, code: null, message: null, body: null });
  });

  it('turns a rejected transport into a network failure', async () => {
    const panelModel = model(fakeTransport(new TypeError('Failed to fetch')).transport);
    await panelModel.load();
    expect(panelModel.error.value).toEqual({ kind: 'network', message: 'Failed to fetch' });
  });

  it('turns a 200 that does not match the contract into an unreadable failure', async () => {
    const panelModel = model(fakeTransport({ status: 200, body: { ...panel, contacts: 'none' } }).transport);
    await panelModel.load();
    expect(panelModel.error.value).toEqual({ kind: 'unreadable', status: 200 });
    expect(panelModel.data.value).toBeNull();
  });

  it('keeps the earlier data on screen when a refresh fails, and clears the failure on the next success', async () => {
    const panelModel = model(fakeTransport({ status: 200, body: panel }, { status: 503, body: null }, { status: 200, body: panel }).transport);
    await panelModel.load();
    await panelModel.load();
    expect(panelModel.data.value).toEqual(panel);
    expect(panelModel.error.value).toMatchObject({ kind: 'http', status: 503 });
    expect(panelModel.firstLoad.value).toBe(false);
    await panelModel.retry();
    expect(panelModel.error.value).toBeNull();
  });

  it('lets only the newest load write when answers arrive out of order', async () => {
    const releases: Array<() => void> = [];
    const older = { ...panel, generatedAt: NOW - 1 };
    const bodies = [older, panel];
    const panelModel = createPanelModel({
      leadId: 7,
      now: () => NOW,
      transport: (_request) => {
        const body = bodies.shift();
        return new Promise((resolve) => releases.push(() => resolve({ status: 200, body })));
      },
    });
    const first = panelModel.load();
    const second = panelModel.load();
    releases[1]?.();
    await second;
    releases[0]?.();
    await first;
    expect(panelModel.data.value?.generatedAt).toBe(NOW);
  });
});

describe('resync', () => {
  it('POSTs with a fresh Idempotency-Key, shows the outcomes and reloads the panel', async () => {
    const fake = fakeTransport({ status: 200, body: resynced }, { status: 200, body: panel });
    const panelModel = model(fake.transport);
    const running = panelModel.resync();
    expect(panelModel.actionState.value).toEqual({ phase: 'running', action: { kind: 'resync' } });
    expect(panelModel.actionRunning.value).toBe(true);
    await running;
    expect(fake.requests).toEqual([
      { method: 'POST', path: '/api/leads/7/resync', headers: { 'Idempotency-Key': 'key-1' } },
      { method: 'GET', path: '/api/leads/7/panel' },
    ]);
    expect(panelModel.actionState.value).toEqual({ phase: 'resynced', result: resynced });
    expect(panelModel.data.value).toEqual(panel);
  });

  it('ignores a second click while the first resync runs', async () => {
    const fake = fakeTransport({ status: 200, body: resynced }, { status: 200, body: panel });
    const panelModel = model(fake.transport);
    const first = panelModel.resync();
    await panelModel.resync();
    await first;
    expect(fake.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('retries a network failure with the same key, since the first attempt may have arrived', async () => {
    const fake = fakeTransport(new TypeError('Failed to fetch'), { status: 200, body: resynced }, { status: 200, body: panel });
    const panelModel = model(fake.transport);
    await panelModel.resync();
    expect(panelModel.actionState.value).toEqual({
      phase: 'failed',
      action: { kind: 'resync' },
      failure: { kind: 'network', message: 'Failed to fetch' },
    });
    await panelModel.retry();
    expect(fake.requests.map((request) => request.headers?.['Idempotency-Key'])).toEqual(['key-1', 'key-1', undefined]);
    expect(panelModel.actionState.value).toEqual({ phase: 'resynced', result: resynced });
  });

  it('retries an answered failure with a new key, since the backend replays a key’s first answer', async () => {
    const fake = fakeTransport(
      { status: 500, body: { error: 'internal', message: 'The bridge failed on this request.' } },
      { status: 200, body: resynced },
      { status: 200, body: panel },
    );
    const panelModel = model(fake.transport);
    await panelModel.resync();
    expect(panelModel.actionState.value).toMatchObject({
      phase: 'failed',
      failure: { kind: 'http', status: 500, code: 'internal', message: 'The bridge failed on this request.' },
    });
    await panelModel.retry();
    expect(fake.requests.map((request) => request.headers?.['Idempotency-Key'])).toEqual(['key-1', 'key-2', undefined]);
  });

  it('uses a new key for a new click after a network failure', async () => {
    const fake = fakeTransport(new TypeError('offline'), { status: 200, body: resynced }, { status: 200, body: panel });
    const panelModel = model(fake.transport);
    await panelModel.resync();
    await panelModel.resync();
    expect(fake.requests.map((request) => request.headers?.['Idempotency-Key'])).toEqual(['key-1', 'key-2', undefined]);
  });

  it('shows an unparseable resync answer as unreadable and does not reload', async () => {
    const fake = fakeTransport({ status: 200, body: { leadId: 7 } });
    const panelModel = model(fake.transport);
    await panelModel.resync();
    expect(panelModel.actionState.value).toMatchObject({ phase: 'failed', failure: { kind: 'unreadable', status: 200 } });
    expect(fake.requests).toHaveLength(1);
  });
});

describe('optOut', () => {
  it('POSTs the chosen channels with an Idempotency-Key, shows the outcome and reloads', async () => {
    const fake = fakeTransport({ status: 200, body: optedOut }, { status: 200, body: panel });
    const panelModel = model(fake.transport);
    await panelModel.optOut(11, ['email', 'sms']);
    expect(fake.requests[0]).toEqual({
      method: 'POST',
      path: '/api/contacts/11/opt-out',
      headers: { 'Idempotency-Key': 'key-1' },
      body: { channels: ['email', 'sms'] },
    });
    expect(fake.requests[1]).toEqual({ method: 'GET', path: '/api/leads/7/panel' });
    expect(panelModel.actionState.value).toEqual({ phase: 'optedOut', result: optedOut });
  });

  it('retries the same opt-out, channels and key included, after a network failure', async () => {
    const fake = fakeTransport(new TypeError('offline'), { status: 200, body: optedOut }, { status: 200, body: panel });
    const panelModel = model(fake.transport);
    await panelModel.optOut(11, ['email']);
    await panelModel.retry();
    expect(fake.requests[1]).toEqual({
      method: 'POST',
      path: '/api/contacts/11/opt-out',
      headers: { 'Idempotency-Key': 'key-1' },
      body: { channels: ['email'] },
    });
  });

  it('sends nothing when no channel is chosen', async () => {
    const fake = fakeTransport();
    const panelModel = model(fake.transport);
    await panelModel.optOut(11, []);
    expect(fake.requests).toEqual([]);
    expect(panelModel.actionState.value).toEqual({ phase: 'idle' });
  });

  it('dismisses a finished outcome', async () => {
    const panelModel = model(fakeTransport({ status: 200, body: optedOut }, { status: 200, body: panel }).transport);
    await panelModel.optOut(11, ['email']);
    panelModel.dismissOutcome();
    expect(panelModel.actionState.value).toEqual({ phase: 'idle' });
  });
});

describe('clock', () => {
  it('moves on with tick, so relative times can be redrawn', () => {
    let now = NOW;
    const panelModel = createPanelModel({ leadId: 7, transport: fakeTransport().transport, now: () => now });
    now += 30_000;
    panelModel.tick();
    expect(panelModel.clock.value).toBe(NOW + 30_000);
  });
});
