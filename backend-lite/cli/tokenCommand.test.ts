import { describe, expect, it } from 'vitest';
import { createAccountRepository } from '../store/accounts.ts';
import { openDatabase } from '../store/database.ts';
import { createPersonalTokens } from '../store/personalTokens.ts';
import { runTokenCommand, UsageError } from './tokenCommand.ts';

async function setup() {
  const database = await openDatabase({ url: 'sqlite::memory:' });
  const accounts = createAccountRepository({ database });
  await accounts.ensure('acme', null);
  const tokens = createPersonalTokens({ database });
  let out = '';
  const run = (...args: string[]) => runTokenCommand(args, { accounts, tokens, defaultSubdomain: 'acme', write: (text) => (out += text) });
  return { tokens, run, out: () => out };
}

describe('npm run bridge -- token', async () => {
  it('creates a token shown once, which the panel API then accepts, and revokes it', async () => {
    const { tokens, run, out } = await setup();
    await run('create', '--user', '8000001', '--label', 'Maria laptop');
    const token = /\n {2}(keb_\S+)\n/.exec(out())?.[1];
    expect(token).toBeDefined();
    expect(await tokens.check(token!)).toMatchObject({ ok: true, token: { kommoUserId: 8000001, label: 'Maria laptop' } });
    const before = out().length;
    await run('list');
    const listing = out().slice(before);
    expect(listing).toMatch(/1\tuser 8000001\tMaria laptop\tactive, last used /);
    expect(listing).not.toContain(token!.slice(10));
    await run('revoke', '1');
    expect(await tokens.check(token!)).toEqual({ ok: false, problem: 'revoked' });
  });

  it('says what is wrong with a command, in words', async () => {
    const { run } = await setup();
    await expect(run('create')).rejects.toThrow(/--user must be the Kommo user id/);
    await expect(run('revoke', '99')).rejects.toThrow(/No active token 99 in acme/);
    await expect(run('create', '--user', '1', '--account', 'globex')).rejects.toThrow(/The account "globex" is not connected/);
    await expect(run('create', '--usr', '1')).rejects.toThrow(UsageError);
    await expect(run('dance')).rejects.toThrow(/Personal tokens for the browser extension/);
  });
});
