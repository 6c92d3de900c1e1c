import type { SimReply } from '../shared/simulatorServer.ts';
import type { Hal } from './hal.ts';
import type { OAuthGrants } from './oauthGrants.ts';
import { defaultFaultBody, internalError, ipBlocked, notFound, problem, tooManyRequests, unauthorized } from './problems.ts';
import type { RateLimiter } from './rateLimit.ts';
import { matchRoute, type AccountConfig, type Route } from './router.ts';
import type { KommoState } from './state.ts';
import type { RecordedRequest, Reply } from './types.ts';

// Kommo's half of the shared simulator server (../shared/simulatorServer.ts): the rate-limit gate, the
// problem+json bodies of injected faults, and the API itself (auth, routing, HAL / problem+json replies).
//
// Order of checks, as a client meets them: rate limit / IP block (§5.2, counted before auth, hung requests
// included) → `kommoAdmit`; injected faults → `kommoFaultReply`; then auth (§5.2 401), routing (404/405),
// body parsing (400) and the route itself → `kommoHandle`.

export interface KommoApiDeps {
  state: KommoState;
  hal: Hal;
  account: AccountConfig;
  routes: Route[];
  /** Current valid token; null after revokeToken(). */
  token: () => string | null;
  /** Codes and token pairs issued through /oauth2/access_token; their access tokens are accepted too. */
  oauth: OAuthGrants;
}

/** Kommo answers JSON bodies as HAL, errors as problem+json; an empty body (204) has no content type. */
export function toSimReply(reply: Reply): SimReply {
  if (reply.body === undefined) return reply.headers ? { status: reply.status, headers: reply.headers } : { status: reply.status };
  const contentType = reply.kind === 'problem' || reply.status >= 400 ? 'application/problem+json' : 'application/hal+json';
  // Pre-serialized so that every body (a string one included) goes out as JSON, as Kommo's would.
  return { status: reply.status, body: JSON.stringify(reply.body), headers: { ...reply.headers, 'content-type': contentType } };
}

/** The kit's `admit` gate: the 7 rps window, its 429 penalty and the 403 IP block. */
export function kommoAdmit(limiter: RateLimiter): (rec: RecordedRequest) => SimReply | undefined {
  return (rec) => {
    const verdict = limiter.check(rec.at);
    if (verdict.kind === 'blocked') return toSimReply(ipBlocked());
    if (verdict.kind === 'throttled') return toSimReply(tooManyRequests(verdict.retryAfterSeconds));
    return undefined;
  };
}

/** The kit's `faultReply`: problem+json for the status; an injected 429 starts a penalty like a real one. */
export function kommoFaultReply(limiter: RateLimiter): (status: number, retryAfterSeconds: number, rec: RecordedRequest) => SimReply {
  return (status, retryAfterSeconds, rec) => {
    if (status === 429) limiter.penalize(rec.at, retryAfterSeconds);
    return toSimReply(defaultFaultBody(status, retryAfterSeconds));
  };
}

/** The kit's `handle`: auth, routing, body parsing and the route. */
export function kommoHandle(deps: KommoApiDeps): (rec: RecordedRequest) => SimReply {
  return (rec) => toSimReply(decide(deps, rec));
}

function decide(deps: KommoApiDeps, rec: RecordedRequest): Reply {
  // /oauth2/ is where tokens come from: it takes client credentials in the body, not a Bearer.
  const isApi = rec.path.startsWith('/api/v4/');
  if (!isApi && !rec.path.startsWith('/oauth2/')) return notFound();
  if (isApi) {
    const token = deps.token();
    const m = /^Bearer\s+(\S+)\s*$/i.exec(rec.headers['authorization'] ?? '');
    const given = m?.[1];
    if (given === undefined || (given !== token && !deps.oauth.accepts(given))) return unauthorized();
  }
  const match = matchRoute(deps.routes, rec.method, rec.path);
  if (match.kind === 'none') return notFound();
  if (match.kind === 'wrong-method') return problem(405, 'Method Not Allowed');
  // The kit records an unparsable body as undefined; a non-blank raw body then means invalid JSON.
  if (rec.body === undefined && rec.rawBody.trim() !== '') return problem(400, 'Invalid JSON in request body');
  try {
    return match.handler({
      params: match.params,
      query: rec.query,
      body: rec.body,
      state: deps.state,
      hal: deps.hal,
      account: deps.account,
      oauth: deps.oauth,
    });
  } catch (err) {
    // A simulator bug: answer like Kommo's 500, but also print it, since a client would retry a 500 quietly.
    console.error('[kommo-simulator] handler crashed', err);
    return internalError(`Simulator error: ${err instanceof Error ? err.message : String(err)}`);
  }
}
