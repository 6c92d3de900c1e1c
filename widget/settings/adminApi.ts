/**
 * One call to the admin API through the shell's transport, parsed with the shared contract. Like
 * the panel's `callPanelApi`, every way a call can go wrong ends up as a value, never a throw; an
 * error answer keeps its parsed body, because a refused save explains itself field by field.
 */
import { safeParse, type ZodMiniType, type output } from 'zod/mini';
import { ApiErrorSchema } from '../../backend-lite/api/panelContract.ts';

/** PUT is here and not in the panel's request: only the settings save uses it. */
export type AdminRequest = { method: 'GET' | 'POST' | 'PUT'; path: string; body?: unknown };
/** Resolves for every HTTP status (body parsed JSON or null); rejects only when the network fails. */
export type AdminTransport = (request: AdminRequest) => Promise<{ status: number; body: unknown }>;

export type AdminFailure =
  | { kind: 'network'; message: string }
  | { kind: 'http'; status: number; code: string | null; message: string | null; body: unknown }
  /** A 2xx whose body does not match the contract: backend and page are out of step. */
  | { kind: 'unreadable'; status: number };

export type AdminResult<T> = { ok: true; value: T } | { ok: false; failure: AdminFailure };

export async function callAdminApi<S extends ZodMiniType>(transport: AdminTransport, request: AdminRequest, schema: S): Promise<AdminResult<output<S>>> {
  let response: { status: number; body: unknown };
  try {
    response = await transport(request);
  } catch (error) {
    return { ok: false, failure: { kind: 'network', message: error instanceof Error ? error.message : String(error) } };
  }
  const { status, body } = response;
  if (status >= 200 && status < 300) {
    const parsed = safeParse(schema, body);
    return parsed.success ? { ok: true, value: parsed.data } : { ok: false, failure: { kind: 'unreadable', status } };
  }
  const apiError = safeParse(ApiErrorSchema, body);
  return {
    ok: false,
    failure: { kind: 'http', status, code: apiError.success ? apiError.data.error : null, message: apiError.success ? apiError.data.message : null, body },
  };
}
