import type { Account, AccountRepository } from '../store/accounts.ts';
import { HttpError } from './httpErrors.ts';
import { DisposableTokenRejected, verifyDisposableToken, type DisposableTokenClaims, type VerifyOptions } from './kommoDisposableToken.ts';

/** The token's claims, or the 401 that names what is wrong with it. */
export function verifiedClaims(token: string | undefined, options: VerifyOptions): DisposableTokenClaims {
  try {
    return verifyDisposableToken(token, options);
  } catch (error) {
    if (error instanceof DisposableTokenRejected) throw new HttpError(401, `token_${error.problem}`, error.message);
    throw error;
  }
}

/**
 * The account a verified disposable token names. A self-hosted account may not have learned its
 * Kommo id yet (no webhook so far): the signed subdomain names it, and it learns the id now.
 */
export async function accountOfToken(accounts: AccountRepository, kommoAccountId: number, subdomain: string): Promise<Account | undefined> {
  const known = await accounts.findByKommoId(kommoAccountId);
  if (known) return known;
  const bySubdomain = await accounts.findBySubdomain(subdomain);
  if (!bySubdomain || bySubdomain.kommoAccountId !== null) return undefined;
  await accounts.learnKommoId(bySubdomain.id, kommoAccountId);
  return accounts.get(bySubdomain.id);
}
