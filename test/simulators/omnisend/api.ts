import type { RecordedRequest } from '../shared/recordedRequest.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import { authenticate, checkVersion, type VersionPolicy } from './auth.ts';
import type { Route, SimContext } from './context.ts';
import { methodNotAllowed, notFound, problem, PROBLEM_TYPES, rateLimited } from './problems.ts';
import type { BrandRateLimiter } from './rateLimit.ts';

export interface ApiDeps {
  ctx: SimContext;
  routes: Route[];
  keys: ReadonlySet<string>;
  version: VersionPolicy;
  limiter: BrandRateLimiter;
}

type Match = { kind: 'found'; route: Route; params: string[] } | { kind: 'wrong-method' } | { kind: 'none' };

function match(routes: Route[], method: string, path: string): Match {
  let pathKnown = false;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method === method) return { kind: 'found', route, params: m.slice(1).map((s) => s ?? '') };
    pathKnown = true;
  }
  return pathKnown ? { kind: 'wrong-method' } : { kind: 'none' };
}

/**
 * Order of checks: path family (/api only — v3/v5 are other APIs), auth (401), version (400/410), the
 * brand's rate limit (429, counted for every authenticated request), routing (404/405), JSON (400), route.
 */
export function createHandler(deps: ApiDeps): (rec: RecordedRequest) => SimReply {
  return (rec) => {
    if (!rec.path.startsWith('/api/')) {
      return notFound(`No such endpoint. The simulator serves API version 2026-03-15 under /api/… (v3/v5 paths are not simulated)`);
    }
    const auth = authenticate(rec, deps.keys);
    if ('status' in auth) return auth;
    const versionError = checkVersion(rec, deps.version);
    if (versionError) return versionError;
    const found = match(deps.routes, rec.method, rec.path);
    const verdict = deps.limiter.check(auth.brand, rec.at, found.kind === 'found' ? found.route.bucket : undefined);
    if (!verdict.ok) return rateLimited(verdict.retryAfterSeconds, verdict.detail);
    if (found.kind === 'none') return notFound('No such endpoint');
    if (found.kind === 'wrong-method') return methodNotAllowed();
    if (rec.rawBody.trim() !== '' && rec.body === undefined) {
      return problem(400, PROBLEM_TYPES.validation, 'Request body is not valid JSON', { errors: [{ field: '', code: 'invalid_json', message: 'Malformed JSON' }] });
    }
    return found.route.handler(deps.ctx, { params: found.params, request: rec });
  };
}
