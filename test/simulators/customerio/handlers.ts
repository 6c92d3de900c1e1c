import { timingSafeEqual } from 'node:crypto';
import type { RecordedRequest } from '../shared/recordedRequest.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import { methodNotAllowed, pathNotFound, tooManyRequests, unauthorized } from './errors.ts';
import type { ApiLimiter } from './rateLimit.ts';
import { matchRoute, type Route } from './router.ts';
import type { CustomerioState } from './state.ts';

// What each server does with a request, in the order a client meets it: the rate limit (counts
// everything), the path, the credentials (C.1: Track = HTTP Basic `site_id:api_key`, App = Bearer key),
// the method, then the route.

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function basicAuthOk(header: string | undefined, siteId: string, apiKey: string): boolean {
  const m = /^Basic\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1] ?? '', 'base64').toString('utf8');
  return same(decoded, `${siteId}:${apiKey}`);
}

export function bearerOk(header: string | undefined, key: string): boolean {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m !== null && same(m[1] ?? '', key);
}

export interface HandlerDeps {
  state: CustomerioState;
  routes: Route[];
  limiter: ApiLimiter;
  rateLimitMessage: string;
  authorized: (rec: RecordedRequest) => boolean;
}

export function createHandler(deps: HandlerDeps): (rec: RecordedRequest) => SimReply {
  return (rec) => {
    if (!deps.limiter.admit(rec.at)) return tooManyRequests(deps.rateLimitMessage, deps.limiter.config.retryAfterSeconds);
    const match = matchRoute(deps.routes, rec.method, rec.path);
    if (match.kind === 'none') return pathNotFound();
    const needsAuth = match.kind === 'found' ? match.route.auth : match.auth;
    if (needsAuth && !deps.authorized(rec)) return unauthorized();
    if (match.kind === 'wrong-method') return methodNotAllowed();
    return match.route.handler({ rec, params: match.params, state: deps.state });
  };
}
