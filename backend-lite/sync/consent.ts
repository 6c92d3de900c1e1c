import type { Rules } from '../config/rules.ts';
import type { KommoContact } from '../kommo/kommoModels.ts';
import { customFieldText } from '../kommo/kommoModels.ts';

// A checkbox reads back as true/false, a select or text field as whatever the admin typed, in the
// account's language.
const yes = new Set(['1', 'true', 'yes', 'y', 'si', 'sí', 'sim', 'on']);

export function isYes(text: string | undefined): boolean {
  return yes.has((text ?? '').trim().toLowerCase());
}

/** The contact's consent per channel, from the Kommo fields the rules name (SPEC §4.1 consent). */
export function consentOf(rules: Rules, contact: KommoContact): { email: boolean; sms: boolean } {
  const value = (field: { entity: 'lead' | 'contact'; id: number } | undefined) =>
    field?.entity === 'contact' ? isYes(customFieldText(contact.custom_fields_values, field.id)) : false;
  return { email: value(rules.kommo.fields.emailOptIn), sms: value(rules.kommo.fields.smsConsent) };
}
