import { randomBytes } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Reply } from './types.ts';

// Error bodies are RFC 7807 problem+json with Kommo's `type: https://httpstatus.es/<code>` (reference §5.1, §5.2).

export interface ValidationError {
  code: string;
  path: string;
  detail: string;
}

export interface ValidationGroup {
  request_id: string;
  errors: ValidationError[];
}

export function problem(status: number, detail?: string, extra?: Record<string, unknown>): Reply {
  const title = STATUS_CODES[status] ?? 'Error';
  return {
    status,
    kind: 'problem',
    body: { title, type: `https://httpstatus.es/${status}`, status, detail: detail ?? title, ...extra },
  };
}

// §5.2: expired/revoked token → exactly this body.
export function unauthorized(): Reply {
  return problem(401, 'Invalid user name or password');
}

export function notFound(detail = 'Not Found'): Reply {
  return problem(404, detail);
}

// §5.2: "500 with trace_id".
export function internalError(detail = 'Internal Server Error'): Reply {
  return problem(500, detail, { trace_id: randomBytes(16).toString('hex') });
}

// §5.2: the 429 body carries retry_after; the Retry-After header is [UNCERTAIN] in the reference but
// cheap to send, and a client that honours either one is fine.
export function tooManyRequests(retryAfterSeconds: number): Reply {
  const reply = problem(
    429,
    'You have sent too many requests. Please, wait and try again later (limit: 7 requests per second for IP)',
    { retry_after: retryAfterSeconds },
  );
  // The header is whole seconds (RFC 9110); tests may use a fractional penalty, kept exact in the body.
  reply.headers = { 'retry-after': String(Math.ceil(retryAfterSeconds)) };
  return reply;
}

// §5.2: "Keep violating it → the IP is blocked, and every API request returns 403".
export function ipBlocked(): Reply {
  return problem(403, 'Access denied: your IP address is blocked for exceeding the request rate limit');
}

// §5.2: the validation-errors body, e.g. NotSupportedChoice at custom_fields_values.0.field_id.
export function validationFailed(groups: ValidationGroup[]): Reply {
  return {
    status: 400,
    kind: 'problem',
    body: {
      'validation-errors': groups,
      title: 'Bad Request',
      type: 'https://httpstatus.es/400',
      status: 400,
      detail: 'Request validation failed',
    },
  };
}

/** One-group shortcut for bodies that are wrong as a whole (not an array, etc.). */
export function invalidBody(error: ValidationError): Reply {
  return validationFailed([{ request_id: '0', errors: [error] }]);
}

export function defaultFaultBody(status: number, retryAfterSeconds: number): Reply {
  if (status === 429) return tooManyRequests(retryAfterSeconds);
  if (status === 401) return unauthorized();
  if (status >= 500) return status === 500 ? internalError() : problem(status, undefined, { trace_id: randomBytes(16).toString('hex') });
  return problem(status);
}
