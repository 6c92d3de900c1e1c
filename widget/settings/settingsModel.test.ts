import { describe, expect, it } from 'vitest';
import { SECRET_MASK, adminPaths, type KommoSchemaResponse, type SettingsResponse } from '../../backend-lite/api/adminContract.ts';
import type { AdminRequest } from './adminApi.ts';
import { withCredential, withMoosendList, withOmnisendTags, withStage } from './rulesDraft.ts';
import { createSettingsModel } from './settingsModel.ts';

const masked = (last4: string) => `${SECRET_MASK}${last4}`;

const stored: SettingsResponse = {
  rules: {
    kommo: { stages: { '67548619': 'demo_scheduled' }, fields: { plan: { entity: 'lead', id: 512001 } } },
    omnisend: { apiKey: masked('9f3a'), webhookSecret: masked('x7Qe'), newContactStatus: 'nonSubscribed', on: { won: { addTags: ['customer'], removeTags: [] } } },
    moosend: { apiKey: masked('c0de'), webhookSecret: masked('m00s'), on: { demo_scheduled: { list: 'list-1', addTags: [] } } },
    notes: { afterPush: true, opened: false, clicked: true },
  },
  source: 'account',
  webhookUrls: { kommo: null, omnisend: 'https://bridge.example/webhooks/omnisend/s1', moosend: 'https://bridge.example/webhooks/moosend/s2', customerio: null },
  kommoWebhook: 'subscribed',
};
const schema: KommoSchemaResponse = {
  pipelines: [{ id: 1, name: 'Sales', stages: [{ id: 67548619, name: 'Demo' }, { id: 142, name: 'Won' }] }],
  leadFields: [{ id: 512001, name: 'Plan', type: 'select' }],
  contactFields: [],
};

type Answer = { status: number; body: unknown } | Error;

/** Answers each `METHOD path` from its own queue and records every request the model sends. */
function fakeTransport(answers: Record<string, Answer[]>) {
  const requests: AdminRequest[] = [];
  async function transport(request: AdminRequest) {
    requests.push(request);
    const answer = answers[`${request.method} ${request.path}`]?.shift();
    if (answer === undefined) throw new Error(`no answer left for ${request.method} ${request.path}`);
    if (answer instanceof Error) throw answer;
    return answer;
  }
  return { transport, requests };
}

const ok = (body: unknown) => ({ status: 200, body });
const GET_SETTINGS = `GET ${adminPaths.settings}`;
const GET_SCHEMA = `GET ${adminPaths.kommoSchema}`;
const PUT_SETTINGS = `PUT ${adminPaths.settings}`;

async function loadedModel(answers: Record<string, Answer[]> = {}) {
  const fake = fakeTransport({ [GET_SETTINGS]: [ok(stored)], [GET_SCHEMA]: [ok(schema)], ...answers });
  const model = createSettingsModel({ transport: fake.transport, newSecret: () => 'generated-path-secret-0123456789' });
  await model.load();
  return { model, requests: fake.requests };
}

describe('load', () => {
  it('GETs the settings and the Kommo schema and shows both', async () => {
    const { model, requests } = await loadedModel();
    expect(requests).toEqual([
      { method: 'GET', path: '/api/admin/settings' },
      { method: 'GET', path: '/api/admin/kommo-schema' },
    ]);
    expect(model.draft.value?.kommo.stages).toEqual({ '67548619': 'demo_scheduled' });
    expect(model.draft.value?.moosend?.apiKey).toBe(masked('c0de'));
    expect(model.kommoSchema.value?.pipelines[0]?.name).toBe('Sales');
    expect(model.loading.value).toBe(false);
  });

  it.each([
    [{ status: 401, body: { error: 'token_expired', message: 'The token expired.' } }, { kind: 'http', status: 401, code: 'token_expired' }],
    [{ status: 403, body: { error: 'admin_only', message: 'Only an administrator…' } }, { kind: 'http', status: 403, code: 'admin_only' }],
    [new TypeError('Failed to fetch'), { kind: 'network', message: 'Failed to fetch' }],
  ])('keeps no settings and reports the failure: %o', async (answer, failure) => {
    const fake = fakeTransport({ [GET_SETTINGS]: [answer], [GET_SCHEMA]: [ok(schema)] });
    const model = createSettingsModel({ transport: fake.transport });
    await model.load();
    expect(model.settings.value).toBeNull();
    expect(model.loadFailure.value).toMatchObject(failure);
  });

  it('lets the admin edit and save settings that still come from the rules file, which makes them the account’s', async () => {
    const fromFile = { ...stored, source: 'file' };
    const after = { ...stored, rules: { ...stored.rules, kommo: { stages: {}, fields: {} } }, source: 'account' };
    const fake = fakeTransport({ [GET_SETTINGS]: [ok(fromFile), ok(after)], [GET_SCHEMA]: [ok(schema)], [PUT_SETTINGS]: [ok(after)] });
    const model = createSettingsModel({ transport: fake.transport });
    await model.load();
    model.edit((rules) => withStage(rules, 67548619, null));
    await model.save();
    expect(fake.requests.map((request) => request.method)).toEqual(['GET', 'GET', 'PUT', 'GET']);
    expect((fake.requests[2]?.body as { rules: { kommo: { stages: object } } }).rules.kommo.stages).toEqual({});
    expect(model.saveState.value).toEqual({ phase: 'saved' });
    expect(model.settings.value?.source).toBe('account');
  });

  it('keeps the settings editable when only the Kommo schema fails', async () => {
    const { model } = await loadedModel({ [GET_SCHEMA]: [{ status: 502, body: { error: 'kommo_failed', message: 'Kommo answered 500.' } }] });
    expect(model.settings.value).not.toBeNull();
    expect(model.kommoSchemaFailure.value).toMatchObject({ kind: 'http', status: 502 });
  });
});

