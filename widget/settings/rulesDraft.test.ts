import { describe, expect, it } from 'vitest';
import { newPathSecret, parseTags, rulesFromWire, stageNamesIn, withCustomerioEvent, withOmnisendTags } from './rulesDraft.ts';

describe('rules draft', () => {
  const rules = rulesFromWire({
    kommo: { stages: { '5': 'demo_scheduled' } },
    omnisend: { apiKey: 'k', webhookSecret: 's', newContactStatus: 'nonSubscribed', on: { trial: { addTags: ['a'], removeTags: [] } } },
    customerio: { siteId: 's', trackApiKey: 't', appApiKey: 'a', region: 'eu', webhookSecret: 's', webhookSigningKey: 'k', on: { won: { event: 'deal_won' } } },
  });

  it('fills the defaults the server schema would, so a sparse answer is editable', () => {
    expect(rules.kommo.fields).toEqual({});
    expect(rules.notes).toEqual({ afterPush: true, opened: false, clicked: true });
  });

  it('lists won and lost first, then every stage name in use', () => {
    expect(stageNamesIn(rules, ['onboarding'])).toEqual(['won', 'lost', 'demo_scheduled', 'onboarding', 'trial']);
  });

  it('removes an action left empty instead of sending an empty rule', () => {
    expect(withOmnisendTags(rules, 'trial', 'addTags', []).omnisend?.on).toEqual({});
    expect(withCustomerioEvent(rules, 'won', '  ').customerio?.on).toEqual({});
  });

  it('reads comma-separated tags, ignoring blanks', () => {
    expect(parseTags(' customer, plan_{plan} ,, active,')).toEqual(['customer', 'plan_{plan}', 'active']);
  });

  it('makes path secrets the rules schema accepts', () => {
    expect(newPathSecret()).toMatch(/^[A-Za-z0-9_-]{22,}$/);
    expect(newPathSecret()).not.toBe(newPathSecret());
  });
});
