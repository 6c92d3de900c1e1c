import type { KommoContact } from '../kommo/kommoModels.ts';
import { multitextValues } from '../kommo/kommoModels.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { Logger } from '../log/logger.ts';
import type { Job } from '../queue/jobQueue.ts';
import type { JobHandler } from '../queue/worker.ts';
import type { ContactSnapshot, ContactSyncStateRepository } from '../store/contactSyncState.ts';
import { normaliseEmail, normalisePhone } from './identity.ts';
import type { KommoContactChangedPayload, KommoLeadChangedPayload } from './kommoJobs.ts';

export type KommoReadJobOptions = {
  readerFor: (accountId: number) => KommoReader;
  syncState: ContactSyncStateRepository;
  log: Logger;
};

/**
 * Kommo loses some webhooks and their bodies can be stale (SPEC §4.3), so every change is acted on
 * from a fresh read of the deal and its contacts, never from the webhook body alone.
 */
export function kommoLeadChangedJob({ readerFor, syncState, log }: KommoReadJobOptions): JobHandler {
  return async function kommoLeadChanged(job: Job) {
    const { leadId } = job.payload as KommoLeadChangedPayload;
    const reader = readerFor(job.accountId);
    const lead = await reader.lead(leadId);
    if (!lead) {
      log.info('kommo.lead_gone', { jobId: job.id, leadId });
      return;
    }
    const links = lead._embedded?.contacts ?? [];
    const contacts = await Promise.all(links.map((link) => reader.contact(link.id)));
    for (const contact of contacts) {
      if (contact) syncState.recordKommoRead(snapshotOf(job.accountId, contact));
    }
  };
}

export function kommoContactChangedJob({ readerFor, syncState, log }: KommoReadJobOptions): JobHandler {
  return async function kommoContactChanged(job: Job) {
    const { contactId } = job.payload as KommoContactChangedPayload;
    const contact = await readerFor(job.accountId).contact(contactId);
    if (!contact) {
      log.info('kommo.contact_gone', { jobId: job.id, contactId });
      return;
    }
    syncState.recordKommoRead(snapshotOf(job.accountId, contact));
  };
}

function snapshotOf(accountId: number, contact: KommoContact): ContactSnapshot {
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