describe('save', () => {
  it('PUTs the edited rules with untouched masked secrets as they came, then reloads and says saved', async () => {
    const after = { ...stored, rules: { ...stored.rules, kommo: { stages: { '67548619': 'trial' }, fields: {} } } };
    const { model, requests } = await loadedModel({ [PUT_SETTINGS]: [ok(after)], [GET_SETTINGS]: [ok(stored), ok(after)] });
    model.edit((rules) => withStage(rules, 67548619, 'trial'));
    model.edit((rules) => withOmnisendTags(rules, 'trial', 'addTags', ['trial_{plan}']));
    await model.save();

    const put = requests.find((request) => request.method === 'PUT');
    const sent = (put?.body as { rules: Record<string, { apiKey?: string; webhookSecret?: string; on?: object; stages?: object }> }).rules;
    expect(put?.path).toBe('/api/admin/settings');
    expect(sent['omnisend']?.apiKey).toBe(masked('9f3a'));
    expect(sent['omnisend']?.webhookSecret).toBe(masked('x7Qe'));
    expect(sent['moosend']?.apiKey).toBe(masked('c0de'));
    expect(sent['kommo']?.stages).toEqual({ '67548619': 'trial' });
    expect(sent['omnisend']?.on).toEqual({ won: { addTags: ['customer'], removeTags: [] }, trial: { addTags: ['trial_{plan}'], removeTags: [] } });
    expect(requests.at(-1)).toEqual({ method: 'GET', path: '/api/admin/settings' });
    expect(model.saveState.value).toEqual({ phase: 'saved' });
    expect(model.draft.value?.kommo.stages).toEqual({ '67548619': 'trial' });
  });

  it('shows each problem of a 400 invalid_settings by its path', async () => {
    const problem = {
      error: 'invalid_settings',
      message: 'Some settings are not valid.',
      problems: [{ path: 'omnisend.apiKey', message: 'Required' }, { path: 'kommo.stages.67548619', message: 'stage names are lower_snake_case' }],
    };
    const { model } = await loadedModel({ [PUT_SETTINGS]: [{ status: 400, body: problem }] });
    model.edit((rules) => withCredential(rules, 'omnisend', 'apiKey', ''));
    await model.save();
    expect(model.saveState.value).toEqual({ phase: 'invalid', message: 'Some settings are not valid.', problems: problem.problems });
    expect(model.draft.value?.omnisend?.apiKey).toBe('');
  });

  it('shows the ESP’s reason for a 422 esp_rejected at that ESP', async () => {
    const reason = 'Moosend rejected the API key (Code 401): the API key is invalid.';
    const { model } = await loadedModel({ [PUT_SETTINGS]: [{ status: 422, body: { error: 'esp_rejected', esp: 'moosend', message: reason } }] });
    model.edit((rules) => withCredential(rules, 'moosend', 'apiKey', 'not-the-key'));
    await model.save();
    expect(model.saveState.value).toEqual({ phase: 'rejected', esp: 'moosend', message: reason });
  });

  it('reports a session that expired or a network failure during the save, keeping the edits', async () => {
    const { model } = await loadedModel({
      [PUT_SETTINGS]: [{ status: 401, body: { error: 'token_expired', message: 'Expired.' } }, new TypeError('Failed to fetch')],
    });
    model.edit((rules) => withMoosendList(rules, 'won', 'list-2'));
    await model.save();
    expect(model.saveState.value).toMatchObject({ phase: 'failed', failure: { kind: 'http', status: 401 } });
    await model.save();
    expect(model.saveState.value).toMatchObject({ phase: 'failed', failure: { kind: 'network' } });
    expect(model.draft.value?.moosend?.on['won']).toEqual({ list: 'list-2', addTags: [] });
  });

  it('drops a disconnected ESP’s block, restores it on reconnect, and starts a new one with a path secret', async () => {
    const { model, requests } = await loadedModel({ [PUT_SETTINGS]: [ok({})], [GET_SETTINGS]: [ok(stored), ok(stored)] });
    model.setConnected('moosend', false);
    expect(model.draft.value?.moosend).toBeUndefined();
    model.setConnected('moosend', true);
    expect(model.draft.value?.moosend?.apiKey).toBe(masked('c0de'));
    model.setConnected('omnisend', false);
    model.setConnected('customerio', true);
    await model.save();
    const sent = (requests.find((request) => request.method === 'PUT')?.body as { rules: Record<string, unknown> }).rules;
    expect(sent).not.toHaveProperty('omnisend');
    expect(sent['customerio']).toEqual({
      siteId: '',
      trackApiKey: '',
      appApiKey: '',
      region: 'us',
      webhookSecret: 'generated-path-secret-0123456789',
      webhookSigningKey: '',
      on: {},
    });
  });
});
