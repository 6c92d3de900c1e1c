import { parseArgs } from 'node:util';
import type { AccountRepository } from '../store/accounts.ts';
import type { PersonalTokens } from '../store/personalTokens.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export const tokenUsage = `Personal tokens for the browser extension:
  npm run bridge -- token create --user <Kommo user id> [--label "Maria's laptop"] [--account <subdomain>]
  npm run bridge -- token list [--account <subdomain>]
  npm run bridge -- token revoke <token id> [--account <subdomain>]
The account defaults to KOMMO_SUBDOMAIN.`;

export type TokenCommandDeps = {
  accounts: AccountRepository;
  tokens: PersonalTokens;
  defaultSubdomain: string | undefined;
  write: (text: string) => void;
};

function parsed(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { user: { type: 'string' }, label: { type: 'string' }, account: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${tokenUsage}`);
  }
}

/** `npm run bridge -- token …`: what an admin runs on the server to issue or revoke an extension token. */
export async function runTokenCommand(args: readonly string[], { accounts, tokens, defaultSubdomain, write }: TokenCommandDeps): Promise<void> {
  const { values, positionals } = parsed(args);
  const [action, id] = positionals;
  const subdomain = values.account ?? defaultSubdomain;
  if (!subdomain) throw new UsageError('Which account? Pass --account <subdomain> or set KOMMO_SUBDOMAIN.');
  const account = await accounts.findBySubdomain(subdomain);
  if (!account) throw new UsageError(`The account "${subdomain}" is not connected to this bridge (start it once with KOMMO_SUBDOMAIN=${subdomain}).`);

  switch (action) {
    case 'create': {
      const userId = Number(values.user);
      if (!Number.isSafeInteger(userId) || userId <= 0) throw new UsageError('--user must be the Kommo user id (a number; Kommo → Settings → Users → the user → the id in the address).');
      const label = values.label ?? `user ${userId}`;
      const issued = await tokens.issue({ accountId: account.id, userId, label });
      write(`Token ${issued.id} for Kommo user ${userId} of ${account.subdomain} (“${label}”):\n\n  ${issued.token}\n\nIt is shown only now: paste it into the extension's options.\n`);
      return;
    }
    case 'list': {
      const rows = await tokens.list(account.id);
      if (rows.length === 0) write(`No personal tokens for ${account.subdomain}.\n`);
      for (const t of rows) {
        const state = t.revokedAt ? `revoked ${new Date(t.revokedAt).toISOString()}` : `active, last used ${t.lastUsedAt ? new Date(t.lastUsedAt).toISOString() : 'never'}`;
        write(`${t.id}\tuser ${t.kommoUserId}\t${t.label}\t${state}\n`);
      }
      return;
    }
    case 'revoke': {
      const tokenId = Number(id);
      if (!Number.isSafeInteger(tokenId)) throw new UsageError('Which token? npm run bridge -- token revoke <token id> (see token list).');
      if (!(await tokens.revoke(tokenId, account.id))) throw new UsageError(`No active token ${tokenId} in ${account.subdomain}.`);
      write(`Token ${tokenId} revoked: the extension using it now shows that it needs a new one.\n`);
      return;
    }
    default:
      throw new UsageError(tokenUsage);
  }
}
