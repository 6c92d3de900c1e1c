import type { FieldError } from './problems.ts';

// Small shared checks for request bodies. Field paths are dot-separated like the spec's FieldError
// example ("content.email.subject"); array items use their index ("identifiers.0.id") [UNCERTAIN].

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const join = (base: string, key: string | number): string => (base === '' ? String(key) : `${base}.${key}`);

// A pragmatic address check: one @, no spaces, a dot in the domain. Omnisend's exact rule is not published.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// "full phone number in E.164 format with country code prefix (e.g. +1234567890)" (2026 ContactIdentifierRequest).
const E164 = /^\+[1-9]\d{6,14}$/;

export const isEmail = (v: string): boolean => EMAIL.test(v);
export const isE164 = (v: string): boolean => E164.test(v);

export class Errors {
  readonly list: FieldError[] = [];

  add(field: string, code: string, message: string): void {
    this.list.push({ field, code, message });
  }

  required(field: string): void {
    this.add(field, 'required', 'Field is required');
  }

  type(field: string, expected: string): void {
    this.add(field, 'invalid_type', `Must be ${expected}`);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  /** A string field that may be absent; undefined when absent or invalid. */
  optionalString(obj: Record<string, unknown>, key: string, path: string): string | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') {
      this.type(join(path, key), 'a string');
      return undefined;
    }
    return v;
  }

  /** An array of strings of at most `max` items; undefined when absent or invalid. */
  stringArray(obj: Record<string, unknown>, key: string, path: string, max: number): string[] | undefined {
    const v = obj[key];
    if (v === undefined) return undefined;
    const field = join(path, key);
    if (!Array.isArray(v)) {
      this.type(field, 'an array of strings');
      return undefined;
    }
    if (v.length > max) this.add(field, 'too_many_items', `Must contain at most ${max} items`);
    const bad = v.findIndex((s) => typeof s !== 'string');
    if (bad >= 0) {
      this.type(join(field, bad), 'a string');
      return undefined;
    }
    return v as string[];
  }
}

/** Records fields the API does not know: they are ignored (not rejected), as a JSON API decoder does. */
export function collectUnknown(obj: Record<string, unknown>, known: readonly string[], path: string, out: string[]): void {
  for (const key of Object.keys(obj)) if (!known.includes(key)) out.push(join(path, key));
}
