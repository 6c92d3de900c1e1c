import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Faults } from './faults.ts';
import type { Hal } from './hal.ts';
import type { OAuthGrants } from './oauthGrants.ts';
import { internalError, ipBlocked, notFound, problem, tooManyRequests, unauthorized } from './problems.ts';
import type { RateLimiter } from './rateLimit.ts';
import { matchRoute, type AccountConfig, type Route } from './router.ts';
import type { KommoState } from './state.ts';
import type { RecordedRequest, Reply } from './types.ts';

export interface ServerDeps {
  state: KommoState;
  hal: Hal;
  account: AccountConfig;
  routes: Route[];
  limiter: RateLimiter;
  faults: Faults;
  requests: RecordedRequest[];
  /** Current valid token; null after revokeToken(). */
  token: () => string | null;
  /** Codes and token pairs issued through /oauth2/access_token; their access tokens are accepted too. */
  oauth: OAuthGrants;
  /** Latency timers, cleared on close so a pending answer cannot keep the process alive. */
  timers: Set<NodeJS.Timeout>;
}

const now = (): number => performance.timeOrigin + performance.now();

function lowerHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

type ParsedBody = { ok: true; value: unknown } | { ok: false };

function parseBody(raw: string): ParsedBody {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Order of checks, as a client meets them: rate limit / IP block (§5.2, counted before auth), injected
 * faults, then auth (§5.2 401), routing (404/405), body parsing (400) and the route itself.
 */
function decide(deps: ServerDeps, rec: RecordedRequest, parsed: ParsedBody, verdict: ReturnType<RateLimiter['check']>): Reply {
  if (verdict.kind === 'blocked') return ipBlocked();
  if (verdict.kind === 'throttled') return tooManyRequests(verdict.retryAfterSeconds);
  const injected = deps.faults.take(rec.method, rec.path);
  if (injected) {
    if (injected.penaltySeconds !== null) deps.limiter.penalize(rec.at, injected.penaltySeconds);
    return injected.reply;
  }
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
  if (!parsed.ok) return problem(400, 'Invalid JSON in request body');
  try {
    return match.handler({
      params: match.params,
      query: rec.query,
      body: parsed.value,
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

function write(res: ServerResponse, rec: RecordedRequest, reply: Reply): void {
  rec.status = reply.status;
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) {
    res.writeHead(reply.status, headers).end();
    return;
  }
  const payload = JSON.stringify(reply.body);
  headers['content-type'] = reply.kind === 'problem' || reply.status >= 400 ? 'application/problem+json' : 'application/hal+json';
  headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers).end(payload);
}

export function createRequestListener(deps: ServerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const at = now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', () => res.destroy());
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://simulator.invalid');
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const parsed = parseBody(rawBody);
      const rec: RecordedRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: url.pathname,
        query: url.searchParams,
        headers: lowerHeaders(req),
        body: parsed.ok ? parsed.value : undefined,
        rawBody,
        status: 0,
        at,
      };
      deps.requests.push(rec);
      // Hung requests still count toward the rate limit: Kommo received them.
      const verdict = deps.limiter.check(at);
      if (deps.faults.hanging) {
        deps.faults.hold(res);
        return;
      }
      const reply = decide(deps, rec, parsed, verdict);
      const delay = deps.faults.latencyMs;
      if (delay <= 0) return write(res, rec, reply);
      // State changes are already applied; only the answer is late, like a slow real server.
      const timer = setTimeout(() => {
        deps.timers.delete(timer);
        write(res, rec, reply);
      }, delay);
      deps.timers.add(timer);
    });
  };
}
