import type { MoosendEnvelope } from './moosendModels.ts';

/**
 * What a failed Moosend answer means. Errors come inside the `{Code, Error, Context}` envelope,
 * with HTTP 200 or a matching 4xx — the reference cannot tell which (esps.md §B.1, §B.6), so both
 * the status line and `Code` are read. Error names other than RATE-LIMITING and the delete
 * errors are undocumented: they are matched loosely.
 */
export type MoosendFailure =
  | { kind: 'rate-limited' }
  | { kind: 'bad-credentials'; reason: string }
  | { kind: 'member-not-found'; reason: string }
  | { kind: 'list-not-found'; reason: string }
  | { kind: 'no-endpoint'; reason: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'unavailable'; detail: string };

/** `undefined` when the answer is a success (Code 0 inside a 2xx). */
export function classifyMoosendAnswer(httpStatus: number, envelope: MoosendEnvelope | undefined): MoosendFailure | undefined {
  if (!envelope) return classifyBareStatus(httpStatus);
  if (envelope.Code === 0 && httpStatus < 300) return undefined;
  const code = envelope.Code !== 0 ? envelope.Code : httpStatus;
  const reason = envelope.Error?.trim() || `Code ${code}`;
  const name = reason.toUpperCase().replace(/[\s_]+/g, '-');
  // B.6: `RATE-LIMITING`, the help centre spells it `RATE_LIMITING`.
  if (code === 429 || name.startsWith('RATE-LIMIT')) return { kind: 'rate-limited' };
  if (code === 401 || code === 403 || /API-?KEY|UNAUTHORI[SZ]ED|FORBIDDEN/.test(name)) return { kind: 'bad-credentials', reason };
  if (name === 'MEMBER-NOT-FOUND') return { kind: 'member-not-found', reason };
  if (name.includes('LIST') && (code === 404 || name.includes('NOT-FOUND'))) return { kind: 'list-not-found', reason };
  if (code >= 500) return { kind: 'unavailable', detail: reason };
  return { kind: 'rejected', reason };
}

/** No envelope: a gateway or the web server answered, not the API. */
function classifyBareStatus(httpStatus: number): MoosendFailure {
  if (httpStatus === 429) return { kind: 'rate-limited' };
  if (httpStatus >= 500) return { kind: 'unavailable', detail: `HTTP ${httpStatus}` };
  if (httpStatus === 401 || httpStatus === 403) return { kind: 'bad-credentials', reason: `HTTP ${httpStatus}` };
  if (httpStatus === 404 || httpStatus === 405) return { kind: 'no-endpoint', reason: `HTTP ${httpStatus}` };
  if (httpStatus < 300) return { kind: 'unavailable', detail: `HTTP ${httpStatus} without the {Code, Error, Context} envelope` };
  return { kind: 'rejected', reason: `HTTP ${httpStatus}` };
}
