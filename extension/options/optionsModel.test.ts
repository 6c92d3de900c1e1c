import { describe, expect, it } from 'vitest';
import type { BackendReply } from '../shared/backendMessages.ts';
import type { ExtensionSettings } from '../shared/extensionSettings.ts';
import { optionsText } from './i18n/optionsText.ts';
import { createOptionsModel } from './optionsModel.ts';

function modelWith({ grant = true, reply, language = 'en-US' }: { grant?: boolean; reply: BackendReply; language?: string }) {
  const requested: string[] = [];
  const saved: ExtensionSettings[] = [];
  const model = createOptionsModel({
    initial: { backendUrl: '', token: '' },
    text: optionsText(language).text,
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

  it('speaks Spanish to a browser in Spanish: access refused, then the connection’s problem', async () => {
    const refused = modelWith({ grant: false, reply: { kind: 'not_configured' }, language: 'es-419' });
    refused.model.backendUrl.value = 'https://bridge.example.com';
    refused.model.token.value = 'keb_abc';
    await refused.model.saveAndTest();
    expect(refused.model.status.value).toEqual({
      tone: 'error',
      text: 'No se permitió el acceso a https://bridge.example.com.',
      detail: 'Sin él, la extensión no puede contactar con el backend. Vuelve a hacer clic y elige Permitir.',
    });

    const revoked = modelWith({ reply: { kind: 'answer', status: 401, body: { error: 'token_revoked', message: 'Revoked.' } }, language: 'es' });
    revoked.model.backendUrl.value = 'https://bridge.example.com';
    revoked.model.token.value = 'keb_old';
    await revoked.model.saveAndTest();
    expect(revoked.model.status.value.text).toBe('Guardado. Tu token personal fue revocado.');
  });

  it('speaks Portuguese to a browser in Brazilian Portuguese: a bad URL, then saved and connected', async () => {
    const { model } = modelWith({ reply: { kind: 'answer', status: 200, body: { accountSubdomain: 'acme', userId: 8000001 } }, language: 'pt-BR' });
    model.backendUrl.value = 'bridge.example.com';
    model.token.value = 'keb_abc';
    await model.saveAndTest();
    expect(model.status.value.text).toBe('Informe a URL do backend, por exemplo https://bridge.example.com (http simples só para localhost).');
    model.backendUrl.value = 'https://bridge.example.com';
    await model.saveAndTest();
    expect(model.status.value).toEqual({ tone: 'ok', text: 'Salvo. Conectado à conta do Kommo “acme” como usuário 8000001.' });
  });
});
