import type { CustomFieldDefinition, CustomFieldType, MailingList, Member } from './types.ts';

/** Reference B.2: `CustomFieldsDefinition[].Type` — 0 text, 1 number, 2 dateTime, 3 dropdown, 5 checkbox. */
export const CUSTOM_FIELD_TYPE_CODE: Record<CustomFieldType, number> = {
  Text: 0,
  Number: 1,
  DateTime: 2,
  SingleSelectDropdown: 3,
  CheckBox: 5,
};

export const CUSTOM_FIELD_TYPES = Object.keys(CUSTOM_FIELD_TYPE_CODE) as CustomFieldType[];

export type ParsedFieldWrites = { ok: true; pairs: Array<[name: string, value: string]> } | { ok: false; detail: string };

/**
 * B.4: `CustomFields` is an array of `"Name=Value"` strings. Absent means "no fields" — which, on an
 * update, clears them all (the trap below). The value is everything after the first `=`.
 */
export function parseCustomFieldWrites(raw: unknown): ParsedFieldWrites {
  if (raw === undefined || raw === null) return { ok: true, pairs: [] };
  if (!Array.isArray(raw)) return { ok: false, detail: 'CustomFields must be an array of "Name=Value" strings' };
  const pairs: Array<[string, string]> = [];
  for (const item of raw) {
    if (typeof item !== 'string') return { ok: false, detail: `CustomFields item ${JSON.stringify(item)} is not a string` };
    const eq = item.indexOf('=');
    if (eq <= 0) return { ok: false, detail: `CustomFields item "${item}" is not "Name=Value"` };
    pairs.push([item.slice(0, eq).trim(), item.slice(eq + 1)]);
  }
  return { ok: true, pairs };
}

// [UNCERTAIN] Field names are matched case-insensitively, and names the list does not define are
// dropped silently (recorded as `ignored` in the history) rather than refused.
function findField(list: MailingList, name: string): CustomFieldDefinition | undefined {
  const wanted = name.toLowerCase();
  return list.customFields.find((f) => f.name.toLowerCase() === wanted);
}

export function valuesByName(list: MailingList, member: Member): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of list.customFields) {
    const v = member.fieldValues.get(def.id);
    if (v !== undefined) out[def.name] = v;
  }
  return out;
}

export interface FieldWriteOutcome {
  before: Record<string, string>;
  after: Record<string, string>;
  cleared: string[];
  ignored: string[];
}

/**
 * The B.4 trap, verbatim from the vendor: "When updating an existing member, any custom fields that
 * are not included in the request will have their values cleared." The request's fields replace the
 * member's fields; nothing is merged. An explicit `Name=` empties that field too.
 */
export function replaceCustomFields(list: MailingList, member: Member, pairs: Array<[string, string]>): FieldWriteOutcome {
  const before = valuesByName(list, member);
  const next = new Map<string, string>();
  const mentioned = new Set<string>();
  const ignored: string[] = [];
  for (const [name, value] of pairs) {
    const def = findField(list, name);
    if (!def) {
      ignored.push(name);
      continue;
    }
    mentioned.add(def.id);
    if (value === '') next.delete(def.id);
    else next.set(def.id, value);
  }
  const cleared = list.customFields.filter((d) => member.fieldValues.has(d.id) && !mentioned.has(d.id)).map((d) => d.name);
  member.fieldValues = next;
  return { before, after: valuesByName(list, member), cleared, ignored };
}

/** B.2: a dropdown's `Context` is its options as XML; null for the other types. */
export function dropdownContext(def: CustomFieldDefinition): string | null {
  if (def.type !== 'SingleSelectDropdown') return null;
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<items>${def.options.map((o) => `<item><name>${esc(o)}</name><value>${esc(o)}</value></item>`).join('')}</items>`;
}
