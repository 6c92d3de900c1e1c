import { STATUS_CODES } from 'node:http';
import type { SimReply } from '../shared/simulatorServer.ts';

// Every Moosend answer is the envelope `{"Code": 0, "Error": null, "Context": …}`; `Code` ≠ 0 is an
// error (reference B.1). Only `RATE-LIMITING` (Code 429) and the delete errors VALIDATION_ERROR,
// MEMBER_NOT_FOUND, MEMBER_DELETION_FAILED are documented (B.1, B.6); the other names and every
// numeric Code except 429 are [UNCERTAIN] guesses, kept in this one catalog so they are easy to change.

export const MOOSEND_ERRORS = {
  /** [UNCERTAIN] name and Code: Moosend documents no body for a wrong or missing `apikey`. */
  INVALID_API_KEY: { code: 401, httpStatus: 401 },
  /** B.6 and test/fixtures/moosend/moosend-rate-limited.json (the help centre spells it RATE_LIMITING). */
  'RATE-LIMITING': { code: 429, httpStatus: 429 },
  /** B.5 (delete endpoints); used here for every malformed request. Code [UNCERTAIN]. */
  VALIDATION_ERROR: { code: 400, httpStatus: 400 },
  /** B.5 (delete endpoints); B.3 says view.json's not-found answer is probably this. Code [UNCERTAIN]. */
  MEMBER_NOT_FOUND: { code: 404, httpStatus: 404 },
  /** [UNCERTAIN] name and Code: an unknown MailingListID. */
  MAILING_LIST_NOT_FOUND: { code: 404, httpStatus: 404 },
} as const satisfies Record<string, { code: number; httpStatus: number }>;

export type MoosendErrorName = keyof typeof MOOSEND_ERRORS;

/**
 * How an error's HTTP status line looks. B.1/B.6: whether Moosend answers errors with HTTP 200 (only
 * `Code` telling) or a matching 4xx is [UNCERTAIN]; the published contract documents only HTTP 200
 * [S-M11]. Default 'always-200', so a client that only checks `response.ok` fails against this
 * simulator. 'mirror' answers the catalog's httpStatus instead (a client must handle both).
 */
export type ErrorHttpStatusMode = 'always-200' | 'mirror';
export const DEFAULT_ERROR_HTTP_STATUS_MODE: ErrorHttpStatusMode = 'always-200';

export interface Envelope {
  Code: number;
  Error: string | null;
  Context: unknown;
}

/** `error` is non-null on success only for subscribe_many's skipped-emails note (B.1 "partial success"). */
export function success(context: unknown, error: string | null = null): SimReply {
  const body: Envelope = { Code: 0, Error: error, Context: context };
  return { status: 200, body };
}

export function failure(name: MoosendErrorName, mode: ErrorHttpStatusMode): SimReply {
  const { code, httpStatus } = MOOSEND_ERRORS[name];
  const body: Envelope = { Code: code, Error: name, Context: null };
  // No Retry-After or rate-limit headers: none are documented (B.6).
  return { status: mode === 'always-200' ? 200 : httpStatus, body };
}

/**
 * The answer to an injected fault (failNext). Below 500 it is an envelope error whose Code is the
 * requested status (429 and 401 with their catalog names) and whose HTTP status follows the mode,
 * as every Moosend error does. 5xx is a transport failure: that HTTP status and a non-JSON body, the
 * way a gateway in front of the API answers.
 */
export function faultReply(mode: ErrorHttpStatusMode) {
  return function moosendFaultReply(status: number): SimReply {
    if (status >= 500) return { status, body: `${status} ${STATUS_CODES[status] ?? 'Server Error'}` };
    if (status === 429) return failure('RATE-LIMITING', mode);
    if (status === 401) return failure('INVALID_API_KEY', mode);
    const name = (STATUS_CODES[status] ?? 'ERROR').toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    const body: Envelope = { Code: status, Error: name, Context: null };
    return { status: mode === 'always-200' ? 200 : status, body };
  };
}

/** An unknown path or a wrong method is answered by the web server, not the API: no envelope. */
export function transportError(status: 404 | 405 | 415): SimReply {
  return { status, body: `${status} ${STATUS_CODES[status] ?? ''}`.trim() };
}
