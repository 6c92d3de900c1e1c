import type { Rules } from '../config/rules.ts';
import { customFieldText, multitextValues, type KommoContact, type KommoLead } from '../kommo/kommoModels.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { ContactSnapshot, ContactSyncStateRepository } from '../store/contactSyncState.ts';
import { normaliseEmail, normalisePhone } from './identity.ts';
import type { DealFacts } from './pushPlan.ts';

export type DealRead = { lead: KommoLead; contacts: KommoContact[]; snapshots: ContactSnapshot[] };

/**
 * The deal and its contacts as Kommo has them now (SPEC §4.3: never the webhook body alone),
 * recorded as the contacts' last read. undefined when the deal is gone.
 */
export async function readDeal(reader: KommoReader, syncState: ContactSyncStateRepository, accountId: number, leadId: number): Promise<DealRead | undefined> {
  const lead = await reader.lead(leadId);
  if (!lead) return undefined;
  const links = lead._embedded?.contacts ?? [];
  const contacts = (await Promise.all(links.map((link) => reader.contact(link.id)))).filter((c): c is KommoContact => !!c);
  const snapshots = contacts.map((contact) => snapshotOf(accountId, contact));
  for (const snapshot of snapshots) await syncState.recordKommoRead(snapshot);
  return { lead, contacts, snapshots };
}

export function dealFacts(rules: Rules, lead: KommoLead): DealFacts {
  const leadField = (field: { entity: 'lead' | 'contact'; id: number } | undefined) =>
    field?.entity === 'lead' ? (customFieldText(lead.custom_fields_values, field.id) ?? null) : null;
  return {
    leadId: lead.id,
    changedAt: (lead.updated_at ?? 0) * 1000,
    plan: leadField(rules.kommo.fields.plan),
    source: leadField(rules.kommo.fields.source),
    price: lead.price ?? null,
  };
}

export function snapshotOf(accountId: number, contact: KommoContact): ContactSnapshot {
  return {
    accountId,
    kommoContactId: contact.id,
    name: contact.name ?? null,
    email: normaliseEmail(multitextValues(contact.custom_fields_values, 'EMAIL')[0]),
    phone: normalisePhone(multitextValues(contact.custom_fields_values, 'PHONE')[0]),
    leadIds: (contact._embedded?.leads ?? []).map((lead) => lead.id),
    kommo: contact,
  };
}
