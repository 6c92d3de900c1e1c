import type { Rules } from '../config/rules.ts';
import type { Channel } from '../esp/espAdapter.ts';
import { customFieldText, type KommoContact } from '../kommo/kommoModels.ts';
import type { BridgeWrites } from '../store/contactSyncState.ts';
import { isYes } from './consent.ts';

export type ContactTriggers = {
  /** Channels whose consent a person in Kommo took back: opt out in every connected ESP. */
  optOut: Channel[];
  /** Bridge writes that the current read now shows, so they explain nothing any more. */
  consumedWrites: string[];
};

/**
 * What a contact update in Kommo asks of the ESPs, judged against the previous read: a consent
 * field going from yes to anything else is an opt-out. A change the bridge made itself (an ESP's
 * unsubscribe written into Kommo) is recognised by its recorded write and pushes nothing, or an
 * unsubscribe in one ESP would bounce back to all of them (SPEC §4.2 "No echo loops"). Without a
 * previous read there is no change to judge: a contact first seen already without consent was
 * never subscribed by the bridge.
 */
export function contactTriggers(rules: Rules, previous: KommoContact | undefined, writes: BridgeWrites, current: KommoContact): ContactTriggers {
  const fields: [Channel, { entity: 'lead' | 'contact'; id: number } | undefined][] = [
    ['email', rules.kommo.fields.emailOptIn],
    ['sms', rules.kommo.fields.smsConsent],
  ];
  const optOut: Channel[] = [];
  for (const [channel, field] of fields) {
    if (field?.entity !== 'contact') continue;
    const now = customFieldText(current.custom_fields_values, field.id);
    const written = writes[String(field.id)];
    const bridgeMadeIt = written !== undefined && isYes(written) === isYes(now);
    if (previous && !bridgeMadeIt && isYes(customFieldText(previous.custom_fields_values, field.id)) && !isYes(now)) optOut.push(channel);
  }
  const consumedWrites = Object.entries(writes)
    .filter(([id, value]) => isYes(value) === isYes(customFieldText(current.custom_fields_values, Number(id))))
    .map(([id]) => id);
  return { optOut, consumedWrites };
}
