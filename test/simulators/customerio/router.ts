import type { RecordedRequest } from '../shared/recordedRequest.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import type { CustomerioState } from './state.ts';

export interface RouteContext {
  rec: RecordedRequest;
  /** Regex captures of the route pattern, still percent-encoded. */
  params: string[];
  state: CustomerioState;
}

export interface Route {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  pattern: RegExp;
  /** False only for the few Track endpoints documented as unauthenticated (C.4 `/unsubscribe/{delivery_id}`). */
  auth: boolean;
  handler: (ctx: RouteContext) => SimReply;
}

export type Match = { kind: 'found'; route: Route; params: string[] } | { kind: 'wrong-method'; auth: boolean } | { kind: 'none' };

export function matchRoute(routes: Route[], method: string, path: string): Match {
  let other: Route | undefined;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method === method) return { kind: 'found', route, params: m.slice(1).map((s) => s ?? '') };
    other ??= route;
  }
  return other ? { kind: 'wrong-method', auth: other.auth } : { kind: 'none' };
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false };

/** The kit leaves `body` undefined for both "no body" and "not JSON"; routes must tell them apart. */
export function parseJson(raw: string): ParsedJson {
  if (raw.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

export const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');
