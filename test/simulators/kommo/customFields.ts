import type { ValidationError } from './problems.ts';
import type {
  CustomFieldDefinition,
  CustomFieldValue,
  CustomFieldValueItem,
  EntityKind,
} from './types.ts';

// Multitext enum ids/codes for PHONE and EMAIL (reference §5.4: WORK/WORKDD/MOB confirmed; the others
// [UNCERTAIN] but accepted by the real UI). Ids for WORK match the webhook fixtures (552476, 552488).
const PHONE_ENUMS = ['WORK', 'WORKDD', 'MOB', 'FAX', 'HOME', 'OTHER'];
const EMAIL_ENUMS = ['WORK', 'PRIV', 'OTHER'];

function enums(firstId: number, values: string[]): CustomFieldDefinition['enums'] {
  return values.map((value, i) => ({ id: firstId + i * 2, value, sort: (i + 1) * 2 }));
}

/** Fields every simulated account starts with; ids/enum ids agree with /work/shared/fixtures/kommo-*.form. */
export function defaultCustomFields(): Record<EntityKind, CustomFieldDefinition[]> {
  return {
    leads: [
      { id: 512001, name: 'Plan', type: 'select', code: null, sort: 510, enums: [
        { id: 908106, value: 'Basic', sort: 1 },
        { id: 908107, value: 'Pro', sort: 2 },
        { id: 908108, value: 'Enterprise', sort: 3 },
      ] },
      { id: 512002, name: 'Source', type: 'select', code: null, sort: 511, enums: [
        { id: 908201, value: 'Website', sort: 1 },
        { id: 908202, value: 'Referral', sort: 2 },
        { id: 908203, value: 'Other', sort: 3 },
      ] },
    ],
    contacts: [
      { id: 771906, name: 'Phone', type: 'multitext', code: 'PHONE', sort: 4, enums: enums(552476, PHONE_ENUMS) },
      { id: 771908, name: 'Email', type: 'multitext', code: 'EMAIL', sort: 6, enums: enums(552488, EMAIL_ENUMS) },
      { id: 512003, name: 'Email opt-in', type: 'checkbox', code: null, sort: 510, enums: null },
      { id: 512004, name: 'Email status', type: 'text', code: null, sort: 511, enums: null },
      { id: 512005, name: 'SMS consent', type: 'checkbox', code: null, sort: 512, enums: null },
    ],
  };
}

type ItemResult = { ok: true; item: CustomFieldValueItem } | { ok: false; error: ValidationError };

const fail = (code: string, path: string, detail: string): ItemResult => ({ ok: false, error: { code, path, detail } });
const BAD_CHOICE = 'The value you selected is not a valid choice.';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function normalizeItem(def: CustomFieldDefinition, raw: unknown, path: string): ItemResult {
  if (!isRecord(raw)) return fail('InvalidType', path, 'This value should be of type array.');
  const value = raw['value'];
  const byEnum = (): ItemResult => {
    // §5.4: select/multiselect take {"enum_id": N}; the value text is accepted too.
    const list = def.enums ?? [];
    const enumId = raw['enum_id'];
    const hit = enumId !== undefined ? list.find((e) => e.id === enumId) : list.find((e) => e.value === value);
    if (!hit) return fail('NotSupportedChoice', `${path}.${enumId !== undefined ? 'enum_id' : 'value'}`, BAD_CHOICE);
    return { ok: true, item: { value: hit.value, enum_id: hit.id, enum_code: null } };
  };
  switch (def.type) {
    case 'multitext': {
      if (typeof value !== 'string' && typeof value !== 'number') {
        return fail('InvalidType', `${path}.value`, 'This value should be of type string.');
      }
      const list = def.enums ?? [];
      const code = raw['enum_code'];
      const enumId = raw['enum_id'];
      const hit =
        enumId !== undefined ? list.find((e) => e.id === enumId)
        : code !== undefined ? list.find((e) => e.value === code)
        : list[0]; // the real API files an enum-less value under the first enum (WORK)
      if (!hit) return fail('NotSupportedChoice', `${path}.${enumId !== undefined ? 'enum_id' : 'enum_code'}`, BAD_CHOICE);
      return { ok: true, item: { value: String(value), enum_id: hit.id, enum_code: hit.value } };
    }
    case 'select':
    case 'radiobutton':
    case 'multiselect':
      return byEnum();
    case 'checkbox':
      if (typeof value !== 'boolean') return fail('InvalidType', `${path}.value`, 'This value should be of type bool.');
      return { ok: true, item: { value } };
    case 'numeric':
      if (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))) {
        return { ok: true, item: { value: String(value) } };
      }
      return fail('InvalidType', `${path}.value`, 'This value should be of type numeric.');
    case 'date':
    case 'date_time':
    case 'birthday':
      if (typeof value === 'number' && Number.isInteger(value)) return { ok: true, item: { value } };
      return fail('InvalidType', `${path}.value`, 'This value should be of type int.');
    default:
      if (typeof value === 'string' || typeof value === 'number') return { ok: true, item: { value: String(value) } };
      return fail('InvalidType', `${path}.value`, 'This value should be of type string.');
  }
}

