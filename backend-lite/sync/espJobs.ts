import type { Channel, ContactIdentity, ContactPush, EspName } from '../esp/espAdapter.ts';
import type { EspAdapters } from '../esp/espAdapters.ts';
import type { PushBatcher } from '../esp/pushBatcher.ts';
import type { Job, NewJob } from '../queue/jobQueue.ts';
import type { JobHandler } from '../queue/worker.ts';
import type { BridgeOptOuts } from '../store/bridgeOptOuts.ts';
import { sha256 } from '../store/webhookLog.ts';
import type { PushTrigger } from './pushPlan.ts';

export const ESP_PUSH = 'esp.push';
export const ESP_OPT_OUT = 'esp.opt-out';
export const KOMMO_NOTE = 'kommo.note';

export type EspPushPayload = { esp: EspName; leadId: number; trigger: PushTrigger; push: ContactPush };
export type EspOptOutPayload = { esp: EspName; identity: ContactIdentity; channels: Channel[]; reason: string };
export type KommoNotePayload = { entity: 'leads' | 'contacts'; entityId: number; text: string };

export const espTarget = (accountId: number, esp: EspName) => `${esp}:${accountId}`;

/**
 * One job per ESP per contact: each ESP has its own pacing and failures, and one contact's
 * changes reach each ESP in order. The dedupe key is the push's content, so the same Won sent
 * twice leaves the ESP as once.
 */
export function espPushJob(accountId: number, payload: EspPushPayload): Omit<NewJob, 'accountId'> {
  const contactId = payload.push.identity.kommoContactId;
  return {
    kind: ESP_PUSH,
    target: espTarget(accountId, payload.esp),
    orderKey: `contact:${accountId}:${contactId}:${payload.esp}`,
    dedupeKey: `push:${accountId}:${sha256(JSON.stringify(payload))}`,
    payload,
  };
}

/** Same order key as the pushes: an opt-out never overtakes, or is overtaken by, a push of the same person. */
export function espOptOutJob(accountId: number, payload: EspOptOutPayload, dedupeKey: string): Omit<NewJob, 'accountId'> {
  return {
    kind: ESP_OPT_OUT,
    target: espTarget(accountId, payload.esp),
    orderKey: `contact:${accountId}:${payload.identity.kommoContactId}:${payload.esp}`,
    dedupeKey: `opt-out:${accountId}:${payload.esp}:${dedupeKey}`,
    payload,
  };
}

export function kommoNoteJob(accountId: number, payload: KommoNotePayload, dedupeKey: string): Omit<NewJob, 'accountId'> {
  return {
    kind: KOMMO_NOTE,
    target: `kommo:${accountId}`,
    orderKey: `kommo-note:${accountId}:${payload.entity}:${payload.entityId}`,
    dedupeKey: `note:${accountId}:${dedupeKey}`,
    payload,
  };
}

export type EspPushJobOptions = {
  adapters: EspAdapters;
  /** Pushes of one turn go out together through the ESP's batch endpoint. */
  batcher: PushBatcher;
  bridgeOptOuts: BridgeOptOuts;
  markSynced: (accountId: number, kommoContactId: number) => Promise<void>;
  enqueue: (job: NewJob) => Promise<void>;
  afterPushNotes: (accountId: number) => boolean;
};

export function espPushJobHandler({ batcher, bridgeOptOuts, markSynced, enqueue, afterPushNotes }: EspPushJobOptions): JobHandler {
  return async function espPush(job: Job) {
    const { esp, push, leadId } = job.payload as EspPushPayload;
    const result = await batcher.push(job.accountId, esp, push);
    if (result.leftUnsubscribed) await bridgeOptOuts.record(job.accountId, esp, push.identity.email);
    await markSynced(job.accountId, push.identity.kommoContactId);
    if (result.outcome !== 'skipped' && afterPushNotes(job.accountId)) {
      const text = `Kommo ESP Bridge → ${esp}: ${result.summary}`;
      await enqueue({ accountId: job.accountId, ...kommoNoteJob(job.accountId, { entity: 'leads', entityId: leadId, text }, `after-push:${job.id}`) });
    }
  };
}

export function espOptOutJobHandler({ adapters, bridgeOptOuts, markSynced, enqueue, afterPushNotes }: EspPushJobOptions): JobHandler {
  return async function espOptOut(job: Job) {
    const { esp, identity, channels, reason } = job.payload as EspOptOutPayload;
    await bridgeOptOuts.record(job.accountId, esp, identity.email);
    const result = await adapters.adapter(job.accountId, esp).optOut(identity, channels);
    await markSynced(job.accountId, identity.kommoContactId);
    if (result.outcome !== 'skipped' && afterPushNotes(job.accountId)) {
      const text = `Kommo ESP Bridge → ${esp}: ${result.summary} (${reason}).`;
      await enqueue({ accountId: job.accountId, ...kommoNoteJob(job.accountId, { entity: 'contacts', entityId: identity.kommoContactId, text }, `after-opt-out:${job.id}`) });
    }
  };
}
