/**
 * What a backend reply says about the connection itself: working (and whose token it is), or the
 * one thing the manager has to fix. The options page and the card read the same verdicts.
 */
import { safeParse } from 'zod/mini';
import { ApiErrorSchema, MeResponseSchema, type MeResponse } from '../../backend-lite/api/panelContract.ts';
import type { BackendReply } from './backendMessages.ts';

export type ConnectionProblem =
  | { kind: 'not_configured' }
  | { kind: 'no_permission'; origin: string }
  | { kind: 'unreachable'; detail: string }
  | { kind: 'token_unknown' }
  | { kind: 'token_revoked' }
  /** Some other refusal (403, 503 …) with the backend's own sentence. */
  | { kind: 'refused'; status: number; message: string | null }
  /** Something answered, but not as backend-lite does: a wrong URL, a proxy's page. */
  | { kind: 'not_bridge'; status: number }
  | { kind: 'wrong_account'; tokenAccount: string; tabAccount: string };

export type ConnectionState = { ok: true; me: MeResponse } | { ok: false; problem: ConnectionProblem };

/** A rejected personal token, as any panel API call reports it; null for every other reply. */
export function tokenProblemOf(reply: BackendReply): ConnectionProblem | null {
  if (reply.kind !== 'answer' || reply.status !== 401) return null;
  const error = safeParse(ApiErrorSchema, reply.body);
  return error.success && error.data.error === 'token_revoked' ? { kind: 'token_revoked' } : { kind: 'token_unknown' };
}

/** The verdict on `GET /api/me`. */
export function connectionStateOf(reply: BackendReply): ConnectionState {
  switch (reply.kind) {
    case 'not_configured':
      return { ok: false, problem: { kind: 'not_configured' } };
    case 'no_permission':
      return { ok: false, problem: { kind: 'no_permission', origin: reply.origin } };
    case 'unreachable':
      return { ok: false, problem: { kind: 'unreachable', detail: reply.message } };
    case 'answer': {
      const tokenProblem = tokenProblemOf(reply);
      if (tokenProblem) return { ok: false, problem: tokenProblem };
      const me = safeParse(MeResponseSchema, reply.body);
      if (reply.status === 200 && me.success) return { ok: true, me: me.data };
      const error = safeParse(ApiErrorSchema, reply.body);
      if (reply.status >= 400 && error.success) return { ok: false, problem: { kind: 'refused', status: reply.status, message: error.data.message } };
      return { ok: false, problem: { kind: 'not_bridge', status: reply.status } };
    }
  }
}

/** The Kommo account a card page belongs to: `acme` for acme.kommo.com (and the amoCRM domains). */
export function accountOfHost(hostname: string): string {
  return hostname.split('.')[0]?.toLowerCase() ?? '';
}

/** A token from another Kommo account would show nothing useful here (the backend scopes by token). */
export function accountProblem(me: MeResponse, hostname: string): ConnectionProblem | null {
  const tabAccount = accountOfHost(hostname);
  const tokenAccount = me.accountSubdomain.toLowerCase();
  return tabAccount === tokenAccount ? null : { kind: 'wrong_account', tokenAccount, tabAccount };
}
