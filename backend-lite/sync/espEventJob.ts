import type { Rules } from '../config/rules.ts';
import type { EspProfile } from '../esp/espAdapter.ts';
import type { EspAdapters } from '../esp/espAdapters.ts';
import type { KommoClient, KommoTask } from '../kommo/kommoClient.ts';
import { multitextValues, type KommoLead } from '../kommo/kommoModels.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { EspEvent } from '../inbound/espEvent.ts';
import type { Logger } from '../log/logger.ts';
import type { Job, NewJob } from '../queue/jobQueue.ts';
import type { JobHandler } from '../queue/worker.ts';
import type { ActivityLog } from '../store/activityLog.ts';
import type { BridgeOptOuts } from '../store/bridgeOptOuts.ts';
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
  kommoFor: (accountId: number) => Promise<{ reader: KommoReader; client: KommoClient }>;
  rulesFor: (accountId: number) => Rules;
  /** For the kommo_deal_id the bridge stored on the person's ESP profile. */
  adapters: EspAdapters;
  syncState: ContactSyncStateRepository;
  activity: ActivityLog;
  bridgeOptOuts: BridgeOptOuts;
  log: Logger;
  now?: () => number;
};

/** "550 5.1.1 …" is permanent, "4xx" temporary: the bounce type in the note and the status field. */
function bounceType(detail: string | null): 'hard' | 'soft' {
  return /^\s*4\d\d/.test(detail ?? '') || /soft/i.test(detail ?? '') ? 'soft' : 'hard';
}

const isOpen = (lead: KommoLead) => lead.status_id !== WON_STATUS_ID && lead.status_id !== LOST_STATUS_ID;

/**
 * SPEC §4.2: what an ESP event does in Kommo. The event is recorded in the activity log first,
 * whatever happens next. An unsubscribe concerns the contact (found through the bridge's own sync
 * state, else Kommo's search) and all its open deals; any other event one deal: the one named by
 * kommo_deal_id on the person's ESP profile while it is open, else the contact's most recent open
 * deal. The deals get the note, their managers a task, the contact its status field.
 */
export function espEventJobHandler({ kommoFor, rulesFor, adapters, syncState, activity, bridgeOptOuts, log, now = Date.now }: EspEventJobOptions): JobHandler {
  /** The deal the bridge itself stored on the ESP profile, when it still exists and is open. */
  async function dealNamedByProfile(job: Job, event: EspEvent, reader: KommoReader, contactId: number | undefined): Promise<KommoLead | undefined> {
    if (!adapters.connected(job.accountId).includes(event.esp)) return undefined;
    let profile: EspProfile;
    try {
      // Every adapter finds the person by email; the Kommo ids only matter to a push.
      profile = await adapters.adapter(job.accountId, event.esp).readProfile({ email: event.email, phone: null, kommoContactId: contactId ?? 0, kommoDealId: null });
    } catch (error) {
      // The profile only picks among deals: an ESP hiccup must not hold the note back.
      log.warn('esp.event_profile_unread', { jobId: job.id, esp: event.esp, error: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
    const dealId = profile.found ? Number(profile.fields['kommo_deal_id']) : NaN;
    if (!Number.isSafeInteger(dealId) || dealId <= 0) return undefined;
    const lead = await reader.lead(dealId);
    return lead && isOpen(lead) ? lead : undefined;
  }

  return async function espEvent(job: Job) {
    const event = job.payload as EspEvent;
    const rules = rulesFor(job.accountId);
    const { reader, client } = await kommoFor(job.accountId);

    // SPEC §4.2: at most one note per message, however often it is opened. An unsubscribe the
    // bridge itself just made at this ESP comes back as the ESP's report: logged, nothing more.
    const repeat = event.kind === 'opened' && (await activity.repeatsMessage(job.accountId, event));
    const echo = event.kind === 'unsubscribed' && (await bridgeOptOuts.isEcho(job.accountId, event.esp, event.email, event.at));
    if (echo) log.info('esp.event_echo', { jobId: job.id, esp: event.esp });
    const wanted = repeat || echo ? {} : effectsFor(event, rules);
    const needsKommo = Boolean(wanted.note || wanted.task || wanted.fields);
    // Kommo's 7 requests/s are shared by everything: an event that changes nothing in Kommo (an
    // open, by default) is logged against the contact the bridge already knows, without a search.
    const known = (await syncState.findByEmail(job.accountId, event.email))?.kommoContactId;
    const contactId = known ?? (needsKommo ? await searchContact(client, event.email) : undefined);
    await activity.record(job.accountId, event, contactId ?? null);
    if (!needsKommo) return;

    const named = event.kind === 'unsubscribed' ? undefined : await dealNamedByProfile(job, event, reader, contactId);
    const targets = named ? [onLead(named)] : await contactTargets(event, reader, contactId);
    if (!targets) {
      log.info('esp.event_unmatched', { jobId: job.id, esp: event.esp, kind: event.kind });
      return;
    }

    if (wanted.fields && contactId !== undefined) {
      const written = Object.fromEntries(wanted.fields.map((f) => [String(f.field_id), String(f.values[0]?.value ?? '')]));
      await syncState.recordBridgeWrite(job.accountId, contactId, written);
      try {
        await client.patchContactFields(contactId, wanted.fields);
      } catch (error) {
        await syncState.forgetBridgeWrites(job.accountId, contactId, Object.keys(written));
        throw error;
      }
    }
    const entity = targets[0]?.entityType;
    if (wanted.note && entity) await client.addNotes(entity, targets.map((t) => ({ entityId: t.entityId, text: wanted.note! })));
    if (wanted.task) {
      const due = Math.floor(now() / 1000) + DAY_SECONDS;
      await client.addTasks(targets.map((t) => ({ ...t, text: wanted.task!, completeTill: due })));
    }
  };
}

/** Where a note and a task go: a deal (or a contact without an open one), with its manager. */
type Target = Pick<KommoTask, 'entityType' | 'entityId' | 'responsibleUserId'>;

const onLead = (lead: KommoLead): Target => ({ entityType: 'leads', entityId: lead.id, responsibleUserId: lead.responsible_user_id ?? undefined });

/**
 * All the contact's open deals for an unsubscribe, the most recent one for anything else; the
 * contact itself when it has no open deal. undefined when there is no such contact.
 */
async function contactTargets(event: EspEvent, reader: KommoReader, contactId: number | undefined): Promise<Target[] | undefined> {
  const contact = contactId === undefined ? undefined : await reader.contact(contactId);
  if (!contact) return undefined;
  const leads = (await Promise.all((contact._embedded?.leads ?? []).map((l) => reader.lead(l.id)))).filter((l): l is KommoLead => !!l);
  const open = leads.filter(isOpen);
  if (open.length === 0) return [{ entityType: 'contacts', entityId: contact.id, responsibleUserId: contact.responsible_user_id ?? undefined }];
  return event.kind === 'unsubscribed' ? open.map(onLead) : open.sort((a, b) => (b.updated_at ?? 0) - (a.updated_at ?? 0)).slice(0, 1).map(onLead);
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
