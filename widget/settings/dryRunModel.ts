/** The dry run: what each ESP would receive for one deal. The server sends nothing for it. */
import { signal } from '@preact/signals';
import { DryRunResponseSchema, adminPaths, type DryRunResponse } from '../../backend-lite/api/adminContract.ts';
import { callAdminApi, type AdminFailure, type AdminTransport } from './adminApi.ts';

export type DryRunState =
  | { phase: 'idle' }
  | { phase: 'running'; leadId: number }
  | { phase: 'done'; result: DryRunResponse }
  | { phase: 'failed'; leadId: number; failure: AdminFailure };

export type DryRunModel = ReturnType<typeof createDryRunModel>;

export function createDryRunModel({ transport }: { transport: AdminTransport }) {
  const state = signal<DryRunState>({ phase: 'idle' });

  async function run(leadId: number): Promise<void> {
    if (state.value.phase === 'running' || !Number.isSafeInteger(leadId) || leadId <= 0) return;
    state.value = { phase: 'running', leadId };
    const result = await callAdminApi(transport, { method: 'POST', path: adminPaths.dryRun, body: { leadId } }, DryRunResponseSchema);
    state.value = result.ok ? { phase: 'done', result: result.value } : { phase: 'failed', leadId, failure: result.failure };
  }

  return { state, run };
}
