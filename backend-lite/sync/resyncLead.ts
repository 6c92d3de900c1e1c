import type { Rules } from '../config/rules.ts';
import type { EspName, PushResult } from '../esp/espAdapter.ts';
import type { EspAdapters } from '../esp/espAdapters.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { NewJob } from '../queue/jobQueue.ts';
import { retryHintOf } from '../queue/retryHint.ts';
import type { ContactSyncStateRepository } from '../store/contactSyncState.ts';
import { consentOf } from './consent.ts';
import { dealFacts, readDeal } from './dealRead.ts';
import { espPushJob } from './espJobs.ts';
import { planPushes, stageOf } from './pushPlan.ts';

export type ResyncOutcome = {
  esp: EspName;
  kommoContactId: number;
  outcome: PushResult['outcome'] | 'failed';
  summary: string;
};

export type ResyncLeadOptions = {
  readerFor: (accountId: number) => Promise<KommoReader>;
  rulesFor: (accountId: number) => Rules;
  syncState: ContactSyncStateRepository;
  adapters: EspAdapters;
  enqueue: (job: NewJob) => Promise<void>;
};

/**
 * The panel's "Resync now" (SPEC §5.3): the deal's current state pushed to every connected ESP
 * while the manager waits, with each ESP's answer. It replays no stage event (trigger 'resync'),
 * and goes through the same adapters as the queue, so consent and "never overwrite an unsubscribe"
 * hold exactly as for a Won. An ESP that is down or rate-limited now gets the push as a queued
 * job, so the click is not lost; the outcome says so.
 */
export function resyncLead({ readerFor, rulesFor, syncState, adapters, enqueue }: ResyncLeadOptions) {
  return async function resyncLead(accountId: number, leadId: number): Promise<ResyncOutcome[] | undefined> {
    const read = await readDeal(await readerFor(accountId), syncState, accountId, leadId);
    if (!read) return undefined;
    const rules = rulesFor(accountId);
    const deal = dealFacts(rules, read.lead);
    const trigger = { kind: 'resync' as const, stage: stageOf(rules, read.lead.status_id) };
    const connected = adapters.connected(accountId);

    const perContact = read.contacts.map(async (contact, i): Promise<ResyncOutcome[]> => {
      const snapshot = read.snapshots[i];
      if (!snapshot?.email) {
        return connected.map((esp) => ({ esp, kommoContactId: contact.id, outcome: 'skipped', summary: 'no email address in Kommo' }));
      }
      const plans = planPushes({
        rules,
        accountKey: String(accountId),
        trigger,
        deal,
        contact: { email: snapshot.email, phone: snapshot.phone, kommoContactId: contact.id, kommoDealId: leadId, firstName: contact.first_name ?? null, lastName: contact.last_name ?? null },
        consent: consentOf(rules, contact),
      });
      const outcomes = await Promise.all(
        connected.map(async (esp): Promise<ResyncOutcome> => {
          const push = plans[esp];
          if (!push) return { esp, kommoContactId: contact.id, outcome: 'skipped', summary: 'nothing to send for this stage' };
          try {
            const result = await adapters.adapter(accountId, esp).push(push);
            return { esp, kommoContactId: contact.id, ...result };
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            if (!retryHintOf(error).retryable) return { esp, kommoContactId: contact.id, outcome: 'failed', summary: message };
            await enqueue({ accountId, ...espPushJob(accountId, { esp, leadId, trigger, push }) });
            return { esp, kommoContactId: contact.id, outcome: 'failed', summary: `${message} — queued, the bridge keeps trying` };
          }
        }),
      );
      if (outcomes.some((o) => o.outcome !== 'failed')) await syncState.markSynced(accountId, contact.id);
      return outcomes;
    });
    return (await Promise.all(perContact)).flat();
  };
}
