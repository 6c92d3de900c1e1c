import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDotNetDate, startMoosendSimulator, type MoosendSimulator, type WirePaging, type WireSubscriber } from './index.ts';
import { callJson } from './testClient.ts';

const OK = { Code: 0, Error: null, Context: null };
const NOT_FOUND = { Code: 404, Error: 'MEMBER_NOT_FOUND', Context: null };
const T = Date.UTC(2025, 10, 3, 9, 30);

describe('moosend simulator: unsubscribe, remove, delete (reference B.5)', () => {
  let sim: MoosendSimulator;
  let clock: number;
  beforeEach(async () => {
    clock = T;
    sim = await startMoosendSimulator({ now: () => clock });
    sim.seedList({ id: 'won', name: 'Won', customFields: ['Plan'] });
    sim.seedList({ id: 'demo', name: 'Demo' });
    sim.seedSubscriber('won', { email: 'ann@example.com', customFields: { Plan: 'pro' }, createdOn: T - 86_400_000 });
    sim.seedSubscriber('demo', { email: 'ann@example.com', createdOn: T - 86_400_000 });
    sim.seedSubscriber('won', { email: 'bob@example.com' });
  });
  afterEach(() => sim.close());

  it('list unsubscribe: SubscribeType 2 with UnsubscribedOn in that list only; fields kept; idempotent', async () => {
    clock = T + 1000;
    expect((await callJson(sim, '/v3/subscribers/won/unsubscribe.json', { body: { Email: 'Ann@Example.com' } })).body).toEqual(OK);
    expect(sim.subscriber('won', 'ann@example.com')).toMatchObject({ SubscribeType: 2, UnsubscribedOn: `/Date(${T + 1000}+0100)/`, UnsubscribedFromID: null });
    expect(sim.customFields('won', 'ann@example.com')).toEqual({ Plan: 'pro' });
    expect(sim.subscriber('demo', 'ann@example.com')?.SubscribeType).toBe(1);

    clock = T + 2000;
    expect((await callJson(sim, '/v3/subscribers/won/unsubscribe.json', { body: { Email: 'ann@example.com' } })).body).toEqual(OK);
    expect(parseDotNetDate(sim.subscriber('won', 'ann@example.com')?.UnsubscribedOn ?? '')).toBe(T + 1000);
    expect(sim.history('won', 'ann@example.com').filter((e) => e.kind === 'status' && e.source === 'api:unsubscribe_list')).toHaveLength(1);
  });

  it('account unsubscribe reaches every list the email is in', async () => {
    expect((await callJson(sim, '/v3/subscribers/unsubscribe.json', { body: { Email: 'ann@example.com' } })).body).toEqual(OK);
    expect(sim.subscriber('won', 'ann@example.com')?.SubscribeType).toBe(2);
    expect(sim.subscriber('demo', 'ann@example.com')?.SubscribeType).toBe(2);
    expect(sim.subscriber('won', 'bob@example.com')?.SubscribeType).toBe(1);
  });

  it('list + campaign unsubscribe records the campaign as UnsubscribedFromID', async () => {
    expect((await callJson(sim, '/v3/subscribers/won/cbcb297d-52a8-4bed-ae85-640c37c92771/unsubscribe.json', { body: { Email: 'bob@example.com' } })).body).toEqual(OK);
    expect(sim.subscriber('won', 'bob@example.com')).toMatchObject({ SubscribeType: 2, UnsubscribedFromID: 'cbcb297d-52a8-4bed-ae85-640c37c92771' });
  });

  it('someone not in the list (or in no list): MEMBER_NOT_FOUND; no Email: VALIDATION_ERROR', async () => {
    expect((await callJson(sim, '/v3/subscribers/demo/unsubscribe.json', { body: { Email: 'bob@example.com' } })).body).toEqual(NOT_FOUND);
    expect((await callJson(sim, '/v3/subscribers/unsubscribe.json', { body: { Email: 'nobody@example.com' } })).body).toEqual(NOT_FOUND);
    expect((await callJson(sim, '/v3/subscribers/won/unsubscribe.json', { body: {} })).body.Error).toBe('VALIDATION_ERROR');
    expect((await callJson(sim, '/v3/subscribers/won/unsubscribe.json', { method: 'POST' })).body.Error).toBe('VALIDATION_ERROR');
  });

  it('remove.json sets Removed (4) with RemovedOn; remove_many counts processed and ignored', async () => {
    clock = T + 5000;
    expect((await callJson(sim, '/v3/subscribers/won/remove.json', { body: { Email: 'bob@example.com' } })).body).toEqual(OK);
    expect(sim.subscriber('won', 'bob@example.com')).toMatchObject({ SubscribeType: 4, RemovedOn: `/Date(${T + 5000}+0100)/` });

    const many = await callJson(sim, '/v3/subscribers/won/remove_many.json', { body: { Emails: 'ann@example.com,bob@example.com,nobody@example.com,not-an-email' } });
    expect(many.body).toEqual({ Code: 0, Error: null, Context: { EmailsIgnored: 2, EmailsProcessed: 2 } });
    expect(sim.members('won', 'Removed').map((m) => m.Email).sort()).toEqual(['ann@example.com', 'bob@example.com']);
    expect((await callJson(sim, '/v3/subscribers/won/remove_many.json', { body: { Emails: ['a@b.co'] } })).body.Error).toBe('VALIDATION_ERROR');
  });

  it('delete.json forgets the member in one list; subscribers/delete.json in every list', async () => {
    expect((await callJson(sim, '/v3/subscribers/won/delete.json', { body: { Email: 'bob@example.com' } })).body).toEqual(OK);
    expect(sim.subscriber('won', 'bob@example.com')).toBeUndefined();
    expect(sim.history('won', 'bob@example.com').at(-1)).toMatchObject({ kind: 'status', source: 'api:delete_list', from: 'Subscribed', to: null });
    expect((await callJson(sim, '/v3/subscribers/won/delete.json', { body: { Email: 'bob@example.com' } })).body).toEqual(NOT_FOUND);

    expect((await callJson(sim, '/v3/subscribers/delete.json', { body: { Email: 'ann@example.com', IncludeAllSubAccounts: true } })).body).toEqual(OK);
    expect(sim.subscriber('won', 'ann@example.com')).toBeUndefined();
    expect(sim.subscriber('demo', 'ann@example.com')).toBeUndefined();
    expect((await callJson(sim, '/v3/subscribers/delete.json', { body: { Email: 'ann@example.com' } })).body).toEqual(NOT_FOUND);
    expect((await callJson(sim, '/v3/subscribers/delete.json', { body: { Email: 'x@example.com', IncludeAllSubAccounts: 'yes' } })).body.Error).toBe('VALIDATION_ERROR');
  });
});

