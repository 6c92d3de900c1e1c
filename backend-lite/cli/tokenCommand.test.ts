import { describe, expect, it } from 'vitest';
import { createAccountRepository } from '../store/accounts.ts';
import { openDatabase } from '../store/database.ts';
import { createPersonalTokens } from '../store/personalTokens.ts';
import { runTokenCommand, UsageError } from './tokenCommand.ts';

function setup() {
  const db = openDatabase({ path: ':memory:' });
  const accounts = createAccountRepository({ db });
  accounts.ensure('acme', null);
  const tokens = createPersonalTokens({ db });
  let out = '';
  const run = (...args: string[]) => runTokenCommand(args, { accounts, tokens, defaultSubdomain: 'acme', write: (text) => (out += text) });
  return { tokens, run, out: () => out };
}

describe('npm run bridge -- token', () => {
  it('creates a token shown once, which the panel API then accepts, and revokes it', () => {
    const { tokens, run, out } = setup();
    run('create', '--user', '8000001', '--label', 'Maria laptop');
    const token = /\n {2}(keb_\S+)\n/.exec(out())?.[1];
    expect(token).toBeDefined();
    expect(tokens.check(token!)).toMatchObject({ ok: true, token: { kommoUserId: 8000001, label: 'Maria laptop' } });
    const before = out().length;
    run('list');
    const listing = out().slice(before);
    expect(listing).toMatch(/1\tuser 8000001\tMaria laptop\tactive, last used /);
    expect(listing).not.toContain(token!.slice(10));
    run('revoke', '1');
    expect(tokens.check(token!)).toEqual({ ok: false, problem: 'revoked' });
  });

  it('says what is wrong with a command, in words', () => {
    const { run } = setup();
    expect(() => run('create')).toThrow(/--user must be the Kommo user id/);
    expect(() => run('revoke', '99')).toThrow(/No active token 99 in acme/);
    expect(() => run('create', '--user', '1', '--account', 'globex')).toThrow(/The account "globex" is not connected/);
    expect(() => run('create', '--usr', '1')).toThrow(UsageError);
    expect(() => run('dance')).toThrow(/Personal tokens for the browser extension/);
  });
});
