import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dotNetDate, type MoosendSimulator } from '../../../test/simulators/moosend/index.ts';
import { EspBadCredentials } from '../espErrors.ts';
import { adapterFor, DEMO, LOST, requestsTo, startSim, WON } from './moosendTestKit.ts';

const identity = (email: string) => ({ email, phone: '+5511999990000', kommoContactId: 7, kommoDealId: 42 });

describe('moosend adapter: credentials, profile, opt-out', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  it('checkCredentials: one cheap authenticated call with the key in the query string', async () => {
    await adapterFor(sim).adapter.checkCredentials();
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ method: 'GET', path: '/v3/lists/1/1.json' });
    expect(sim.requests[0]?.query.get('apikey')).toBe(sim.apiKey);
  });

  it('checkCredentials with a bad key: EspBadCredentials with Moosend’s reason, not retryable, key not in the message', async () => {
    const { adapter } = adapterFor(sim, { apiKey: 'wrong-key-0000' });
    const error = await adapter.checkCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspBadCredentials);
    const e = error as EspBadCredentials;
    expect(e.retryable).toBe(false);
    expect(e.message).toContain('INVALID_API_KEY');
    expect(e.message).toContain('GET /v3/lists/1/1.json');
    expect(e.message).not.toContain('wrong-key-0000');
    // The envelope arrived inside HTTP 200: only `Code` said no.
    expect(sim.requests[0]?.status).toBe(200);
  });

  it('readProfile: memberships of the mapped lists folded into one profile', async () => {
    const t0 = Date.UTC(2025, 0, 10);
    sim.seedSubscriber(WON, {
      email: 'p@example.com',
      name: 'Paula',
      customFields: { Plan: 'Pro', mrr: '1000', kommo_deal_id: '42' },
      tags: ['customer', 'vip'],
      createdOn: t0,
    });
    sim.seedSubscriber(DEMO, {
      email: 'p@example.com',
      tags: ['demo'],
      status: 'Unsubscribed',
      createdOn: t0 - 1000,
      statusChangedOn: t0 + 5000,
    });
    const profile = await adapterFor(sim).adapter.readProfile(identity('p@example.com'));

    expect(profile).toEqual({
      found: true,
      espContactId: sim.subscriber(WON, 'p@example.com')?.ID,
      channels: { email: { status: 'subscribed', since: t0 } },
      tags: ['customer', 'vip', 'demo'],
      fields: { Plan: 'Pro', mrr: '1000', kommo_deal_id: '42' },
      lists: [
        { id: WON, name: 'Won', status: 'subscribed' },
        { id: DEMO, name: 'Demo booked', status: 'unsubscribed' },
      ],
      activity: [],
      deepLink: null,
    });
    expect(requestsTo(sim, 'view.json').map((r) => r.path)).toEqual([
      `/v3/subscribers/${WON}/view.json`,
      `/v3/subscribers/${DEMO}/view.json`,
      `/v3/subscribers/${LOST}/view.json`,
    ]);
  });

  it.each([
    [['Bounced', 'Unsubscribed'], 'unsubscribed'],
    [['Removed', 'Bounced'], 'bounced'],
    [['Removed', 'Removed'], 'removed'],
  ] as const)('readProfile: nowhere subscribed → the most severe status (%j → %s), since when it happened', async (statuses, expected) => {
    const email = `${statuses.join('-').toLowerCase()}@example.com`;
    const at = Date.UTC(2025, 2, 1);
    sim.seedSubscriber(WON, { email, status: statuses[0], createdOn: at - 10_000, statusChangedOn: at });
    sim.seedSubscriber(LOST, { email, status: statuses[1], createdOn: at - 10_000, statusChangedOn: at + 1000 });
    const profile = await adapterFor(sim).adapter.readProfile(identity(email));
    if (!profile.found) throw new Error('expected a profile');
    expect(profile.channels.email?.status).toBe(expected);
    expect(profile.lists.map((l) => l.status)).toEqual(statuses.map((s) => s.toLowerCase()));
    const expectedSince = statuses[1].toLowerCase() === expected ? at + 1000 : at;
    expect(profile.channels.email?.since).toBe(expectedSince);
  });

  it('readProfile: not in any mapped list → found: false (view.json’s MEMBER_NOT_FOUND is not an error)', async () => {
    expect(await adapterFor(sim).adapter.readProfile(identity('ghost@example.com'))).toEqual({ found: false });
    expect(requestsTo(sim, 'view.json')).toHaveLength(3);
  });

  it('readProfile reads .NET dates as epoch ms, ignoring the display offset', async () => {
    const at = Date.UTC(2024, 5, 1, 12);
    sim.seedSubscriber(WON, { email: 'date@example.com', createdOn: at });
    expect(sim.subscriber(WON, 'date@example.com')?.CreatedOn).toBe(dotNetDate(at, '+0100'));
    const profile = await adapterFor(sim).adapter.readProfile(identity('date@example.com'));
    expect(profile.found && profile.channels.email?.since).toBe(at);
  });

  it('optOut email: the account-wide unsubscribe, every list', async () => {
    sim.seedSubscriber(WON, { email: 'out@example.com' });
    sim.seedSubscriber(DEMO, { email: 'out@example.com' });
    const result = await adapterFor(sim).adapter.optOut(identity('out@example.com'), ['email']);

    expect(result).toEqual({ outcome: 'updated', summary: 'unsubscribed from email in every Moosend list' });
    expect(sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v3/subscribers/unsubscribe.json']);
    expect(sim.requests[0]?.body).toEqual({ Email: 'out@example.com' });
    expect(sim.requests[0]?.query.get('apikey')).toBe(sim.apiKey);
    expect(sim.subscriber(WON, 'out@example.com')?.SubscribeType).toBe(2);
    expect(sim.subscriber(DEMO, 'out@example.com')?.SubscribeType).toBe(2);
  });

  it('optOut sms: Moosend has no SMS channel — nothing is sent, and the summary says so', async () => {
    const result = await adapterFor(sim).adapter.optOut(identity('sms@example.com'), ['sms']);
    expect(result).toEqual({ outcome: 'skipped', summary: 'Moosend has no SMS channel, so the SMS opt-out was not sent there' });
    expect(sim.requests).toHaveLength(0);
  });

  it('optOut email and sms for someone in no list: skipped, in words', async () => {
    const result = await adapterFor(sim).adapter.optOut(identity('none@example.com'), ['email', 'sms']);
    expect(result.outcome).toBe('skipped');
    expect(result.summary).toBe(
      'not in any Moosend list, so there was no email subscription to end; Moosend has no SMS channel, so the SMS opt-out was not sent there',
    );
  });
});
