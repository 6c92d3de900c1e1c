import type { ChannelWire, EspOutcome, OptOutResponse } from '../api/panelContract.ts';
import type { Rules } from '../config/rules.ts';
import type { EspAdapters } from '../esp/espAdapters.ts';
import type { KommoClient } from '../kommo/kommoClient.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { Logger } from '../log/logger.ts';
import type { NewJob } from '../queue/jobQueue.ts';
import { retryHintOf } from '../queue/retryHint.ts';
import type { BridgeOptOuts } from '../store/bridgeOptOuts.ts';
import type { ContactSyncStateRepository } from '../store/contactSyncState.ts';
import { snapshotOf } from '../sync/dealRead.ts';
import { espOptOutJob } from '../sync/espJobs.ts';

export type OptOutContactOptions = {
  kommoFor: (accountId: number) => Promise<{ reader: KommoReader; client: KommoClient }>;
  rulesFor: (accountId: number) => Rules;
  syncState: ContactSyncStateRepository;
  adapters: EspAdapters;
  bridgeOptOuts: BridgeOptOuts;
  enqueue: (job: NewJob) => Promise<void>;
  log: Logger;
};

const channelWords: Record<ChannelWire, string> = { email: 'email', sms: 'SMS' };

/**
 * The panel's "Opt out everywhere" (SPEC §3.1, §5.3): every connected ESP unsubscribes the person
 * on the chosen channels, the Kommo consent fields say no, and a note names the manager. The
 * Kommo write is recorded as the bridge's own first, so its webhook does not opt the person out a
 * second time (sync/contactTriggers.ts). An ESP that is down now gets the opt-out as a queued job.
 */
export function optOutContact({ kommoFor, rulesFor, syncState, adapters, bridgeOptOuts, enqueue, log }: OptOutContactOptions) {
  return async function optOutContact(accountId: number, contactId: number, channels: ChannelWire[], userId: number): Promise<OptOutResponse | undefined> {
    const { reader, client } = await kommoFor(accountId);
    const contact = await reader.contact(contactId);
    if (!contact) return undefined;
    const snapshot = snapshotOf(accountId, contact);
    await syncState.recordKommoRead(snapshot);
    const connected = adapters.connected(accountId);

    const outcomes: EspOutcome[] = await Promise.all(
      connected.map(async (esp): Promise<EspOutcome> => {
        if (!snapshot.email) return { esp, kommoContactId: contactId, outcome: 'skipped', summary: 'no email address in Kommo' };
        const identity = { email: snapshot.email, phone: snapshot.phone, kommoContactId: contactId, kommoDealId: null };
        await bridgeOptOuts.record(accountId, esp, snapshot.email);
        try {
          return { esp, kommoContactId: contactId, ...(await adapters.adapter(accountId, esp).optOut(identity, channels)) };
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (!retryHintOf(error).retryable) return { esp, kommoContactId: contactId, outcome: 'failed', summary: message };
          await enqueue({ accountId, ...espOptOutJob(accountId, { esp, identity, channels, reason: 'opted out from the deal card' }, `panel:${contactId}:${Date.now()}`) });
          return { esp, kommoContactId: contactId, outcome: 'failed', summary: `${message} — queued, the bridge keeps trying` };
        }
      }),
    );
    if (outcomes.some((o) => o.outcome !== 'failed')) await syncState.markSynced(accountId, contactId);

    const { emailOptIn, smsConsent } = rulesFor(accountId).kommo.fields;
    const fields = [
      ...(channels.includes('email') && emailOptIn?.entity === 'contact' ? [{ field_id: emailOptIn.id, values: [{ value: false }] }] : []),
      ...(channels.includes('sms') && smsConsent?.entity === 'contact' ? [{ field_id: smsConsent.id, values: [{ value: false }] }] : []),
    ];
    let field: OptOutResponse['kommo']['field'] = 'not_configured';
    if (fields.length > 0) {
      const written = Object.fromEntries(fields.map((f) => [String(f.field_id), 'false']));
      await syncState.recordBridgeWrite(accountId, contactId, written);
      try {
        await client.patchContactFields(contactId, fields);
        field = 'written';
      } catch (error) {
        await syncState.forgetBridgeWrites(accountId, contactId, Object.keys(written));
        log.warn('panel.opt_out_field_failed', { accountId, contactId, error: error instanceof Error ? error.message : String(error) });
        field = 'failed';
      }
    }

    const who = await client.getUser(userId).then(
      (user) => user.name ?? `user ${userId}`,
      () => `user ${userId}`,
    );
    const perEsp = outcomes.map((o) => `${o.esp}: ${o.outcome === 'failed' ? `failed (${o.summary})` : o.summary}`).join('; ');
    const text = `Kommo ESP Bridge: ${who} opted ${contact.name ?? `contact ${contactId}`} out of ${channels.map((c) => channelWords[c]).join(' and ')} everywhere. ${perEsp || 'No ESP is connected.'}`;
    let note: OptOutResponse['kommo']['note'] = 'written';
    try {
      await client.addNotes('contacts', [{ entityId: contactId, text }]);
    } catch (error) {
      log.warn('panel.opt_out_note_failed', { accountId, contactId, error: error instanceof Error ? error.message : String(error) });
      note = 'failed';
    }
    return { kommoContactId: contactId, channels, outcomes, kommo: { field, note } };
  };
}