export type CustomFieldsPatch = { ok: true; changes: Array<{ def: CustomFieldDefinition; values: CustomFieldValueItem[] | null }> } | { ok: false; errors: ValidationError[] };

/**
 * Validates a `custom_fields_values` array from a PATCH (or a seed). Errors use the paths of the
 * reference §5.2 example (`custom_fields_values.0.field_id`).
 */
export function parseCustomFieldsPatch(defs: CustomFieldDefinition[], input: unknown): CustomFieldsPatch {
  if (!Array.isArray(input)) {
    return { ok: false, errors: [{ code: 'InvalidType', path: 'custom_fields_values', detail: 'This value should be of type array.' }] };
  }
  const errors: ValidationError[] = [];
  const changes: Array<{ def: CustomFieldDefinition; values: CustomFieldValueItem[] | null }> = [];
  input.forEach((entry: unknown, i) => {
    const base = `custom_fields_values.${i}`;
    if (!isRecord(entry)) {
      errors.push({ code: 'InvalidType', path: base, detail: 'This value should be of type array.' });
      return;
    }
    const fieldId = entry['field_id'];
    const fieldCode = entry['field_code'];
    let def: CustomFieldDefinition | undefined;
    if (fieldId !== undefined && fieldId !== null) {
      def = defs.find((d) => d.id === fieldId);
      if (!def) return void errors.push({ code: 'NotSupportedChoice', path: `${base}.field_id`, detail: BAD_CHOICE });
    } else if (typeof fieldCode === 'string') {
      def = defs.find((d) => d.code !== null && d.code === fieldCode);
      if (!def) return void errors.push({ code: 'NotSupportedChoice', path: `${base}.field_code`, detail: BAD_CHOICE });
    } else {
      return void errors.push({ code: 'NotBlank', path: `${base}.field_id`, detail: 'This value should not be blank.' });
    }
    const rawValues = entry['values'];
    // §5.4: `"values": null` clears the field.
    if (rawValues === null) return void changes.push({ def, values: null });
    if (!Array.isArray(rawValues)) {
      return void errors.push({ code: 'InvalidType', path: `${base}.values`, detail: 'This value should be of type array.' });
    }
    const single = def.type !== 'multitext' && def.type !== 'multiselect';
    if (single && rawValues.length > 1) {
      return void errors.push({ code: 'InvalidLength', path: `${base}.values`, detail: 'This collection should contain 1 element or less.' });
    }
    const items: CustomFieldValueItem[] = [];
    rawValues.forEach((raw: unknown, j) => {
      const r = normalizeItem(def, raw, `${base}.values.${j}`);
      if (r.ok) items.push(r.item);
      else errors.push(r.error);
    });
    changes.push({ def, values: items });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, changes };
}

/** §5.4: the sent values replace that field's whole list; null or [] removes the field. */
export function applyCustomFields(current: CustomFieldValue[], patch: Extract<CustomFieldsPatch, { ok: true }>): CustomFieldValue[] {
  const next = current.map((v) => ({ ...v, values: [...v.values] }));
  for (const { def, values } of patch.changes) {
    const idx = next.findIndex((v) => v.field_id === def.id);
    if (values === null || values.length === 0) {
      if (idx >= 0) next.splice(idx, 1);
      continue;
    }
    const entry: CustomFieldValue = { field_id: def.id, field_name: def.name, field_code: def.code, field_type: def.type, values };
    if (idx >= 0) next[idx] = entry;
    else next.push(entry);
  }
  return next;
}
