/**
 * The panel's state as signals, and its actions as plain functions (the Preact signals demos'
 * shape). Components read the signals directly; nothing here knows about the DOM.
 */
import { batch, computed, signal } from '@preact/signals';
import {
  IDEMPOTENCY_KEY_HEADER,
  OptOutResponseSchema,
  PanelResponseSchema,
  ResyncResponseSchema,
  panelPaths,
  type ChannelWire,
  type OptOutRequest,
  type OptOutResponse,
  type PanelResponse,
  type ResyncResponse,
} from '../../backend-lite/api/panelContract.ts';
import { callPanelApi, type PanelFailure, type PanelResult, type PanelTransport } from './panelApi.ts';

export type PanelModelOptions = {
  leadId: number;
  transport: PanelTransport;
  now?: () => number;
  newIdempotencyKey?: () => string;
};

export type PanelAction = { kind: 'resync' } | { kind: 'optOut'; contactId: number; channels: ChannelWire[] };

export type ActionState =
  | { phase: 'idle' }
  | { phase: 'running'; action: PanelAction }
  | { phase: 'resynced'; result: ResyncResponse }
  | { phase: 'optedOut'; result: OptOutResponse }
  | { phase: 'failed'; action: PanelAction; failure: PanelFailure };

export type PanelModel = ReturnType<typeof createPanelModel>;

export function createPanelModel({
  leadId,
  transport,
  now = Date.now,
  newIdempotencyKey = () => crypto.randomUUID(),
}: PanelModelOptions) {
  const data = signal<PanelResponse | null>(null);
  const loading = signal(false);
  /** The last panel load's failure; the data of an earlier load stays on screen beside it. */
  const error = signal<PanelFailure | null>(null);
  const actionState = signal<ActionState>({ phase: 'idle' });
  /** Read by relative times, so "3 min ago" moves on while the card stays open. */
  const clock = signal(now());

  const firstLoad = computed(() => loading.value && data.value === null);
  const actionRunning = computed(() => actionState.value.phase === 'running');

  // Only the newest load may write: a slow answer must not overwrite a fresher one.
  let loadSequence = 0;
  /** Kept only after a network failure, when the backend may already have done the work. */
  let keyForRetry: string | null = null;

  async function load(): Promise<void> {
    const sequence = ++loadSequence;
    loading.value = true;
    const result = await callPanelApi(transport, { method: 'GET', path: panelPaths.panel(leadId) }, PanelResponseSchema);
    if (sequence !== loadSequence) return;
    batch(() => {
      loading.value = false;
      clock.value = now();
      if (result.ok) {
        data.value = result.value;
        error.value = null;
      } else {
        error.value = result.failure;
      }
    });
  }

  async function send(action: PanelAction, idempotencyKey: string): Promise<PanelResult<ActionState>> {
    const headers = { [IDEMPOTENCY_KEY_HEADER]: idempotencyKey };
    if (action.kind === 'resync') {
      const resynced = await callPanelApi(transport, { method: 'POST', path: panelPaths.resync(leadId), headers }, ResyncResponseSchema);
      return resynced.ok ? { ok: true, value: { phase: 'resynced', result: resynced.value } } : resynced;
    }
    const body: OptOutRequest = { channels: action.channels };
    const optedOut = await callPanelApi(
      transport,
      { method: 'POST', path: panelPaths.optOut(action.contactId), headers, body },
      OptOutResponseSchema,
    );
    return optedOut.ok ? { ok: true, value: { phase: 'optedOut', result: optedOut.value } } : optedOut;
  }

  async function run(action: PanelAction, idempotencyKey: string): Promise<void> {
    actionState.value = { phase: 'running', action };
    const result = await send(action, idempotencyKey);
    if (!result.ok) {
      keyForRetry = result.failure.kind === 'network' ? idempotencyKey : null;
      actionState.value = { phase: 'failed', action, failure: result.failure };
      return;
    }
    keyForRetry = null;
    actionState.value = result.value;
    await load();
  }

  function resync(): Promise<void> {
    if (actionRunning.value) return Promise.resolve();
    return run({ kind: 'resync' }, newIdempotencyKey());
  }

  function optOut(contactId: number, channels: ChannelWire[]): Promise<void> {
    if (actionRunning.value || channels.length === 0) return Promise.resolve();
    return run({ kind: 'optOut', contactId, channels }, newIdempotencyKey());
  }

  /** Repeats the failed action (same click, so the same key after a network failure), else reloads. */
  function retry(): Promise<void> {
    const state = actionState.value;
    if (state.phase !== 'failed') return load();
    return run(state.action, keyForRetry ?? newIdempotencyKey());
  }

  function dismissOutcome(): void {
    if (!actionRunning.value) actionState.value = { phase: 'idle' };
  }

  function tick(): void {
    clock.value = now();
  }

  return { data, loading, error, actionState, clock, firstLoad, actionRunning, load, resync, optOut, retry, dismissOutcome, tick };
}
