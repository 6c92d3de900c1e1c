import { describe, expect, it } from 'vitest';
import { rulesSchema } from '../config/rules.ts';
import type { KommoContact } from '../kommo/kommoModels.ts';
import { contactTriggers } from './contactTriggers.ts';

const rules = rulesSchema.parse({
  kommo: { fields: { emailOptIn: { entity: 'contact', id: 1 }, smsConsent: { entity: 'contact', id: 2 }, emailStatus: { entity: 'contact', id: 3 } } },
});
const contact = (values: Record<number, unknown>): KommoContact => ({
  id: 9,
  custom_fields_values: Object.entries(values).map(([id, value]) => ({ field_id: Number(id), values: [{ value }] })),
});

describe('contactTriggers', () => {
  it('opts out the channel whose consent went from yes to no', () => {
    expect(contactTriggers(rules, contact({ 1: true, 2: true }), {}, contact({ 1: false, 2: true })).optOut).toEqual(['email']);
    expect(contactTriggers(rules, contact({ 1: 'Sí', 2: '1' }), {}, contact({ 2: '' })).optOut).toEqual(['email', 'sms']);
  });

  it('does nothing without a previous read, or when consent stays or arrives', () => {
    expect(contactTriggers(rules, undefined, {}, contact({ 1: false })).optOut).toEqual([]);
    expect(contactTriggers(rules, contact({ 1: false }), {}, contact({ 1: false })).optOut).toEqual([]);
    expect(contactTriggers(rules, contact({ 1: false }), {}, contact({ 1: true })).optOut).toEqual([]);
  });

  it('recognises the bridge’s own write and consumes it once Kommo shows it', () => {
    const result = contactTriggers(rules, contact({ 1: true }), { '1': 'false', '3': 'unsubscribed' }, contact({ 1: false, 3: 'unsubscribed' }));
    expect(result).toEqual({ optOut: [], consumedWrites: ['1', '3'] });
  });

  it('keeps a write Kommo does not show yet, and still honours a manager’s change of another channel', () => {
    const result = contactTriggers(rules, contact({ 1: true, 2: true }), { '1': 'false' }, contact({ 1: true, 2: false }));
    expect(result).toEqual({ optOut: ['sms'], consumedWrites: [] });
  });
});