describe('moosend simulator: changes made in Moosend, found by polling (SPEC §4.2)', () => {
  it('unsubscribeInApp and bounce show up in the Unsubscribed / Bounced listings with their dates', async () => {
    let clock = T;
    const sim = await startMoosendSimulator({ now: () => clock });
    try {
      sim.seedList({ id: 'won', name: 'Won' });
      sim.seedSubscriber('won', { email: 'u@example.com' });
      sim.seedSubscriber('won', { email: 'b@example.com' });
      clock = T + 60_000;
      const u = sim.unsubscribeInApp('won', 'u@example.com', { campaignId: 'camp-1' });
      expect(u).toMatchObject({ SubscribeType: 2, UnsubscribedFromID: 'camp-1', UnsubscribedOn: `/Date(${T + 60_000}+0100)/` });
      const b = sim.bounce('won', 'b@example.com', { at: T + 90_000 });
      expect(b).toMatchObject({ SubscribeType: 3, UpdatedOn: `/Date(${T + 90_000}+0100)/`, UnsubscribedOn: null });

      const unsub = await callJson(sim, '/v3/lists/won/subscribers/Unsubscribed.json', { query: { Page: '1', PageSize: '100' } });
      const bounced = await callJson(sim, '/v3/lists/won/subscribers/Bounced.json', { query: { Page: '1', PageSize: '100' } });
      const unsubCtx = unsub.body.Context as { Paging: WirePaging; Subscribers: WireSubscriber[] };
      expect(unsubCtx.Subscribers.map((s) => [s.Email, parseDotNetDate(s.UnsubscribedOn ?? '')])).toEqual([['u@example.com', T + 60_000]]);
      expect((bounced.body.Context as { Subscribers: WireSubscriber[] }).Subscribers.map((s) => [s.Email, parseDotNetDate(s.UpdatedOn)])).toEqual([
        ['b@example.com', T + 90_000],
      ]);
      expect(sim.history('won', 'u@example.com').at(-1)).toMatchObject({ source: 'app:unsubscribe', from: 'Subscribed', to: 'Unsubscribed' });
      // A person's action is not an API re-subscription.
      expect(sim.resubscriptions()).toEqual([]);

      sim.removeInApp('won', 'b@example.com');
      expect(sim.subscriber('won', 'b@example.com')?.SubscribeType).toBe(4);
      expect(() => sim.bounce('won', 'nobody@example.com')).toThrow(/No member/);
    } finally {
      await sim.close();
    }
  });
});
