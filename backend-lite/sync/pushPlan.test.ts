import { describe, expect, it } from 'vitest';
import { rulesSchema } from '../config/rules.ts';
import { planPushes, renderTag, stageOf, type PushPlanInput } from './pushPlan.ts';

const secret = 'x'.repeat(32);
const rules = rulesSchema.parse({
  kommo: { stages: { '67548619': 'demo_scheduled' } },
  omnisend: {
    apiKey: 'k',
    webhookSecret: secret,
    on: {
      won: { addTags: ['customer', 'plan_{plan}', 'source_{source}', 'active'], removeTags: ['churned'] },
      lost: { addTags: ['churned'], removeTags: ['active'] },
      demo_scheduled: { addTags: ['demo'] },
    },
  },
  moosend: { apiKey: 'k', webhookSecret: secret, on: { won: { list: 'list-won' }, demo_scheduled: { list: 'list-demo' } } },
  customerio: {
    siteId: 's',
    trackApiKey: 't',
    appApiKey: 'a',
    webhookSecret: secret,
    webhookSigningKey: 'sk',
    on: { won: { event: 'deal_won' }, lost: { event: 'deal_lost' }, demo_scheduled: { event: 'demo_scheduled' } },
  },
});

const input = (trigger: PushPlanInput['trigger'], consent = { email: false, sms: false }): PushPlanInput => ({
  rules,
  accountKey: 'acme',
  trigger,
  deal: { leadId: 15318175, changedAt: Date.UTC(2026, 10, 23, 12), plan: 'Pro Annual', source: 'Website', price: 1000 },
  contact: { email: 'jane@example.com', phone: '+447700900123', kommoContactId: 17611273, kommoDealId: 15318175, firstName: 'Jane', lastName: 'Doe' },
  consent,
});

describe('stageOf', () => {
  it('maps 142/143 in every pipeline and the configured stages', () => {
    expect(stageOf(rules, 142)).toBe('won');
    expect(stageOf(rules, 143)).toBe('lost');
    expect(stageOf(rules, 67548619)).toBe('demo_scheduled');
    expect(stageOf(rules, 1)).toBeNull();
  });
});

describe('planPushes (SPEC §4.1)', () => {
  it('deal Won: Omnisend tags and properties, Moosend list, Customer.io identify + deal_won', () => {
    const plans = planPushes(input({ kind: 'stage', stage: 'won' }));
    expect(plans.omnisend).toMatchObject({
      addTags: ['customer', 'plan_pro_annual', 'source_website', 'active'],
      removeTags: ['churned'],
      fields: { plan: 'Pro Annual', mrr: 1000, kommo_deal_id: 15318175, won_date: '2026-11-23' },
      newContactStatus: { email: 'not_subscribed' },
    });
    expect(plans.moosend).toMatchObject({ list: 'list-won', fields: { plan: 'Pro Annual', mrr: 1000 } });
    expect(plans.customerio).toMatchObject({
      fields: { plan: 'Pro Annual', kommo_deal_id: 15318175, deal_amount: 1000 },
      event: { name: 'deal_won', data: { plan: 'Pro Annual', deal_id: 15318175 } },
      firstName: 'Jane',
    });
    expect(plans.customerio?.event?.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('never makes anyone subscribed because a deal was won; consent fields decide, SMS only with SMS consent', () => {
    expect(planPushes(input({ kind: 'stage', stage: 'won' })).omnisend?.newContactStatus).toEqual({ email: 'not_subscribed' });
    const consenting = rulesSchema.parse({ ...rules, omnisend: { ...rules.omnisend, newContactStatus: 'subscribed' } });
    const withConsent = planPushes({ ...input({ kind: 'stage', stage: 'won' }, { email: true, sms: false }), rules: consenting });
    expect(withConsent.omnisend?.newContactStatus).toEqual({ email: 'subscribed' });
    const withSms = planPushes({ ...input({ kind: 'stage', stage: 'won' }, { email: false, sms: true }), rules: consenting });
    expect(withSms.omnisend?.newContactStatus).toEqual({ email: 'not_subscribed', sms: 'subscribed' });
  });

  it('deal Lost: churned everywhere, deal_lost event', () => {
    const plans = planPushes(input({ kind: 'stage', stage: 'lost' }));
    expect(plans.omnisend).toMatchObject({ addTags: ['churned'], removeTags: ['active'] });
    expect(plans.moosend).toMatchObject({ list: null, addTags: ['churned'] });
    expect(plans.customerio?.event?.name).toBe('deal_lost');
  });

  it('plan changed: swap the plan tag, add upgraded, plan_changed event', () => {
    const plans = planPushes(input({ kind: 'plan-changed', oldPlan: 'Starter' }));
    expect(plans.omnisend).toMatchObject({ removeTags: ['plan_starter'], addTags: ['plan_pro_annual', 'upgraded'], fields: { plan: 'Pro Annual' } });
    expect(plans.moosend).toMatchObject({ removeTags: ['plan_starter'], addTags: ['plan_pro_annual'], fields: { plan: 'Pro Annual' } });
    expect(plans.customerio?.event).toMatchObject({ name: 'plan_changed', data: { old_plan: 'Starter', plan: 'Pro Annual' } });
  });

  it('mapped stage: tags, list and event per mapping; an unmapped stage gives no ESP work', () => {
    const plans = planPushes(input({ kind: 'stage', stage: 'demo_scheduled' }));
    expect(plans.omnisend?.addTags).toEqual(['demo']);
    expect(plans.moosend?.list).toBe('list-demo');
    expect(plans.customerio?.event?.name).toBe('demo_scheduled');
    expect(planPushes(input({ kind: 'stage', stage: 'negotiation' }))).toEqual({});
  });

  it('gives the same event id to the same change, so a retry is one event in Customer.io', () => {
    const a = planPushes(input({ kind: 'stage', stage: 'won' })).customerio?.event?.id;
    const b = planPushes(input({ kind: 'stage', stage: 'won' })).customerio?.event?.id;
    expect(a).toBe(b);
  });
});

describe('renderTag', () => {
  it('lower-cases values, turns spaces into _, and drops a tag whose value is missing', () => {
    const deal = { leadId: 1, changedAt: 0, plan: 'Pro  Plus', source: null, price: null };
    expect(renderTag('plan_{plan}', deal)).toBe('plan_pro_plus');
    expect(renderTag('source_{source}', deal)).toBeNull();
    expect(renderTag('customer', deal)).toBe('customer');
  });
});
