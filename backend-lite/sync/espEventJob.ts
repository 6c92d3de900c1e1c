import type { Rules } from '../config/rules.ts';
import type { KommoClient, KommoTask } from '../kommo/kommoClient.ts';
import { multitextValues, type KommoLead } from '../kommo/kommoModels.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { EspEvent } from '../inbound/espEvent.ts';
import type { Logger } from '../log/logger.ts';
import type { Job, NewJob } from '../queue/jobQueue.ts';
import type { JobHandler } from '../queue/worker.ts';
import type { ActivityLog } from '../store/activityLog.ts';
import type { ContactSyncStateRepository } from '../store/contactSyncState.ts';
import { normaliseEmail } from './identity.ts';
import { LOST_STATUS_ID, WON_STATUS_ID } from './pushPlan.ts';

export const ESP_EVENT = 'esp.event';

const espLabel = { omnisend: 'Omnisend', moosend: 'Moosend', customerio: 'Customer.io' } as const;
const DAY_SECONDS = 86_400;

/** One person's events reach Kommo in the order they happened at the ESP. */
export function espEventJob(accountId: number, event: EspEvent): Omit<NewJob, 'accountId'> {
  return {
    kind: ESP_EVENT,
    target: `kommo:${accountId}`,
    orderKey: `esp-person:${accountId}:${event.email}`,
    dedupeKey: `esp-event:${accountId}:${event.esp}:${event.sourceId}`,
    payload: event,
  };
}

export type EspEventJobOptions = {
  kommoFor: (accountId: number) => { reader: KommoReader; client: KommoClient };
  rulesFor: (accountId: number) => Rules;
  syncState: ContactSyncStateRepository;
  activity: ActivityLog;
  log: Logger;
  now?: () => number;
};

/** "550 5.1.1 …" is permanent, "4xx" temporary: the bounce type in the note and the status field. */
function bounceType(detail: string | null): 'hard' | 'soft' {
  return /^\s*4\d\d/.test(detail ?? '') || /soft/i.test(detail ?? '') ? 'soft' : 'hard';
}

/**
 * SPEC §4.2: what an ESP event does in Kommo. The event is recorded in the activity log first,
 * whatever happens next; then the contact is found (the bridge's own sync state, else Kommo's
 * search), and its open deals get the note, the manager a task, the contact its status field.
 */
export function espEventJobHandler({ kommoFor, rulesFor, syncState, activity, log, now = Date.now }: EspEventJobOptions): JobHandler {
  return async function espEvent(job: Job) {
    const event = job.payload as EspEvent;
    const rules = rulesFor(job.accountId);
    const { reader, client } = kommoFor(job.accountId);

    const wanted = effectsFor(event, rules);
    const needsKommo = Boolean(wanted.note || wanted.task || wanted.fields);
    // Kommo's 7 requests/s are shared by everything: an event that changes nothing in Kommo (an
    // open, by default) is logged against the contact the bridge already knows, without a search.
    const known = syncState.findByEmail(job.accountId, event.email)?.kommoContactId;
    const contactId = known ?? (needsKommo ? await searchContact(client, event.email) : undefined);
    activity.record(job.accountId, event, contactId ?? null);
    if (!needsKommo) return;
    if (contactId === undefined) {
      log.info('esp.event_unmatched', { jobId: job.id, esp: event.esp, kind: event.kind });
      return;
    }
    const contact = await reader.contact(contactId);
    if (!contact) return;
    const leads = (await Promise.all((contact._embedded?.leads ?? []).map((l) => reader.lead(l.id)))).filter((l): l is KommoLead => !!l);
    const open = leads.filter((l) => l.status_id !== WON_STATUS_ID && l.status_id !== LOST_STATUS_ID);
    // Unsubscribes concern every open deal; other events the most recent one (SPEC §4.2).
    const targets = event.kind === 'unsubscribed' ? open : open.sort((a, b) => (b.updated_at ?? 0) - (a.updated_at ?? 0)).slice(0, 1);

    if (wanted.fields) {
      const written = Object.fromEntries(wanted.fields.map((f) => [String(f.field_id), String(f.values[0]?.value ?? '')]));
      syncState.recordBridgeWrite(job.accountId, contact.id, written);
      try {
        await client.patchContactFields(contact.id, wanted.fields);
      } catch (error) {
        syncState.forgetBridgeWrites(job.accountId, contact.id, Object.keys(written));
        throw error;
      }
    }
    if (wanted.note) {
      if (targets.length > 0) await client.addNotes('leads', targets.map((lead) => ({ entityId: lead.id, text: wanted.note! })));
      else await client.addNotes('contacts', [{ entityId: contact.id, text: wanted.note }]);
    }
    if (wanted.task) {
      const due = Math.floor(now() / 1000) + DAY_SECONDS;
      const tasks: KommoTask[] =
        targets.length > 0
          ? targets.map((lead) => ({ text: wanted.task!, completeTill: due, entityId: lead.id, entityType: 'leads', responsibleUserId: lead.responsible_user_id ?? undefined }))
          : [{ text: wanted.task, completeTill: due, entityId: contact.id, entityType: 'contacts', responsibleUserId: contact.responsible_user_id ?? undefined }];
      await client.addTasks(tasks);
    }
  };
}

type Effects = { note?: string; task?: string; fields?: { field_id: number; values: { value: string | boolean }[] }[] };

function effectsFor(event: EspEvent, rules: Rules): Effects {
  const esp = espLabel[event.esp];
  const subject = event.subject ? ` “${event.subject}”` : '';
  const { emailOptIn, emailStatus } = rules.kommo.fields;
  const status = (value: string) => (emailStatus?.entity === 'contact' ? [{ field_id: emailStatus.id, values: [{ value }] }] : []);
  switch (event.kind) {
    case 'unsubscribed': {
      const fields = [...(emailOptIn?.entity === 'contact' ? [{ field_id: emailOptIn.id, values: [{ value: false }] }] : []), ...status('unsubscribed')];
      return {
        note: `${esp}: ${event.email} unsubscribed from email${subject ? ` (from${subject})` : ''}.`,
        task: 'Client unsubscribed — clarify preferences',
        ...(fields.length ? { fields } : {}),
      };
    }
    case 'bounced': {
      const type = bounceType(event.detail);
      const fields = status(`bounced_${type}`);
      return {
        note: `${esp}: email${subject} to ${event.email} bounced (${type}${event.detail ? `: ${event.detail}` : ''}).`,
        task: 'Verify the email address',
        ...(fields.length ? { fields } : {}),
      };
    }
    case 'clicked':
      return rules.notes.clicked ? { note: `${esp}: ${event.email} clicked ${event.link ?? 'a link'} in${subject || ' an email'}.` } : {};
    case 'opened':
      return rules.notes.opened ? { note: `${esp}: ${event.email} opened${subject || ' an email'}.` } : {};
    case 'converted':
      return { note: `${esp}: conversion from email${subject}.` };
    default:
      return {};
  }
}

async function searchContact(client: KommoClient, email: string): Promise<number | undefined> {
  // Kommo's search is fuzzy (reference/kommo.md §5.4): keep only exact email matches.
  const found = await client.searchContacts(email);
  return found.find((c) => multitextValues(c.custom_fields_values, 'EMAIL').some((v) => normaliseEmail(v) === email))?.id;
}
