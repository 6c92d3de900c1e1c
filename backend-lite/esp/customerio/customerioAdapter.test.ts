import { afterEach, describe, expect, it } from 'vitest';
import { EspBadCredentials, EspRejectedInput } from '../espErrors.ts';
import { identity, startKit, type Kit } from './customerioTestKit.ts';

const NOW = Math.floor(Date.now() / 1000);
const DAY = 86_400;

describe('customerio adapter: checkCredentials', () => {
  let kit: Kit;
  afterEach(() => kit.sim.close());

  it('makes one cheap authenticated call on each API, with each API its own auth', async () => {
    kit = await startKit();
    await kit.adapter.checkCredentials();
    expect(kit.sim.trackRequests.map((r) => [r.method, r.path, r.headers['authorization'], r.status])).toEqual([
      ['GET', '/api/v1/accounts/region', kit.sim.trackAuthorization(), 200],
    ]);
    expect(kit.sim.appRequests.map((r) => [r.method, r.path, r.headers['authorization'], r.status])).toEqual([['GET', '/v1/customers', kit.sim.appAuthorization(), 200]]);
  });

  it('a wrong Track key → EspBadCredentials naming the Track API, with Customer.io’s reason and without the key', async () => {
    kit = await startKit({}, { trackApiKey: 'wrong-track-key' });
    const error = await kit.adapter.checkCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspBadCredentials);
    expect((error as Error).message).toContain('Track API GET /api/v1/accounts/region');
    expect((error as Error).message).toContain('Unauthorized request. Make sure that you provided the right credentials.');
    expect((error as Error).message).not.toContain('wrong-track-key');
    expect((error as EspBadCredentials).retryable).toBe(false);
  });

  it('a wrong App key → EspBadCredentials naming the App API', async () => {
    kit = await startKit({}, { appApiKey: 'wrong-app-key' });
    const error = await kit.adapter.checkCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspBadCredentials);
    expect((error as Error).message).toMatch(/App API GET \/v1\/customers.*Unauthorized request/);
    expect((error as Error).message).not.toContain('wrong-app-key');
  });

  it('both wrong → one EspBadCredentials naming both keys', async () => {
    kit = await startKit({}, { trackApiKey: 'nope', appApiKey: 'nope-either' });
    await expect(kit.adapter.checkCredentials()).rejects.toThrow(/both the Track API \(site id \+ Track API key\) and the App API \(App API key\).*Track: Unauthorized.*App: Unauthorized/);
  });

  it('an EU workspace configured as US is refused (C.1: App API calls would fail across regions)', async () => {
    kit = await startKit({ region: 'eu' }, { region: 'us' });
    const error = await kit.adapter.checkCredentials().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspRejectedInput);
    expect((error as EspRejectedInput).reason).toMatch(/EU region.*"region": "eu"/);
  });
});

