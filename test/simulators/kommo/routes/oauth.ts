import { isRecord, ok, type RouteContext } from '../router.ts';
import { problem } from '../problems.ts';
import type { Reply } from '../types.ts';

// POST /oauth2/access_token (reference §5.3): JSON body, both grants; errors carry Kommo's `hint`.
export function accessToken(ctx: RouteContext): Reply {
  const outcome = ctx.oauth.grant(isRecord(ctx.body) ? ctx.body : {});
  if (outcome.ok) return ok(outcome.body);
  return problem(outcome.status, 'Request parameters are missing or invalid', { hint: outcome.hint });
}
