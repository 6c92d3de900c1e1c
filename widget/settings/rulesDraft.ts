/**
 * The rules the page edits (SPEC §5.2), as immutable updates: each edit returns new rules, so the
 * draft signal changes identity and the page redraws. Only the type comes from the server's
 * schema; its runtime zod stays out of the widget bundle.
 */
import type { Rules } from '../../backend-lite/config/rules.ts';

export type EspName = 'omnisend' | 'moosend' | 'customerio';
export const espNames: readonly EspName[] = ['omnisend', 'moosend', 'customerio'];
export type FieldRole = keyof Rules['kommo']['fields'];
export type NoteKind = keyof Rules['notes'];
export type OmnisendBlock = NonNullable<Rules['omnisend']>;
export type MoosendBlock = NonNullable<Rules['moosend']>;
export type CustomerioBlock = NonNullable<Rules['customerio']>;
export type EspBlock = OmnisendBlock | MoosendBlock | CustomerioBlock;

/** Kommo's fixed statuses: every pipeline's "won" and "lost" (SPEC §5.2: implied, never listed). */
export const WON_STATUS = 142;
export const LOST_STATUS = 143;
export const impliedStages: Readonly<Record<number, string>> = { [WON_STATUS]: 'won', [LOST_STATUS]: 'lost' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The server's answer, with the defaults its schema would fill, so the editor can index safely. */
export function rulesFromWire(wire: Record<string, unknown>): Rules {
  const kommo = isRecord(wire['kommo']) ? wire['kommo'] : {};
  const notes = isRecord(wire['notes']) ? wire['notes'] : {};
  return {
    ...wire,
    kommo: { ...kommo, stages: isRecord(kommo['stages']) ? kommo['stages'] : {}, fields: isRecord(kommo['fields']) ? kommo['fields'] : {} },
    notes: { afterPush: true, opened: false, clicked: true, ...notes },
  } as Rules;
}

/**
 * A block for an ESP being connected for the first time. Its webhook path secret is made here
 * because the schema requires one and nobody should have to invent 128 bits by hand.
 */
export function emptyEspBlock(esp: EspName, webhookSecret: string): EspBlock {
  if (esp === 'omnisend') return { apiKey: '', webhookSecret, newContactStatus: 'nonSubscribed', on: {} };
  if (esp === 'moosend') return { apiKey: '', webhookSecret, on: {} };
  return { siteId: '', trackApiKey: '', appApiKey: '', region: 'us', webhookSecret, webhookSigningKey: '', on: {} };
}

/** 24 random bytes as base64url: 32 characters, over the schema's 22-character (128-bit) floor. */
export function newPathSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function withEsp(rules: Rules, esp: EspName, block: EspBlock | undefined): Rules {
  const next: Record<string, unknown> = { ...rules };
  if (block === undefined) delete next[esp];
  else next[esp] = block;
  return next as Rules;
}

export function withCredential(rules: Rules, esp: EspName, key: string, value: string): Rules {
  const block = rules[esp];
  return block ? withEsp(rules, esp, { ...block, [key]: value } as EspBlock) : rules;
}

export function withStage(rules: Rules, statusId: number, name: string | null): Rules {
  const stages = { ...rules.kommo.stages };
  if (name) stages[String(statusId)] = name;
  else delete stages[String(statusId)];
  return { ...rules, kommo: { ...rules.kommo, stages } };
}

/** A stage's action for one ESP; an action left empty is removed, not sent as an empty rule. */
function withAction<B extends EspBlock>(rules: Rules, esp: EspName, stage: string, action: B['on'][string] | null): Rules {
  const block = rules[esp] as B | undefined;
  if (!block) return rules;
  const on: Record<string, unknown> = { ...block.on };
  if (action) on[stage] = action;
  else delete on[stage];
  return withEsp(rules, esp, { ...block, on } as EspBlock);
}

export function withOmnisendTags(rules: Rules, stage: string, which: 'addTags' | 'removeTags', tags: string[]): Rules {
  const current = rules.omnisend?.on[stage] ?? { addTags: [], removeTags: [] };
  const action = { ...current, [which]: tags };
  return withAction<OmnisendBlock>(rules, 'omnisend', stage, action.addTags.length + action.removeTags.length > 0 ? action : null);
}

export function withMoosendList(rules: Rules, stage: string, list: string): Rules {
  const addTags = rules.moosend?.on[stage]?.addTags ?? [];
  return withAction<MoosendBlock>(rules, 'moosend', stage, list.trim() ? { list: list.trim(), addTags } : null);
}

export function withCustomerioEvent(rules: Rules, stage: string, event: string): Rules {
  return withAction<CustomerioBlock>(rules, 'customerio', stage, event.trim() ? { event: event.trim() } : null);
}

export function withField(rules: Rules, role: FieldRole, field: { entity: 'lead' | 'contact'; id: number } | null): Rules {
  const fields = { ...rules.kommo.fields };
  if (field) fields[role] = field;
  else delete fields[role];
  return { ...rules, kommo: { ...rules.kommo, fields } };
}

export function withNote(rules: Rules, kind: NoteKind, on: boolean): Rules {
  return { ...rules, notes: { ...rules.notes, [kind]: on } };
}

/** Every stage name in use anywhere, won and lost first: the choices for a pipeline's stages. */
export function stageNamesIn(rules: Rules, extra: readonly string[] = []): string[] {
  const named = new Set<string>([...Object.values(rules.kommo.stages), ...extra]);
  for (const esp of espNames) for (const stage of Object.keys(rules[esp]?.on ?? {})) named.add(stage);
  named.delete('won');
  named.delete('lost');
  return ['won', 'lost', ...[...named].sort()];
}

export function parseTags(text: string): string[] {
  return text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag.length > 0);
}
