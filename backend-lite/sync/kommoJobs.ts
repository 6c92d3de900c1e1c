import type { KommoEvent } from '../kommo/webhookEvents.ts';
import type { NewJob } from '../queue/jobQueue.ts';
import { sha256 } from '../store/webhookLog.ts';

export const KOMMO_LEAD_CHANGED = 'kommo.lead-changed';
export const KOMMO_CONTACT_CHANGED = 'kommo.contact-changed';

export type KommoLeadChangedPayload = { leadId: number; event: KommoEvent };
export type KommoContactChangedPayload = { contactId: number; event: KommoEvent };

export const kommoTarget = (accountId: number) => `kommo:${accountId}`;

/**
 * The job a Kommo event becomes, or undefined for events the bridge does not act on. The dedupe
 * key is the event's whole content, so Kommo re-sending the same change makes no second job while
 * a later change of the same deal (new updated_at) does.
 */
export function jobForKommoEvent(accountId: number, event: KommoEvent): Omit<NewJob, 'accountId' | 'webhookId'> | undefined {
  const dedupeKey = `kommo:${accountId}:${sha256(JSON.stringify(event))}`;
  switch (event.kind) {
    case 'lead':
      if (event.action === 'responsible') return undefined;
      return {
        kind: KOMMO_LEAD_CHANGED,
        target: kommoTarget(accountId),
        orderKey: `kommo-lead:${accountId}:${event.leadId}`,
        dedupeKey,
        payload: { leadId: event.leadId, event } satisfies KommoLeadChangedPayload,
      };
    case 'contact':
      if (event.type !== 'contact' || event.action === 'responsible') return undefined;
      return {
        kind: KOMMO_CONTACT_CHANGED,
        target: kommoTarget(accountId),
        orderKey: `kommo-contact:${accountId}:${event.contactId}`,
        dedupeKey,
        payload: { contactId: event.contactId, event } satisfies KommoContactChangedPayload,
      };
    case 'lead-deleted':
      return undefined;
  }
}
