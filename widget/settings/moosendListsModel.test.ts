import { describe, expect, it } from 'vitest';
import type { MoosendListsResponse } from '../../backend-lite/api/adminContract.ts';
import type { AdminRequest } from './adminApi.ts';
import { createMoosendListsModel, missingFields, stagesOfList } from './moosendListsModel.ts';
import { rulesFromWire } from './rulesDraft.ts';

const answer: MoosendListsResponse = {
  lists: [
    { id: 'list-won', name: 'Customers', activeMembers: 1024, fields: ['Plan'] },
    { id: 'list-demo', name: 'Demo booked', activeMembers: 3, fields: ['plan', 'kommo_deal_id'] },
  ],
  bridgeFields: [
    { name: 'kommo_deal_id', type: 'Number', stages: null },
    { name: 'plan', type: 'Text', stages: null },
    { name: 'mrr', type: 'Number', stages: ['won'] },
    { name: 'won_date', type: 'DateTime', stages: ['won'] },
  ],
};

/** Answers in order; each answer waits for `release` when given one, to hold a request in flight. */
function fakeTransport(...answers: { status: number; body: unknown; release?: Promise<void> }[]) {
  const requests: AdminRequest[] = [];
  async function transport(request: AdminRequest) {
    requests.push(request);
    const next = answers.shift();
    if (next === undefined) throw new Error(`no answer left for ${request.method} ${request.path}`);
    await next.release;
    return next;
  }
  return { transport, requests };
}

describe('Moosend lists on the settings page', () => {
  it('reads the lists only once a Moosend key is saved', async () => {
    const { transport, requests } = fakeTransport({ status: 200, body: answer });
    const model = createMoosendListsModel({ transport });
    await model.savedSettingsChanged(false);
    expect(model.state.value).toEqual({ phase: 'unsaved' });
    expect(requests).toEqual([]);

    await model.savedSettingsChanged(true);
    expect(requests).toEqual([{ method: 'GET', path: '/api/admin/moosend/lists' }]);
    expect(model.state.value).toEqual({ phase: 'loaded', ...answer });
  });

  it('keeps Moosend’s refusal to say why there are no lists', async () => {
    const { transport } = fakeTransport({ status: 422, body: { error: 'moosend_key_rejected', message: 'Moosend rejected the API key on GET /v3/lists.json (INVALID_API_KEY)' } });
    const model = createMoosendListsModel({ transport });
    await model.load();
    expect(model.state.value).toMatchObject({ phase: 'failed', failure: { kind: 'http', status: 422, code: 'moosend_key_rejected' } });
  });

  it('creates the missing fields with one request however often the button is pressed, then shows the list’s fields', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const created = { listId: 'list-won', fields: ['Plan', 'kommo_deal_id', 'mrr', 'won_date'], created: ['kommo_deal_id', 'mrr', 'won_date'] };
    const { transport, requests } = fakeTransport({ status: 200, body: answer }, { status: 200, body: created, release: held });
    const model = createMoosendListsModel({ transport });
    await model.load();

    const first = model.createFields('list-won', ['kommo_deal_id', 'mrr', 'won_date']);
    const second = model.createFields('list-won', ['kommo_deal_id', 'mrr', 'won_date']);
    expect(model.creating.value).toBe('list-won');
    release();
    await Promise.all([first, second]);

    expect(requests.slice(1)).toEqual([{ method: 'POST', path: '/api/admin/moosend/lists/list-won/fields', body: { fields: ['kommo_deal_id', 'mrr', 'won_date'] } }]);
    expect(model.creating.value).toBeNull();
    expect(model.fieldsOutcome.value).toEqual({ listId: 'list-won', ok: true, created: ['kommo_deal_id', 'mrr', 'won_date'] });
    const state = model.state.value;
    expect(state.phase === 'loaded' && state.lists[0]?.fields).toEqual(['Plan', 'kommo_deal_id', 'mrr', 'won_date']);
  });

  it('asks, per list, for the fields the stages mapped to it write, matching names without case', () => {
    const rules = rulesFromWire({
      moosend: { apiKey: 'k', webhookSecret: 's', on: { won: { list: 'list-won', addTags: [] }, demo_scheduled: { list: 'list-demo', addTags: [] } } },
    });
    const [won, demo] = answer.lists;
    expect(stagesOfList(rules, 'list-won')).toEqual(['won']);
    expect(missingFields(won!, answer.bridgeFields, ['won']).map((field) => field.name)).toEqual(['kommo_deal_id', 'mrr', 'won_date']);
    // A demo list gets no MRR or won date: no push there carries them.
    expect(missingFields(demo!, answer.bridgeFields, stagesOfList(rules, 'list-demo'))).toEqual([]);
  });
});
