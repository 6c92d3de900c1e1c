import { STATUS_CODES } from 'node:http';
import type { SimReply } from '../shared/simulatorServer.ts';

// Customer.io's error bodies (reference C.3, C.5, C.7, C.10). Three envelopes exist:
//   Track v1 400: {"meta":{"errors":["…"]}}            (spec; real text seen in customerio-node issue #29)
//   Track v2 400/207: {"errors":[{"reason","field","message"(,"batch_index")}]}   (spec)
//   single message: {"meta":{"error":"…"}}            (the other shape customerio-node parses)
// The spec documents 401/404/429 by description only, without a body. [UNCERTAIN] We answer those with
// the `meta.error` envelope and the spec's own description as text; every such text is a constant here.

export const UNAUTHORIZED_MESSAGE = 'Unauthorized request. Make sure that you provided the right credentials.';
/** C.7: "429 = Your request is over the 10-per-second limit". */
export const APP_RATE_LIMIT_MESSAGE = 'Your request is over the 10-per-second limit.';
/** C.6 says the Track limit "may lead to throttling" without a documented answer. [UNCERTAIN] */
export const TRACK_RATE_LIMIT_MESSAGE = 'Your request is over the Track API rate limit.';
/** [UNCERTAIN] App API 404 body text. */
export const CUSTOMER_NOT_FOUND_MESSAGE = 'Customer not found';

/** v2 `reason` values. [UNCERTAIN] The spec names the field, not its vocabulary. */
export type V2Reason = 'required' | 'invalid' | 'too_large' | 'too_long' | 'not_enabled';

export interface V2Error {
  reason: V2Reason;
  field: string;
  message: string;
}

const json = (status: number, body: unknown, headers?: Record<string, string>): SimReply =>
  headers ? { status, body, headers } : { status, body };

export function metaErrors(messages: string[], status = 400): SimReply {
  return json(status, { meta: { errors: messages } });
}

export function metaError(message: string, status: number): SimReply {
  return json(status, { meta: { error: message } });
}

export function v2Errors(errors: V2Error[], status = 400): SimReply {
  return json(status, { errors });
}

export function unauthorized(): SimReply {
  return metaError(UNAUTHORIZED_MESSAGE, 401);
}

/**
 * The reference documents no Retry-After for either API. [UNCERTAIN] So the header is sent only when
 * `retryAfterSeconds` > 0 (an option, or an injected 429 that names one).
 */
export function tooManyRequests(message: string, retryAfterSeconds: number): SimReply {
  return retryAfterSeconds > 0
    ? json(429, { meta: { error: message } }, { 'retry-after': String(Math.ceil(retryAfterSeconds)) })
    : json(429, { meta: { error: message } });
}

/**
 * Unknown paths. Customer.io's edge answers those in plain text like Go's mux does. [UNCERTAIN] The
 * point that matters: `POST /api/v1/customers/{id}/unsubscribe` does not exist (C.4) and lands here.
 */
export function pathNotFound(): SimReply {
  return { status: 404, body: '404 page not found\n' };
}

export function methodNotAllowed(): SimReply {
  return { status: 405, body: 'Method Not Allowed\n' };
}

export const ok = (): SimReply => json(200, {});

/** The body of an injected failure (failNext): the same envelopes as real failures. */
export function faultReply(api: 'track' | 'app') {
  return (status: number, retryAfterSeconds: number): SimReply => {
    if (status === 401) return unauthorized();
    if (status === 429) return tooManyRequests(api === 'app' ? APP_RATE_LIMIT_MESSAGE : TRACK_RATE_LIMIT_MESSAGE, retryAfterSeconds);
    return metaError(STATUS_CODES[status] ?? 'Error', status);
  };
}
