/** The sync log: what the bridge sent or failed to send, filtered, with a retry for dead jobs. */
import { batch, signal } from '@preact/signals';
import { RetryResponseSchema, SyncLogResponseSchema, adminPaths, type SyncLogEntry } from '../../backend-lite/api/adminContract.ts';
import { callAdminApi, type AdminFailure, type AdminTransport } from './adminApi.ts';

export const statusFilters = ['all', 'dead', 'pending', 'done'] as const;
export type StatusFilter = (typeof statusFilters)[number];

export type SyncLogModel = ReturnType<typeof createSyncLogModel>;

export function createSyncLogModel({ transport }: { transport: AdminTransport }) {
  const status = signal<StatusFilter>('all');
  /** A Kommo contact id, or '' for every contact. */
  const contact = signal('');
  const entries = signal<SyncLogEntry[] | null>(null);
  const loading = signal(false);
  const failure = signal<AdminFailure | null>(null);
  const retrying = signal<number | null>(null);
  const retryFailure = signal<{ jobId: number; failure: AdminFailure } | null>(null);

  let loadSequence = 0;

  function path(): string {
    const query = new URLSearchParams();
    if (status.value !== 'all') query.set('status', status.value);
    const contactId = contact.value.trim();
    if (/^\d+$/.test(contactId)) query.set('contact', contactId);
    const search = query.toString();
    return search ? `${adminPaths.syncLog}?${search}` : adminPaths.syncLog;
  }

  async function load(): Promise<void> {
    const sequence = ++loadSequence;
    loading.value = true;
    const result = await callAdminApi(transport, { method: 'GET', path: path() }, SyncLogResponseSchema);
    if (sequence !== loadSequence) return;
    batch(() => {
      loading.value = false;
      if (result.ok) entries.value = result.value.entries;
      failure.value = result.ok ? null : result.failure;
    });
  }

  function filter(next: { status?: StatusFilter; contact?: string }): Promise<void> {
    batch(() => {
      if (next.status !== undefined) status.value = next.status;
      if (next.contact !== undefined) contact.value = next.contact;
    });
    return load();
  }

  async function retry(jobId: number): Promise<void> {
    if (retrying.value !== null) return;
    batch(() => {
      retrying.value = jobId;
      retryFailure.value = null;
    });
    const result = await callAdminApi(transport, { method: 'POST', path: adminPaths.retry(jobId) }, RetryResponseSchema);
    batch(() => {
      retrying.value = null;
      if (!result.ok) retryFailure.value = { jobId, failure: result.failure };
    });
    await load();
  }

  return { status, contact, entries, loading, failure, retrying, retryFailure, load, filter, retry };
}
