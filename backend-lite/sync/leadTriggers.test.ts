import { describe, expect, it } from 'vitest';
import { rulesSchema } from '../config/rules.ts';
import type { LeadState } from '../store/leadSyncState.ts';
import { leadTriggers } from './leadTriggers.ts';

const rules = rulesSchema.parse({ kommo: { stages: { '67548619': 'demo_scheduled' } } });
const previous = (statusId: number, plan: string | null): LeadState => ({
  accountId: 1,
  leadId: 1,
  statusId,
  pipelineId: 1,
  plan,
  source: null,
  price: null,
  contactIds: [],
  kommoUpdatedAt: null,
});

describe('leadTriggers', () => {
  it('fires a stage once, on the move into it', () => {
    expect(leadTriggers(rules, undefined, { statusId: 142, plan: 'Pro' })).toEqual([{ kind: 'stage', stage: 'won' }]);
    expect(leadTriggers(rules, previous(67548607, 'Pro'), { statusId: 142, plan: 'Pro' })).toEqual([{ kind: 'stage', stage: 'won' }]);
    expect(leadTriggers(rules, previous(142, 'Pro'), { statusId: 142, plan: 'Pro' })).toEqual([]);
    expect(leadTriggers(rules, previous(1, null), { statusId: 67548619, plan: null })).toEqual([{ kind: 'stage', stage: 'demo_scheduled' }]);
    expect(leadTriggers(rules, previous(1, null), { statusId: 2, plan: null })).toEqual([]);
  });

  it('fires a plan change only when the previous plan is known', () => {
    expect(leadTriggers(rules, previous(142, 'Pro'), { statusId: 142, plan: 'Enterprise' })).toEqual([{ kind: 'plan-changed', oldPlan: 'Pro' }]);
    expect(leadTriggers(rules, undefined, { statusId: 5, plan: 'Enterprise' })).toEqual([]);
  });
});
