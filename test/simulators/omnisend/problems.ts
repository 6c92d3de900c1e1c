import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { SimReply } from '../shared/simulatorServer.ts';

// 2026-03-15 error bodies are RFC 9457 problem details (reference §A.1 migration notes, §A.7):
// `Problem` {type,title,status,detail,instance:"urn:omnisend:request:<uuid>"} and `ValidationProblem`
// (the same plus errors[{field,code,message}]). The spec only shows `https://problems.omnisend.com/problem`
// as an example type; the rate-limit type is documented, the others below are [UNCERTAIN] names in the
// same namespace (`unauthorized` was observed live by a third party). Change them here, nowhere else.

const PROBLEMS = 'https://problems.omnisend.com';

export const PROBLEM_TYPES = {
  validation: `${PROBLEMS}/validation`,
  unauthorized: `${PROBLEMS}/unauthorized`,
  notFound: `${PROBLEMS}/not-found`,
  conflict: `${PROBLEMS}/conflict`,
  methodNotAllowed: `${PROBLEMS}/method-not-allowed`,
  versionRetired: `${PROBLEMS}/version-retired`,
  rateLimit: `${PROBLEMS}/rate-limit-exceeded`,
  internal: `${PROBLEMS}/internal`,
  generic: `${PROBLEMS}/problem`,
} as const;

/** One entry of ValidationProblem.errors. `field` is dot-separated ("identifiers.0.channels.email.status"). */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

const PROBLEM_CONTENT_TYPE = { 'content-type': 'application/problem+json' };

const instance = (): string => `urn:omnisend:request:${randomUUID()}`;

export function problem(status: number, type: string, detail: string, extra?: Record<string, unknown>): SimReply {
  return {
    status,
    headers: { ...PROBLEM_CONTENT_TYPE },
    body: { type, title: STATUS_CODES[status] ?? 'Error', status, detail, instance: instance(), ...extra },
  };
}

export function validationProblem(errors: FieldError[], detail = 'Request contains invalid or missing fields'): SimReply {
  return problem(400, PROBLEM_TYPES.validation, detail, { errors });
}

export const invalidField = (field: string, code: string, message: string): SimReply => validationProblem([{ field, code, message }]);

// A third party measured this exact body for both "no key" and "wrong key" on 2026-03-15 (no detail,
// no instance): Omnisend does not tell the two apart, so neither does the simulator.
export function unauthorized(): SimReply {
  return {
    status: 401,
    headers: { ...PROBLEM_CONTENT_TYPE },
    body: { type: PROBLEM_TYPES.unauthorized, title: 'Unauthorized', status: 401 },
  };
}

export const notFound = (detail: string): SimReply => problem(404, PROBLEM_TYPES.notFound, detail);

export const conflict = (detail: string): SimReply => problem(409, PROBLEM_TYPES.conflict, detail);

export const methodNotAllowed = (): SimReply => problem(405, PROBLEM_TYPES.methodNotAllowed, 'Method not allowed for this path');

export const versionRetired = (version: string): SimReply =>
  problem(410, PROBLEM_TYPES.versionRetired, `API version ${version} has been retired; use Omnisend-Version: 2026-03-15`);

// §A.7: 429 body is RFC 9457 with this type and `retryAfter` in seconds; the brief also asks for the
// standard Retry-After header (the reference tells clients to honour either).
export function rateLimited(retryAfterSeconds: number, detail = 'Rate limit exceeded'): SimReply {
  const reply = problem(429, PROBLEM_TYPES.rateLimit, detail, { title: 'Rate limit exceeded', retryAfter: retryAfterSeconds });
  return { ...reply, headers: { ...reply.headers, 'retry-after': String(Math.ceil(retryAfterSeconds)) } };
}

/** Body for an injected failure (failNext): the service's own problem shape for that status. */
export function faultReply(status: number, retryAfterSeconds: number): SimReply {
  if (status === 429) return rateLimited(retryAfterSeconds);
  if (status === 401) return unauthorized();
  if (status === 404) return notFound('Not found');
  if (status === 410) return versionRetired('2026-03-15');
  if (status >= 500) return problem(status, PROBLEM_TYPES.internal, 'Unexpected error occurred');
  return problem(status, PROBLEM_TYPES.generic, STATUS_CODES[status] ?? 'Error');
}
