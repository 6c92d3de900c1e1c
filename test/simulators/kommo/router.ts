import type { Hal } from './hal.ts';
import type { OAuthGrants } from './oauthGrants.ts';
import type { KommoState } from './state.ts';
import type { Reply } from './types.ts';

export interface AccountConfig {
  id: number;
  subdomain: string;
}

export interface RouteContext {
  /** Regex captures of the route pattern (numeric ids as strings). */
  params: string[];
  query: URLSearchParams;
  body: unknown;
  state: KommoState;
  hal: Hal;
  account: AccountConfig;
  oauth: OAuthGrants;
}

export type Handler = (ctx: RouteContext) => Reply;

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  pattern: RegExp;
  handler: Handler;
}

export type Match = { kind: 'found'; handler: Handler; params: string[] } | { kind: 'wrong-method' } | { kind: 'none' };

export function matchRoute(routes: Route[], method: string, path: string): Match {
  let pathKnown = false;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (!m) continue;
    if (route.method === method) return { kind: 'found', handler: route.handler, params: m.slice(1).map((s) => s ?? '') };
    pathKnown = true;
  }
  return pathKnown ? { kind: 'wrong-method' } : { kind: 'none' };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const ok = (body: unknown): Reply => ({ status: 200, kind: 'hal', body });
export const noContent = (): Reply => ({ status: 204 });
