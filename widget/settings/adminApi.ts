/**
 * One call to the admin API through the shell's transport: the panel's `callPanelApi`, so every
 * way a call can go wrong ends up as a value, never a throw.
 */
import type { ZodMiniType, output } from 'zod/mini';
import { callPanelApi, type PanelFailure, type PanelResult } from '../panel/panelApi.ts';

/** PUT is here and not in the panel's request: only the settings save uses it. */
export type AdminRequest = { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown };
/** Resolves for every HTTP status (body parsed JSON or null); rejects only when the network fails. */
export type AdminTransport = (request: AdminRequest) => Promise<{ status: number; body: unknown }>;

export type AdminFailure = PanelFailure;
export type AdminResult<T> = PanelResult<T>;

export function callAdminApi<S extends ZodMiniType>(transport: AdminTransport, request: AdminRequest, schema: S): Promise<AdminResult<output<S>>> {
  return callPanelApi(transport, request, schema);
}
