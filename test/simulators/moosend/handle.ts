import type { RecordedRequest } from '../shared/recordedRequest.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import { failure, success, transportError, type ErrorHttpStatusMode, type MoosendErrorName } from './envelope.ts';
import type { EndpointRateLimiter } from './rateLimit.ts';
import { matchRoute, queryParam, type Route } from './router.ts';
import type { MoosendState } from './state.ts';

/** One refused request, with the reason the envelope cannot carry (it only has the error name). */
export interface RefusalRecord {
  at: number;
  method: string;
  path: string;
  error: MoosendErrorName;
  detail: string;
}

export interface HandleDeps {
  state: MoosendState;
  routes: Route[];
  limiter: EndpointRateLimiter;
  apiKeys: () => ReadonlySet<string>;
  errorHttpStatus: ErrorHttpStatusMode;
  dateOffset: string | null;
  refusals: RefusalRecord[];
}

/**
 * Order of checks as a client meets them: the web server's routing (404/405, no envelope), then the
 * API's `apikey` (B.1), the per-key per-endpoint limit (B.6), the body, and the route itself.
 */
export function moosendHandler(deps: HandleDeps) {
  return function handleMoosendRequest(rec: RecordedRequest): SimReply {
    const match = matchRoute(deps.routes, rec.method, rec.path);
    if (match.kind === 'none') return transportError(404);
    if (match.kind === 'wrong-method') return transportError(405);

    const refuse = (error: MoosendErrorName, detail: string): SimReply => {
      deps.refusals.push({ at: rec.at, method: rec.method, path: rec.path, error, detail });
      return failure(error, deps.errorHttpStatus);
    };

    const apiKey = queryParam(rec.query, 'apikey');
    if (!apiKey || !deps.apiKeys().has(apiKey)) return refuse('INVALID_API_KEY', apiKey ? 'unknown apikey' : 'no apikey in the query string');
    if (match.route.limit && !deps.limiter.admit(apiKey, match.route.limit, rec.at)) {
      return refuse('RATE-LIMITING', `over the ${match.route.limit} limit`);
    }
    if (rec.body === undefined && rec.rawBody.trim() !== '') {
      // [INFERRED] B.1: JSON bodies, as every example and SDK sends; a form body is refused here.
      return refuse('VALIDATION_ERROR', 'the request body is not valid JSON');
    }

    const outcome = match.route.handler({
      params: match.params,
      query: rec.query,
      body: rec.body,
      state: deps.state,
      dateOffset: deps.dateOffset,
    });
    return outcome.ok ? success(outcome.context, outcome.note) : refuse(outcome.error, outcome.detail);
  };
}