describe('customerio adapter: readProfile through the App API', () => {
  let kit: Kit;
  afterEach(() => kit.sim.close());

  it('finds the person by percent-encoded email and maps status, tags, fields, activity and deep link', async () => {
    kit = await startKit({}, { personUrl: ({ cioId }) => `https://fly.customer.io/people/${cioId}` });
    const email = 'jane+crm@example.com';
    kit.sim.seedPerson({
      id: '42',
      email,
      cioId: 'd9c106000001',
      attributes: { plan: 'pro', mrr: 99, kommo_deal_id: 9001, vip: true, tag_customer: true, tag_trial: false },
      createdAt: NOW - 30 * DAY,
    });
    const [welcome, invoice] = kit.sim.seedMessages(email, [
      {
        subject: 'Welcome to Pro',
        campaignId: 12,
        sent: NOW - 3 * DAY,
        delivered: NOW - 3 * DAY + 5,
        opened: NOW - 2 * DAY,
        clicked: { at: NOW - 2 * DAY + 60, href: 'https://example.com/pricing', linkId: 3 },
        converted: NOW - DAY,
      },
      { subject: 'Your invoice', broadcastId: 9, sent: NOW - DAY, bounced: { at: NOW - DAY + 2, type: 'soft' } },
    ]);

    const profile = await kit.adapter.readProfile(identity(email));

    const search = kit.sim.appRequests[0];
    expect(search?.path).toBe('/v1/customers');
    // Decoded by the server: an unencoded `+` would have arrived as a space.
    expect(search?.query.get('email')).toBe(email);
    expect(kit.sim.appRequests.map((r) => r.path)).toEqual([
      '/v1/customers',
      '/v1/customers/d9c106000001/attributes',
      '/v1/customers/d9c106000001/messages',
      '/v1/customers/d9c106000001/activities',
    ]);
    expect(kit.sim.appRequests.every((r) => r.headers['authorization'] === kit.sim.appAuthorization())).toBe(true);
    expect(kit.sim.trackRequests).toEqual([]);

    expect(profile).toMatchObject({
      found: true,
      espContactId: 'd9c106000001',
      channels: { email: { status: 'subscribed' } },
      tags: ['customer'],
      fields: { plan: 'pro', mrr: 99, kommo_deal_id: 9001 },
      lists: [],
      deepLink: 'https://fly.customer.io/people/d9c106000001',
    });
    if (!profile.found) throw new Error('unreachable');
    expect(profile.channels.sms).toBeUndefined();
    expect(profile.activity.map((a) => [a.kind, a.at / 1000, a.subject])).toEqual([
      ['bounced', NOW - DAY + 2, 'Your invoice'],
      ['sent', NOW - DAY, 'Your invoice'],
      ['converted', NOW - DAY, 'Welcome to Pro'],
      ['clicked', NOW - 2 * DAY + 60, 'Welcome to Pro'],
      ['opened', NOW - 2 * DAY, 'Welcome to Pro'],
      ['delivered', NOW - 3 * DAY + 5, 'Welcome to Pro'],
      ['sent', NOW - 3 * DAY, 'Welcome to Pro'],
    ]);
    const clicked = profile.activity.find((a) => a.kind === 'clicked');
    expect(clicked).toMatchObject({ link: 'https://example.com/pricing', detail: 'campaign 12', sourceId: `${welcome?.id}:clicked` });
    expect(profile.activity.find((a) => a.kind === 'bounced')).toMatchObject({ detail: 'soft bounce: 452 4.2.2 mailbox full', sourceId: `${invoice?.id}:bounced`, link: null });
  });

  it('an unsubscribed person reads as unsubscribed, since the flag was written', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'gone@example.com', unsubscribed: true, createdAt: NOW - DAY });
    const profile = await kit.adapter.readProfile(identity('gone@example.com'));
    expect(profile).toMatchObject({ found: true, channels: { email: { status: 'unsubscribed', since: (NOW - DAY) * 1000 } }, deepLink: null });
    // No click in the messages → the activity log is not read.
    expect(kit.sim.appRequests).toHaveLength(3);
  });

  it('a hard bounce on the newest delivery reads as bounced', async () => {
    kit = await startKit();
    kit.sim.seedPerson({ email: 'bad@example.com' });
    kit.sim.seedMessages('bad@example.com', [{ subject: 'Hi', sent: NOW - 60, bounced: { at: NOW - 58, type: 'hard' } }]);
    const profile = await kit.adapter.readProfile(identity('bad@example.com'));
    expect(profile).toMatchObject({ found: true, channels: { email: { status: 'bounced', since: (NOW - 58) * 1000 } } });
    if (profile.found) expect(profile.activity[0]).toMatchObject({ kind: 'bounced', detail: 'hard bounce: 550 5.1.1 mailbox does not exist' });
  });

  it('nobody with that email → found: false after one search', async () => {
    kit = await startKit();
    expect(await kit.adapter.readProfile(identity('nobody@example.com'))).toEqual({ found: false });
    expect(kit.sim.appRequests.map((r) => r.path)).toEqual(['/v1/customers']);
  });
});
