import { describe, expect, it } from 'vitest';
import type { BackendReply } from '../shared/backendMessages.ts';
import type { ExtensionSettings } from '../shared/extensionSettings.ts';
import { createOptionsModel } from './optionsModel.ts';

function modelWith({ grant = true, reply }: { grant?: boolean; reply: BackendReply }) {
  const requested: string[] = [];
  const saved: ExtensionSettings[] = [];
  const model = createOptionsModel({
    initial: { backendUrl: '', token: '' },
    requestHostPermission: (pattern) => (requested.push(pattern), Promise.resolve(grant)),
    save: async (settings) => void saved.push(settings),
    callMe: async () => reply,
  });
  return { model, requested, saved };
}

describe('the options page', () => {
  it('asks for the backend’s origin only, saves, and names the connected account', async () => {
    const { model, requested, saved } = modelWith({ reply: { kind: 'answer', status: 200, body: { accountSubdomain: 'acme', userId: 8000001 } } });
    model.backendUrl.value = ' https://bridge.example.com/kommo ';
    model.token.value = 'keb_abc ';
    const running = model.saveAndTest();
    // Requested before the first await: browsers only grant inside the click.
    expect(requested).toEqual(['https://bridge.example.com/*']);
    await running;
    expect(saved).toEqual([{ backendUrl: 'https://bridge.example.com/kommo', token: 'keb_abc' }]);
    expect(model.status.value).toEqual({ tone: 'ok', text: 'Saved. Connected to the Kommo account “acme” as user 8000001.' });
  });

  it('refuses a plain-http remote URL and an empty token before asking anything', async () => {
    const { model, requested } = modelWith({ reply: { kind: 'not_configured' } });
    model.backendUrl.value = 'http://bridge.example.com';
    model.token.value = 'keb_abc';
    await model.test();
    expect(model.status.value.text).toContain('plain http only for localhost');
    model.backendUrl.value = 'https://bridge.example.com';
    model.token.value = '  ';
    await model.test();
    expect(model.status.value.text).toContain('Paste your personal token');
    expect(requested).toEqual([]);
  });

  it('says access was refused and saves nothing', async () => {
    const { model, saved } = modelWith({ grant: false, reply: { kind: 'not_configured' } });
    model.backendUrl.value = 'https://bridge.example.com';
    model.token.value = 'keb_abc';
    await model.saveAndTest();
    expect(model.status.value.text).toBe('Access to https://bridge.example.com was not allowed.');
    expect(saved).toEqual([]);
  });

  it('Test connection says the token was revoked, without saving', async () => {
    const { model, saved } = modelWith({ reply: { kind: 'answer', status: 401, body: { error: 'token_revoked', message: 'Revoked.' } } });
    model.backendUrl.value = 'http://localhost:8787';
    model.token.value = 'keb_old';
    await model.test();
    expect(model.status.value).toMatchObject({ tone: 'error', text: 'Your personal token was revoked.' });
    expect(saved).toEqual([]);
  });
});
