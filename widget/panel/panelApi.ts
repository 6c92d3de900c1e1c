/**
 * One call to the panel API through the shell's transport, parsed with the shared contract. Every
 * way a call can go wrong ends up as a `PanelFailure`, so the UI never sees a thrown error.
 */
import { safeParse, type ZodMiniType, type output } from 'zod/mini';
import { ApiErrorSchema } from '../../backend-lite/api/panelContract.ts';

export type PanelRequest = { method: 'GET' | 'POST'; path: string; body?: unknown; headers?: Record<string, string> };
/** Resolves for every HTTP status (body parsed JSON or null); rejects only when the network fails. */
export type PanelTransport = (request: PanelRequest) => Promise<{ status: number; body: unknown }>;

export type PanelFailure =
  /** The request may or may not have reached the backend: a retry must reuse its idempotency key. */
  | { kind: 'network'; message: string }
  /** `body` is kept: a refused settings save explains itself field by field. */
  | { kind: 'http'; status: number; code: string | null; message: string | null; body?: unknown }
  /** A 2xx whose body does not match the contract: backend and panel are out of step. */
  | { kind: 'unreadable'; status: number };

export type PanelResult<T> = { ok: true; value: T } | { ok: false; failure: PanelFailure };

/** Generic over the request so the settings page's admin calls (which also PUT) share it. */
export async function callPanelApi<R, S extends ZodMiniType>(
  transport: (request: R) => Promise<{ status: number; body: unknown }>,
  request: R,
  schema: S,
): Promise<PanelResult<output<S>>> {
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
    failure: {
      kind: 'http',
      status,
      code: apiError.success ? apiError.data.error : null,
      message: apiError.success ? apiError.data.message : null,
      body,
    },
  };
}
