import type { IdentifierKind, IdentifierRef } from './types.ts';
import type { V2Error } from './errors.ts';

// How each API names a person (reference C.2, C.5, C.7). The simulated workspace identifies people by
// "email or ID" (the setting the bridge needs: email plus Kommo-side ids); phone is not an enabled
// identifier, as in most workspaces.

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Track v1 path `{identifier}` (C.2): "We determine the identifier type from the shape of the value":
 * `cio_…` is a cio_id, something with `@` an email, anything else (a phone number too) an id.
 * null when the segment is not valid percent-encoding.
 */
export function classifyPathIdentifier(segment: string): IdentifierRef | null {
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return null;
  }
  if (value.startsWith('cio_')) return { kind: 'cio_id', value: value.slice(4) };
  if (value.includes('@')) return { kind: 'email', value };
  return { kind: 'id', value };
}

/**
 * Track v2 `identifiers` (C.5): exactly one of id, email, phone, cio_id. Phone needs the phone
 * identifier enabled in the workspace, which this one does not have.
 */
export function parseV2Identifiers(raw: unknown): { ref: IdentifierRef } | { error: V2Error } {
  if (raw === undefined) return { error: { reason: 'required', field: 'identifiers', message: 'identifiers is required' } };
  if (!isRecord(raw)) return { error: { reason: 'invalid', field: 'identifiers', message: 'identifiers must be an object' } };
  const keys = Object.keys(raw);
  if (keys.length !== 1) {
    return { error: { reason: 'invalid', field: 'identifiers', message: 'identifiers must contain exactly one of id, email, phone or cio_id' } };
  }
  const key = keys[0] ?? '';
  const value = raw[key];
  if (key === 'phone') return { error: { reason: 'not_enabled', field: 'identifiers.phone', message: 'phone is not an enabled identifier in this workspace' } };
  if (key !== 'id' && key !== 'email' && key !== 'cio_id') {
    return { error: { reason: 'invalid', field: `identifiers.${key}`, message: `unknown identifier ${key}` } };
  }
  // v2 accepts numeric ids in practice (SDKs send them); they are the same person as the string form.
  if ((typeof value !== 'string' && typeof value !== 'number') || String(value).trim() === '') {
    return { error: { reason: 'invalid', field: `identifiers.${key}`, message: `identifiers.${key} must be a non-empty string` } };
  }
  const text = String(value);
  return { ref: { kind: key, value: key === 'cio_id' && text.startsWith('cio_') ? text.slice(4) : text } };
}

/**
 * App API `{customer_id}` with `?id_type=id|email|phone|cio_id` (C.7; default id). A cio_id may come
 * with or without its `cio_` prefix. Phone is not enabled here: "otherwise the request returns 400".
 */
export function parseAppIdentifier(segment: string, idType: string | null): { ref: IdentifierRef } | { error: string } {
  let value: string;
  try {
    value = decodeURIComponent(segment);
  } catch {
    return { error: 'invalid customer_id' };
  }
  const kind = idType ?? 'id';
  if (kind === 'phone') return { error: 'phone is not an enabled identifier in this workspace' };
  if (kind !== 'id' && kind !== 'email' && kind !== 'cio_id') return { error: `invalid id_type: ${kind}` };
  const k: IdentifierKind = kind;
  return { ref: { kind: k, value: k === 'cio_id' && value.startsWith('cio_') ? value.slice(4) : value } };
}

export function describeRef(ref: IdentifierRef): string {
  return ref.kind === 'cio_id' ? `cio_${ref.value}` : ref.value;
}
