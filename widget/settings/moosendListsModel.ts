/**
 * The account's Moosend lists, read with the saved key, for the stage mapping's picker; and the
 * one action on them: creating the custom fields the bridge writes that a mapped list lacks.
 */
import { batch, signal } from '@preact/signals';
import {
  CreateMoosendFieldsResponseSchema,
  MoosendListsResponseSchema,
  adminPaths,
  type MoosendBridgeField,
  type MoosendList,
} from '../../backend-lite/api/adminContract.ts';
import type { Rules } from '../../backend-lite/config/rules.ts';
import { callAdminApi, type AdminFailure, type AdminTransport } from './adminApi.ts';

export type MoosendListsState =
  /** No Moosend key saved yet: there is nothing to read the lists with. */
  | { phase: 'unsaved' }
  | { phase: 'loading' }
  | { phase: 'loaded'; lists: MoosendList[]; bridgeFields: MoosendBridgeField[] }
  | { phase: 'failed'; failure: AdminFailure };

export type FieldsOutcome = { listId: string } & ({ ok: true; created: string[] } | { ok: false; failure: AdminFailure });

export type MoosendListsModel = ReturnType<typeof createMoosendListsModel>;

export function createMoosendListsModel({ transport }: { transport: AdminTransport }) {
  const state = signal<MoosendListsState>({ phase: 'unsaved' });
  /** The list whose fields are being created; one at a time, so a double click sends one request. */
  const creating = signal<string | null>(null);
  const fieldsOutcome = signal<FieldsOutcome | null>(null);
  let loadSequence = 0;

  async function load(): Promise<void> {
    const sequence = ++loadSequence;
    state.value = { phase: 'loading' };
    const result = await callAdminApi(transport, { method: 'GET', path: adminPaths.moosendLists }, MoosendListsResponseSchema);
    if (sequence !== loadSequence) return;
    state.value = result.ok ? { phase: 'loaded', ...result.value } : { phase: 'failed', failure: result.failure };
  }

  /** The saved settings changed: read the lists with the key now saved, or stop showing any. */
  function savedSettingsChanged(moosendSaved: boolean): Promise<void> {
    if (moosendSaved) return load();
    loadSequence++;
    state.value = { phase: 'unsaved' };
    return Promise.resolve();
  }

  async function createFields(listId: string, fields: readonly string[]): Promise<void> {
    if (creating.value !== null || fields.length === 0) return;
    batch(() => {
      creating.value = listId;
      fieldsOutcome.value = null;
    });
    const body = { fields: [...fields] };
    const result = await callAdminApi(transport, { method: 'POST', path: adminPaths.moosendListFields(listId), body }, CreateMoosendFieldsResponseSchema);
    batch(() => {
      creating.value = null;
      if (!result.ok) {
        fieldsOutcome.value = { listId, ok: false, failure: result.failure };
        return;
      }
      fieldsOutcome.value = { listId, ok: true, created: result.value.created };
      const shown = state.value;
      if (shown.phase === 'loaded') {
        const lists = shown.lists.map((list) => (list.id === listId ? { ...list, fields: result.value.fields } : list));
        state.value = { ...shown, lists };
      }
    });
  }

  return { state, creating, fieldsOutcome, load, savedSettingsChanged, createFields };
}

/** The stage names whose pushes go to this list in the rules being edited. */
export function stagesOfList(rules: Rules, listId: string): string[] {
  return Object.entries(rules.moosend?.on ?? {})
    .filter(([, action]) => action.list === listId)
    .map(([stage]) => stage);
}

/** The bridge fields the pushes at these stages write that the list does not define (names compared without case, as Moosend does). */
export function missingFields(list: MoosendList, bridgeFields: readonly MoosendBridgeField[], stages: readonly string[]): MoosendBridgeField[] {
  const defined = new Set(list.fields.map((name) => name.toLowerCase()));
  return bridgeFields.filter((field) => (field.stages === null || field.stages.some((stage) => stages.includes(stage))) && !defined.has(field.name.toLowerCase()));
}
