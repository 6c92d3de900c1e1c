import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rulesSchema } from '../../config/rules.ts';
import { normaliseEmail } from '../../sync/identity.ts';
import { planPushes, type PushPlanInput, type PushTrigger } from '../../sync/pushPlan.ts';
import type { ContactPush } from '../espAdapter.ts';
import { channelWrites, freshEmail, received, startOmnisendKit, type OmnisendKit } from './omnisendTestKit.ts';

// SPEC §4.1 "Omnisend's status is per channel with a date, and the newest date wins" (reference
// esps.md §A.2): re-subscribing people who opted out is the failure to make impossible.

const secret = 'x'.repeat(32);
/** The rules that make the trap most dangerous: new contacts subscribed when Kommo says so. */
const rules = rulesSchema.parse({
  omnisend: {
    apiKey: 'k',
    webhookSecret: secret,
    newContactStatus: 'subscribed',
    on: {
      won: { addTags: ['customer', 'plan_{plan}', 'active'], removeTags: ['churned'] },
      lost: { addTags: ['churned'], removeTags: ['active'] },
    },
  },
});

function planned(email: string, phone: string | null, trigger: PushTrigger, plan = 'Pro'): ContactPush {
  const input: PushPlanInput = {
    rules,
    accountKey: 'acme',
    trigger,
    deal: { leadId: 15318175, changedAt: Date.UTC(2026, 2, 15, 12), plan, source: 'Website', price: 1000 },
    contact: { email, phone, kommoContactId: 17611273, kommoDealId: 15318175, firstName: 'Jane', lastName: 'Doe' },
    // The deal's consent fields say yes: still no status may reach an existing contact.
    consent: { email: true, sms: true },
  };
  const push = planPushes(input).omnisend;
  if (!push) throw new Error('the rules planned no Omnisend push');
  return push;
}

const OPTED_OUT_AT = '2026-03-01T09:00:00Z';

describe('Omnisend adapter: the traps', () => {
  let kit: OmnisendKit;
  beforeAll(async () => {
    kit = await startOmnisendKit();
  });
  afterAll(() => kit.close());
  beforeEach(() => kit.sim.reset());

  it('an unsubscribed contact stays unsubscribed after a Won push, a plan-change push and a resync push', async () => {
    const email = freshEmail('optedout');
    const phone = '+14155550201';
    kit.sim.seedContact({ email, phone, emailStatus: 'unsubscribed', emailStatusChangedAt: OPTED_OUT_AT, smsStatus: 'unsubscribed', smsStatusChangedAt: OPTED_OUT_AT, tags: ['churned'] });

    const won = planned(email, phone, { kind: 'stage', stage: 'won' });
    expect(won.newContactStatus).toEqual({ email: 'subscribed', sms: 'subscribed' });
    expect((await kit.adapter.push(won)).outcome).toBe('updated');
    expect((await kit.adapter.push(planned(email, phone, { kind: 'plan-changed', oldPlan: 'Pro' }, 'Enterprise'))).outcome).toBe('updated');
    expect((await kit.adapter.push(planned(email, phone, { kind: 'resync', stage: 'won' }, 'Enterprise'))).outcome).toBe('updated');
    await kit.sim.settled();

    for (const request of received(kit.sim, 'POST', '/api/contacts')) expect(channelWrites(request.body)).toEqual([]);
    expect(kit.sim.wasResubscribed(email, 'email')).toBe(false);
    expect(kit.sim.wasResubscribed(email, 'sms')).toBe(false);
    // The seed is the only status write the contact ever had.
    expect(kit.sim.statusHistory(email).map((s) => [s.channel, s.to, s.via])).toEqual([
      ['email', 'unsubscribed', 'seed'],
      ['sms', 'unsubscribed', 'seed'],
    ]);
    expect(kit.sim.contacts.byEmail(email)).toMatchObject({
      status: 'unsubscribed',
      statuses: [
        { channel: 'email', status: 'unsubscribed', statusChangedAt: OPTED_OUT_AT },
        { channel: 'sms', status: 'unsubscribed', statusChangedAt: OPTED_OUT_AT },
      ],
      tags: ['customer', 'active', 'plan_enterprise', 'upgraded'],
      customProperties: { plan: 'Enterprise', kommo_deal_id: 15318175 },
    });
    expect(kit.sim.welcomeMessages).toEqual([]);
    expect(kit.sim.unknownFields).toEqual([]);
  });

  it('someone who unsubscribes in Omnisend between two pushes stays unsubscribed', async () => {
    const email = freshEmail('footer');
    await kit.adapter.push(planned(email, null, { kind: 'stage', stage: 'won' }));
    expect(kit.sim.contacts.byEmail(email)?.['status']).toBe('subscribed');
    kit.sim.setUnsubscribedInApp(email);
    await kit.adapter.push(planned(email, null, { kind: 'plan-changed', oldPlan: 'Pro' }, 'Enterprise'));
    await kit.adapter.push(planned(email, null, { kind: 'stage', stage: 'won' }, 'Enterprise'));
    expect(kit.sim.wasResubscribed(email)).toBe(false);
    expect(kit.sim.contacts.byEmail(email)?.['status']).toBe('unsubscribed');
  });

  it('an opt-out from Kommo, then a Won push: still unsubscribed', async () => {
    const email = freshEmail('kommooptout');
    kit.sim.seedContact({ email, emailStatus: 'subscribed', emailStatusChangedAt: '2026-01-01T00:00:00Z' });
    await kit.adapter.optOut({ email, phone: null, kommoContactId: 1, kommoDealId: null }, ['email']);
    await kit.adapter.push(planned(email, null, { kind: 'stage', stage: 'won' }));
    expect(kit.sim.contacts.byEmail(email)?.['status']).toBe('unsubscribed');
    expect(kit.sim.wasResubscribed(email)).toBe(false);
  });

  it('capitals and spaces from Kommo never reach Omnisend as a second contact', async () => {
    const email = freshEmail('jane');
    kit.sim.seedContact({ email, emailStatus: 'unsubscribed', emailStatusChangedAt: OPTED_OUT_AT });
    const typedInKommo = `  ${email.toUpperCase()} `;
    const normalised = normaliseEmail(typedInKommo);
    expect(normalised).toBe(email);

    const result = await kit.adapter.push(planned(normalised ?? '', null, { kind: 'stage', stage: 'won' }));
    expect(result.outcome).toBe('updated');
    // Every address in every request (the look-up, the upsert, the tag removal) is the normalised one.
    const sent = kit.sim.requests.flatMap((r) => {
      const body = (r.body ?? {}) as { identifiers?: { id: string }[]; emails?: string[] };
      return [r.query.get('email'), ...(body.identifiers ?? []).map((i) => i.id), ...(body.emails ?? [])].filter((a) => a !== null);
    });
    expect(kit.sim.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /api/contacts', 'POST /api/contacts', 'DELETE /api/contacts/tags']);
    expect(sent).toEqual([email, email, email]);
    expect(kit.sim.contacts.allByEmailIgnoringCase(email)).toHaveLength(1);
    expect(kit.sim.wasResubscribed(email)).toBe(false);
  });

  it('the adapter sends the address exactly as the push carries it (normalising is the sync’s job, once)', async () => {
    const email = freshEmail('exact');
    await kit.adapter.push(planned(email, null, { kind: 'stage', stage: 'won' }));
    const ids = received(kit.sim, 'POST', '/api/contacts').map((r) => (r.body as { identifiers: { id: string }[] }).identifiers[0]?.id);
    expect(ids).toEqual([email]);
  });
});
