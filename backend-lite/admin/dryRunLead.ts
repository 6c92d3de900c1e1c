import type { DryRunResponse } from '../api/adminContract.ts';
import type { Env } from '../config/env.ts';
import type { Rules } from '../config/rules.ts';
import type { EspName } from '../esp/espAdapter.ts';
import { CUSTOMERIO_ORIGINS } from '../esp/customerio/customerioPaths.ts';
import { espAdaptersFromRules } from '../esp/espAdaptersFromRules.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { ContactSyncStateRepository } from '../store/contactSyncState.ts';
import { consentOf } from '../sync/consent.ts';
import { dealFacts, readDeal } from '../sync/dealRead.ts';
import { planPushes, stageOf } from '../sync/pushPlan.ts';
import { createRecordingFetch } from './recordingFetch.ts';

export type DryRunLeadOptions = {
  env: Env;
  readerFor: (accountId: number) => Promise<KommoReader>;
  rulesFor: (accountId: number) => Rules | undefined;
  syncState: ContactSyncStateRepository;
  fetch?: typeof fetch;
};

const esps: EspName[] = ['omnisend', 'moosend', 'customerio'];

/**
 * The settings page's dry run (issue #6): what a Resync of this deal would send each ESP, through
 * the real adapters, with every write recorded instead of sent. Each ESP gets adapters of its own
 * for the run, so no pacing or state is shared with the live sync.
 */
export function dryRunLead({ env, readerFor, rulesFor, syncState, fetch: realFetch = fetch }: DryRunLeadOptions) {
  return async function dryRunLead(accountId: number, leadId: number): Promise<DryRunResponse | undefined> {
    const rules = rulesFor(accountId);
    const read = await readDeal(await readerFor(accountId), syncState, accountId, leadId);
    if (!read) return undefined;
    const deal = dealFacts(rules ?? emptyRules, read.lead);
    const trigger = { kind: 'resync' as const, stage: stageOf(rules ?? emptyRules, read.lead.status_id) };
    const connected = rules ? esps.filter((esp) => rules[esp]) : [];
    // Customer.io's App API only reads (the adapter writes through the Track API).
    const appOrigin = env.CUSTOMERIO_APP_URL ?? CUSTOMERIO_ORIGINS[rules?.customerio?.region ?? 'us'].app;
    const readOnlyOrigins = [new URL(appOrigin).origin];

    const contacts = await Promise.all(
      read.contacts.map(async (contact, i) => {
        const email = read.snapshots[i]?.email ?? null;
        if (!email || !rules) return { kommoContactId: contact.id, email, esps: connected.map((esp) => ({ esp, requests: [], note: 'No email address in Kommo: nothing would be sent.' })) };
        const plans = planPushes({
          rules,
          accountKey: String(accountId),
          trigger,
          deal,
          contact: { email, phone: read.snapshots[i]?.phone ?? null, kommoContactId: contact.id, kommoDealId: leadId, firstName: contact.first_name ?? null, lastName: contact.last_name ?? null },
          consent: consentOf(rules, contact),
        });
        const perEsp = await Promise.all(
          connected.map(async (esp) => {
            const push = plans[esp];
            if (!push) return { esp, requests: [], note: 'Nothing to send for this stage.' };
            const recorder = createRecordingFetch(realFetch, { readOrigins: readOnlyOrigins });
            const adapter = espAdaptersFromRules({ env, rules, accountId, fetch: recorder.fetch }).adapter(accountId, esp);
            let note: string | null = null;
            try {
              const result = await adapter.push(push);
              if (recorder.writes.length === 0) note = result.summary;
            } catch (error) {
              note = `The dry run stopped here: ${error instanceof Error ? error.message : String(error)}`;
            }
            return { esp, requests: recorder.writes, note };
          }),
        );
        return { kommoContactId: contact.id, email, esps: perEsp };
      }),
    );
    return { leadId, contacts };
  };
}

const emptyRules: Rules = { kommo: { stages: {}, fields: {} }, notes: { afterPush: true, opened: false, clicked: true } };
