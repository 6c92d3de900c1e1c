import type { Rules } from '../config/rules.ts';
import type { EspAdapters } from '../esp/espAdapters.ts';
import { contactSchema } from '../kommo/kommoModels.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { Logger } from '../log/logger.ts';
import type { Job, NewJob } from '../queue/jobQueue.ts';
import type { JobHandler } from '../queue/worker.ts';
import type { ContactSyncStateRepository } from '../store/contactSyncState.ts';
import type { LeadSyncStateRepository } from '../store/leadSyncState.ts';
import { espOptOutJob, espPushJob, kommoNoteJob } from './espJobs.ts';
import { contactTriggers } from './contactTriggers.ts';
import { consentOf } from './consent.ts';
import { dealFacts, readDeal, snapshotOf } from './dealRead.ts';
import type { KommoContactChangedPayload, KommoLeadChangedPayload } from './kommoJobs.ts';
import { leadTriggers } from './leadTriggers.ts';
import { planPushes } from './pushPlan.ts';

export type KommoReadJobOptions = {
  readerFor: (accountId: number) => Promise<KommoReader>;
  rulesFor: (accountId: number) => Rules;
  syncState: ContactSyncStateRepository;
  leadState: LeadSyncStateRepository;
  adapters: EspAdapters;
  enqueue: (job: NewJob) => Promise<void>;
  /**
   * Runs the job's writes as one commit. "What was last read" and "what it made us push" must land
   * together: a process killed between them would leave a recorded Won with no push, and the re-run
   * would see no change to push (found by `npm run chaos`).
   */
  atomically: <T>(writes: () => Promise<T>) => Promise<T>;
  log: Logger;
};

/**
 * Kommo loses some webhooks and their bodies can be stale (SPEC §4.3), so every change is acted on
 * from a fresh read of the deal and its contacts, never from the webhook body alone. What to push
 * is decided against the previous read (sync/leadTriggers.ts).
 */
export function kommoLeadChangedJob({ readerFor, rulesFor, syncState, leadState, adapters, enqueue, atomically, log }: KommoReadJobOptions): JobHandler {
  return async function kommoLeadChanged(job: Job) {
    const { leadId } = job.payload as KommoLeadChangedPayload;
    const read = await readDeal(await readerFor(job.accountId), syncState, job.accountId, leadId);
    if (!read) {
      log.info('kommo.lead_gone', { jobId: job.id, leadId });
      return;
    }
    const { lead, contacts, snapshots } = read;

    const rules = rulesFor(job.accountId);
    const deal = dealFacts(rules, lead);
    await atomically(async () => {
      const triggers = leadTriggers(rules, await leadState.get(job.accountId, leadId), { statusId: lead.status_id, plan: deal.plan });
      await leadState.record({
        accountId: job.accountId,
        leadId,
        statusId: lead.status_id,
        pipelineId: lead.pipeline_id,
        plan: deal.plan,
        source: deal.source,
        price: deal.price,
        contactIds: contacts.map((c) => c.id),
        kommoUpdatedAt: lead.updated_at ?? null,
      });
      const connected = adapters.connected(job.accountId);
      if (triggers.length === 0 || connected.length === 0) return;

      for (const [i, contact] of contacts.entries()) {
        const snapshot = snapshots[i];
        if (!snapshot) continue;
        if (!snapshot.email) {
          // SPEC §4.1: skipped once, with a note on the deal — not retried forever.
          const text = `Kommo ESP Bridge: ${contact.name ?? `contact ${contact.id}`} has no email address, so this deal was not sent to ${connected.join(', ')}.`;
          await enqueue({ accountId: job.accountId, ...kommoNoteJob(job.accountId, { entity: 'leads', entityId: leadId, text }, `no-email:${leadId}:${contact.id}`) });
          continue;
        }
        const identity = { email: snapshot.email, phone: snapshot.phone, kommoContactId: contact.id, kommoDealId: leadId };
        for (const trigger of triggers) {
          const plans = planPushes({
            rules,
            accountKey: String(job.accountId),
            trigger,
            deal,
            contact: { ...identity, firstName: contact.first_name ?? null, lastName: contact.last_name ?? null },
            consent: consentOf(rules, contact),
          });
          for (const esp of connected) {
            const push = plans[esp];
            if (push) await enqueue({ accountId: job.accountId, ...espPushJob(job.accountId, { esp, leadId, trigger, push }) });
          }
        }
      }
    });
  };
}

/**
 * A contact update pushes only what a person changed in Kommo (a consent taken back), never what
 * the bridge wrote itself (sync/contactTriggers.ts).
 */
export function kommoContactChangedJob({
  readerFor,
  rulesFor,
  syncState,
  adapters,
  enqueue,
  atomically,
  log,
}: Pick<KommoReadJobOptions, 'readerFor' | 'rulesFor' | 'syncState' | 'adapters' | 'enqueue' | 'atomically' | 'log'>): JobHandler {
  return async function kommoContactChanged(job: Job) {
    const { contactId } = job.payload as KommoContactChangedPayload;
    const contact = await (await readerFor(job.accountId)).contact(contactId);
    if (!contact) {
      log.info('kommo.contact_gone', { jobId: job.id, contactId });
      return;
    }
    await atomically(async () => {
      const before = await syncState.get(job.accountId, contactId);
      const previous = before?.kommo ? contactSchema.safeParse(before.kommo).data : undefined;
      const snapshot = snapshotOf(job.accountId, contact);
      await syncState.recordKommoRead(snapshot);
      const { optOut, consumedWrites } = contactTriggers(rulesFor(job.accountId), previous, before?.bridgeWrites ?? {}, contact);
      await syncState.forgetBridgeWrites(job.accountId, contactId, consumedWrites);
      if (optOut.length === 0) return;
      if (!snapshot.email) {
        log.info('kommo.opt_out_without_email', { jobId: job.id, contactId });
        return;
      }
      const identity = { email: snapshot.email, phone: snapshot.phone, kommoContactId: contactId, kommoDealId: null };
      for (const esp of adapters.connected(job.accountId)) {
        const payload = { esp, identity, channels: optOut, reason: `${optOut.join(' and ')} consent removed in Kommo` };
        await enqueue({ accountId: job.accountId, ...espOptOutJob(job.accountId, payload, `${contactId}:${contact.updated_at ?? job.id}:${optOut.join(',')}`) });
      }
    });
  };
}
