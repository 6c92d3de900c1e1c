import { describe, expect, it } from 'vitest';
import { connectedText, problemText } from './connectionText.ts';
import { extensionText } from './i18n/extensionText.ts';

describe('connection words in the page’s language', () => {
  it('tell a Spanish-speaking manager what is wrong and what to do', () => {
    const es = extensionText('es');
    expect(problemText({ kind: 'token_revoked' }, es)).toEqual({
      title: 'Tu token personal fue revocado.',
      detail: 'Pide un token personal nuevo a tu administrador de Kommo y pégalo en las opciones de la extensión.',
    });
    expect(problemText({ kind: 'no_permission', origin: 'https://bridge.example.com' }, es).title).toBe(
      'La extensión no tiene permiso para contactar con https://bridge.example.com.',
    );
    expect(es.openOptions).toBe('Abrir las opciones de ESP Bridge');
  });

  it('tell a Portuguese-speaking manager whose account the token is, and which one the page is', () => {
    const pt = extensionText('pt');
    expect(problemText({ kind: 'wrong_account', tokenAccount: 'acme', tabAccount: 'globex' }, pt)).toEqual({
      title: 'Conta errada: este token é de “acme”, mas esta página é da conta do Kommo “globex”.',
      detail: 'Peça um token pessoal a um administrador de “globex” ou abra “acme” no Kommo.',
    });
    expect(connectedText({ accountSubdomain: 'acme', userId: 8000001 }, pt)).toBe('Conectado à conta do Kommo “acme” como usuário 8000001.');
  });

  it('keep the backend’s own sentence for a refusal, and the reason a call failed', () => {
    const es = extensionText('es-ES');
    expect(problemText({ kind: 'refused', status: 403, message: 'The Kommo account acme is not connected to this bridge.' }, es)).toEqual({
      title: 'El backend rechazó el token (HTTP 403).',
      detail: 'The Kommo account acme is not connected to this bridge.',
    });
    expect(problemText({ kind: 'unreachable', detail: 'fetch failed.' }, extensionText('pt-PT')).detail).toBe(
      'fetch failed. Verifique a URL, sua rede ou VPN e se o backend está em execução.',
    );
  });

  it('fall back to English on a page in another language', () => {
    expect(problemText({ kind: 'not_configured' }, extensionText('ru')).title).toBe('ESP Bridge is not set up yet.');
  });
});
