import type { MoosendErrorName } from './envelope.ts';
import type { LimitedEndpoint } from './rateLimit.ts';
import type { MoosendState } from './state.ts';

export interface RouteContext {
  /** Regex captures of the route pattern, URI-decoded. */
  params: string[];
  query: URLSearchParams;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
  state: MoosendState;
  /** Offset written into every .NET date (dates.ts). */
  dateOffset: string | null;
}

/** What a route decides; the server wraps it in the envelope. */
export type Outcome =
  | { ok: true; context: unknown; note: string | null }
  | { ok: false; error: MoosendErrorName; detail: string };

export type Handler = (ctx: RouteContext) => Outcome;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  /** The B.6 window this endpoint counts against; none when the table names no limit. */
  limit?: LimitedEndpoint;
  handler: Handler;
}

export const done = (context: unknown, note: string | null = null): Outcome => ({ ok: true, context, note });
export const refuse = (error: MoosendErrorName, detail: string): Outcome => ({ ok: false, error, detail });

export type Match = { kind: 'found'; route: Route; params: string[] } | { kind: 'wrong-method' } | { kind: 'none' };

export function matchRoute(routes: Route[], method: string, path: string): Match {
  let pathKnown = false;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method !== method) {
      pathKnown = true;
      continue;
    }
    return { kind: 'found', route, params: m.slice(1).map((s) => decodeURIComponent(s ?? '')) };
  }
  return pathKnown ? { kind: 'wrong-method' } : { kind: 'none' };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Moosend runs on ASP.NET, whose query-string and JSON model binding ignore case: `email=` and
// `{"email": …}` reach the same parameter as `Email` [INFERRED]. Lookups here do the same.

export function queryParam(query: URLSearchParams, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of query) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

export function bodyField(body: Record<string, unknown>, name: string): unknown {
  if (name in body) return body[name];
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(body)) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/** Syntax check only; `email@email` (no dot) is invalid, as subscribe_many's example treats it. */
export function isValidEmail(v: unknown): v is string {
  return typeof v === 'string' && /^[^\s@,;]+@[^\s@,;]+\.[^\s@,;]+$/.test(v.trim());
}

/** `Email` of a body that must carry one: the string, or the refusal. */
export function requiredEmail(body: unknown): string | Outcome {
  if (!isRecord(body)) return refuse('VALIDATION_ERROR', 'the request body must be a JSON object');
  const email = bodyField(body, 'Email');
  if (email === undefined || email === null || email === '') return refuse('VALIDATION_ERROR', 'Email is required');
  if (!isValidEmail(email)) return refuse('VALIDATION_ERROR', `Email ${JSON.stringify(email)} is not a valid email address`);
  return email.trim();
}

/** `Tags` / `Preferences`: an array of strings; undefined when absent. */
export function optionalStringArray(body: Record<string, unknown>, name: string): string[] | undefined | Outcome {
  const v = bodyField(body, name);
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  return refuse('VALIDATION_ERROR', `${name} must be an array of strings`);
}

export function isOutcome(v: unknown): v is Outcome {
  return isRecord(v) && typeof v['ok'] === 'boolean';
}
