import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MoosendSimulator } from '../../../test/simulators/moosend/index.ts';
import type { Rules } from '../../config/rules.ts';
import { planPushes, type PushTrigger } from '../../sync/pushPlan.ts';
import { createMoosendClient } from './moosendClient.ts';
import { createMoosendPacers } from './moosendLimits.ts';
import { createMissingFields, MOOSEND_BRIDGE_FIELDS } from './moosendListFields.ts';
import { adapterFor, consented, limitsOf, pushOf, requestsTo, startSim } from './moosendTestKit.ts';

const rules: Rules = {
  kommo: { stages: { '5': 'demo_scheduled' }, fields: {} },
  moosend: { apiKey: 'k', webhookSecret: 's'.repeat(22), on: { won: { list: 'w', addTags: [] }, lost: { list: 'l', addTags: [] }, demo_scheduled: { list: 'd', addTags: [] } } },
  notes: { afterPush: true, opened: false, clicked: true },
};

function moosendFieldsOf(trigger: PushTrigger): string[] {
  const plans = planPushes({
    rules,
    accountKey: '1',
    trigger,
    deal: { leadId: 42, changedAt: Date.UTC(2026, 2, 15), plan: 'Pro', source: 'web', price: 990 },
    contact: { email: 'ana@example.com', phone: null, kommoContactId: 7, kommoDealId: 42, firstName: 'Ana', lastName: null },
    consent: { email: true, sms: false },
  });
  return Object.keys(plans.moosend?.fields ?? {}).sort();
}

const fieldsAt = (stage: string) =>
  MOOSEND_BRIDGE_FIELDS.filter((field) => field.stages === null || field.stages.includes(stage))
    .map((field) => field.name)
    .sort();

describe('the fields the bridge writes into Moosend lists', () => {
  it('are exactly what each push carries, so the settings page asks for every field a push would lose', () => {
    expect(moosendFieldsOf({ kind: 'stage', stage: 'won' })).toEqual(fieldsAt('won'));
    expect(fieldsAt('won')).toEqual(['kommo_deal_id', 'mrr', 'plan', 'won_date']);
    expect(moosendFieldsOf({ kind: 'resync', stage: 'won' })).toEqual(fieldsAt('won'));
    expect(moosendFieldsOf({ kind: 'stage', stage: 'lost' })).toEqual(fieldsAt('lost'));
    expect(moosendFieldsOf({ kind: 'stage', stage: 'demo_scheduled' })).toEqual(fieldsAt('demo_scheduled'));
    expect(moosendFieldsOf({ kind: 'plan-changed', oldPlan: 'Basic' })).toEqual(fieldsAt('any stage'));
  });
});

describe('moosend lists for the settings page', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.reset());

  const clientOf = () => createMoosendClient({ origin: sim.origin, apiKey: sim.apiKey, pacers: createMoosendPacers('moosend-test', { limits: limitsOf(sim) }), limits: limitsOf(sim) });

  it('reads every list with its active members, following lists.json’s page count through the paged path', async () => {
    for (let i = 1; i <= 12; i++) sim.seedList({ id: `extra-${i}`, name: `Extra ${i}` });
    sim.seedSubscriber('extra-12', { email: 'a@example.com' });
    const lists = await clientOf().allLists();

    expect(lists).toHaveLength(15);
    expect(lists.find((list) => list.ID === 'extra-12')).toMatchObject({ Name: 'Extra 12', ActiveMemberCount: 1 });
    expect(sim.requests.map((r) => `${r.method} ${r.path} ${r.query.get('WithStatistics')}`)).toEqual([
      'GET /v3/lists.json true',
      'GET /v3/lists/2/10.json true',
    ]);
  });

  it('creates only the missing fields, each with its type, then reads the list again; a second call creates nothing', async () => {
    const list = sim.seedList({ name: 'Trial', customFields: ['PLAN', 'Company'] });
    const client = clientOf();
    const first = await createMissingFields(client, list.id, ['plan', 'kommo_deal_id', 'mrr', 'won_date']);
    const second = await createMissingFields(client, list.id, ['plan', 'kommo_deal_id', 'mrr', 'won_date']);

    expect(first.created).toEqual(['kommo_deal_id', 'mrr', 'won_date']);
    expect(first.list.CustomFieldsDefinition?.map((f) => f.Name)).toEqual(['PLAN', 'Company', 'kommo_deal_id', 'mrr', 'won_date']);
    expect(second.created).toEqual([]);
    expect(requestsTo(sim, 'create.json').map((r) => r.body)).toEqual([
      { Name: 'kommo_deal_id', CustomFieldType: 'Number', IsRequired: false, IsHidden: false },
      { Name: 'mrr', CustomFieldType: 'Number', IsRequired: false, IsHidden: false },
      { Name: 'won_date', CustomFieldType: 'DateTime', IsRequired: false, IsHidden: false },
    ]);
    expect(sim.list(list.id)?.CustomFieldsDefinition.map((f) => [f.Name, f.Type])).toEqual([
      ['PLAN', 0],
      ['Company', 0],
      ['kommo_deal_id', 1],
      ['mrr', 1],
      ['won_date', 2],
    ]);
  });

  it('creates nothing it was not asked for, nor any field the bridge does not write', async () => {
    const list = sim.seedList({ name: 'Demo', customFields: [] });
    const { created } = await createMissingFields(clientOf(), list.id, ['plan', 'Company']);
    expect(created).toEqual(['plan']);
    expect(requestsTo(sim, 'create.json')).toHaveLength(1);
  });
});

describe('a push after the admin created a missing field', () => {
  let sim: MoosendSimulator;
  beforeAll(async () => {
    sim = await startSim();
  });
  afterAll(() => sim.close());

  it('writes it once the list is read again, without reading the list before every push meanwhile', async () => {
    const list = sim.seedList({ name: 'Trial', customFields: ['plan'] });
    let now = 1_000_000;
    const { adapter } = adapterFor(sim, { lists: [list.id], now: () => now });
    const push = (email: string) => adapter.push(pushOf({ email, list: list.id, ...consented }));

    expect((await push('one@example.com')).summary).toMatch(/list "Trial" has no custom field kommo_deal_id/);
    now += 2_000;
    await push('two@example.com');
    expect(requestsTo(sim, 'details.json')).toHaveLength(1);

    await createMissingFields(createMoosendClient({ origin: sim.origin, apiKey: sim.apiKey, pacers: createMoosendPacers('admin', { limits: limitsOf(sim) }) }), list.id, ['kommo_deal_id']);
    now += 10_000;
    const after = await push('three@example.com');
    expect(after.summary).not.toMatch(/has no custom field/);
    expect(sim.customFields(list.id, 'three@example.com')).toEqual({ plan: 'Pro', kommo_deal_id: '42' });
  });
});
