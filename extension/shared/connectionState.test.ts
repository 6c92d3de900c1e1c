import { describe, expect, it } from 'vitest';
import { accountProblem, connectionStateOf } from './connectionState.ts';
import { problemText } from './connectionText.ts';
import { en } from './i18n/en.ts';

const answer = (status: number, body: unknown) => ({ kind: 'answer' as const, status, body });

describe('connectionStateOf (GET /api/me)', () => {
  it('names the account and user of a working token', () => {
    expect(connectionStateOf(answer(200, { accountSubdomain: 'acme', userId: 8000001 }))).toEqual({ ok: true, me: { accountSubdomain: 'acme', userId: 8000001 } });
  });

  it('tells a revoked token from an unknown one', () => {
    const revoked = connectionStateOf(answer(401, { error: 'token_revoked', message: 'This personal token was revoked.' }));
    expect(revoked).toEqual({ ok: false, problem: { kind: 'token_revoked' } });
    expect(connectionStateOf(answer(401, { error: 'token_unknown', message: 'No such token.' }))).toEqual({ ok: false, problem: { kind: 'token_unknown' } });
  });

  it('says when the address is not a bridge, or not reachable', () => {
    const notBridge = connectionStateOf(answer(404, null));
    expect(notBridge).toEqual({ ok: false, problem: { kind: 'not_bridge', status: 404 } });
    if (!notBridge.ok) expect(problemText(notBridge.problem, en).title).toBe('That address answered HTTP 404, but not as an ESP Bridge backend.');
    const unreachable = connectionStateOf({ kind: 'unreachable', message: 'GET http://127.0.0.1:9/api/me got no answer (fetch failed).' });
    if (unreachable.ok) throw new Error('expected a problem');
    expect(problemText(unreachable.problem, en).title).toBe('The ESP Bridge backend is unreachable.');
  });

  it('passes on the backend’s own sentence for other refusals', () => {
    expect(connectionStateOf(answer(403, { error: 'account_not_connected', message: 'The Kommo account acme is not connected to this bridge.' }))).toEqual({
      ok: false,
      problem: { kind: 'refused', status: 403, message: 'The Kommo account acme is not connected to this bridge.' },
    });
  });
});

describe('accountProblem', () => {
  it('accepts the token’s own account on any Kommo domain', () => {
    expect(accountProblem({ accountSubdomain: 'acme', userId: 1 }, 'acme.kommo.com')).toBeNull();
    expect(accountProblem({ accountSubdomain: 'Acme', userId: 1 }, 'acme.amocrm.ru')).toBeNull();
  });

  it('names both accounts when the tab is another account', () => {
    const problem = accountProblem({ accountSubdomain: 'acme', userId: 1 }, 'globex.kommo.com');
    expect(problem).toEqual({ kind: 'wrong_account', tokenAccount: 'acme', tabAccount: 'globex' });
    expect(problemText(problem!, en).title).toContain('this token belongs to “acme”, but this page is the Kommo account “globex”');
  });
});
