/**
 * The settings form's state as signals, and its actions as plain functions (the panel's shape).
 * The draft is the rules as the server sent them (secrets masked) plus the admin's edits; a masked
 * secret nobody touched goes back as it came, which the server reads as "keep the stored one".
 */
import { batch, computed, signal } from '@preact/signals';
import * as z from 'zod/mini';
import {
  KommoSchemaResponseSchema,
  SettingsProblemSchema,
  SettingsResponseSchema,
  adminPaths,
  type KommoSchemaResponse,
  type SettingsResponse,
} from '../../backend-lite/api/adminContract.ts';
import type { Rules } from '../../backend-lite/config/rules.ts';
import { callAdminApi, type AdminFailure, type AdminTransport } from './adminApi.ts';
import { emptyEspBlock, newPathSecret, rulesFromWire, withEsp, type EspBlock, type EspName } from './rulesDraft.ts';

export type SaveState =
  | { phase: 'idle' }
  | { phase: 'saving' }
  | { phase: 'saved' }
  /** 400: each problem names the setting (`omnisend.apiKey`), shown next to its input. */
  | { phase: 'invalid'; message: string; problems: { path: string; message: string }[] }
  /** 422: the ESP itself refused the credentials; its reason is shown at its block. */
  | { phase: 'rejected'; esp: EspName | null; message: string }
  | { phase: 'failed'; failure: AdminFailure };

export type SettingsModelOptions = { transport: AdminTransport; newSecret?: () => string };
export type SettingsModel = ReturnType<typeof createSettingsModel>;

export function createSettingsModel({ transport, newSecret = newPathSecret }: SettingsModelOptions) {
  const settings = signal<SettingsResponse | null>(null);
  const draft = signal<Rules | null>(null);
  /** Bumped whenever the draft is replaced from the server, so inputs holding their own text restart. */
  const revision = signal(0);
  const loading = signal(false);
  const loadFailure = signal<AdminFailure | null>(null);
  const kommoSchema = signal<KommoSchemaResponse | null>(null);
  const kommoSchemaFailure = signal<AdminFailure | null>(null);
  const saveState = signal<SaveState>({ phase: 'idle' });
  /** Stage names the admin added that no stage or action uses yet. */
  const addedStageNames = signal<string[]>([]);

  const saving = computed(() => saveState.value.phase === 'saving');
  // A block switched off and on again comes back as it was, secrets included, until the next save.
  const disconnectedBlocks = new Map<EspName, EspBlock>();

  let loadSequence = 0;

  async function loadSettings(): Promise<void> {
    const sequence = ++loadSequence;
    loading.value = true;
    const loaded = await callAdminApi(transport, { method: 'GET', path: adminPaths.settings }, SettingsResponseSchema);
    if (sequence !== loadSequence) return;
    batch(() => {
      loading.value = false;
      if (!loaded.ok) {
        loadFailure.value = loaded.failure;
        return;
      }
      loadFailure.value = null;
      settings.value = loaded.value;
      draft.value = rulesFromWire(loaded.value.rules);
      revision.value++;
      disconnectedBlocks.clear();
      addedStageNames.value = [];
    });
  }

  /** Apart from the settings, so a retry after Kommo failed to answer keeps the admin's edits. */
  async function loadKommoSchema(): Promise<void> {
    const schema = await callAdminApi(transport, { method: 'GET', path: adminPaths.kommoSchema }, KommoSchemaResponseSchema);
    batch(() => {
      if (schema.ok) kommoSchema.value = schema.value;
      kommoSchemaFailure.value = schema.ok ? null : schema.failure;
    });
  }

  async function load(): Promise<void> {
    await Promise.all([loadSettings(), loadKommoSchema()]);
  }

  function edit(change: (rules: Rules) => Rules): void {
    if (draft.value === null || saving.value) return;
    batch(() => {
      draft.value = change(draft.value as Rules);
      if (saveState.value.phase === 'saved') saveState.value = { phase: 'idle' };
    });
  }

  function setConnected(esp: EspName, connected: boolean): void {
    edit((rules) => {
      const block = rules[esp];
      if (!connected && block) disconnectedBlocks.set(esp, block);
      return withEsp(rules, esp, connected ? (block ?? disconnectedBlocks.get(esp) ?? emptyEspBlock(esp, newSecret())) : undefined);
    });
  }

  function addStageName(name: string): void {
    if (!addedStageNames.value.includes(name)) addedStageNames.value = [...addedStageNames.value, name];
  }

  async function save(): Promise<void> {
    const rules = draft.value;
    if (rules === null || saving.value) return;
    saveState.value = { phase: 'saving' };
    const saved = await callAdminApi(transport, { method: 'PUT', path: adminPaths.settings, body: { rules } }, z.unknown());
    if (!saved.ok) {
      saveState.value = refusal(saved.failure);
      return;
    }
    // What the page shows after a save is what the server now holds, read back the usual way.
    await loadSettings();
    saveState.value = loadFailure.value === null ? { phase: 'saved' } : { phase: 'failed', failure: loadFailure.value };
  }

  return {
    settings,
    draft,
    revision,
    loading,
    loadFailure,
    kommoSchema,
    kommoSchemaFailure,
    saveState,
    addedStageNames,
    saving,
    load,
    loadKommoSchema,
    edit,
    setConnected,
    addStageName,
    save,
  };
}

function refusal(failure: AdminFailure): SaveState {
  const problem = failure.kind === 'http' ? z.safeParse(SettingsProblemSchema, failure.body) : null;
  if (problem?.success && problem.data.error === 'invalid_settings') {
    return { phase: 'invalid', message: problem.data.message, problems: problem.data.problems ?? [] };
  }
  if (problem?.success && problem.data.error === 'esp_rejected') {
    return { phase: 'rejected', esp: problem.data.esp ?? null, message: problem.data.message };
  }
  return { phase: 'failed', failure };
}
