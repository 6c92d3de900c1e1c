import { z } from 'zod';
import type { Channel, ContactIdentity, ContactPush, PushResult } from '../espAdapter.ts';
import { EspRejectedInput } from '../espErrors.ts';
import type { CustomerioHttp } from './customerioHttp.ts';
import { BATCH_MAX_BYTES, OPERATION_MAX_BYTES } from './customerioLimits.ts';
import { v2ErrorSchema } from './customerioModels.ts';
import { trackPaths } from './customerioPaths.ts';
import {
  CONSENT_NOTE,
  eventOperation,
  eventPayload,
  identifyOperation,
  identifyPayload,
  optOutPayload,
  type IdentifyPayload,
} from './customerioPayloads.ts';
import { readsAsUnsubscribed } from './customerioProfile.ts';
import type { createCustomerioReader } from './customerioRead.ts';

export type CustomerioWriterOptions = {
  http: CustomerioHttp;
  reader: Pick<ReturnType<typeof createCustomerioReader>, 'existing'>;
  now?: () => number;
};

const okSchema = z.unknown();
const IDENTIFY_LABEL = trackPaths.identify('').label;
const batchAnswerSchema = z.looseObject({ errors: z.array(v2ErrorSchema).nullish() });

/** Customer.io identifies people by email here (SPEC §4.1: the normalised identity). */
function emailOf(identity: ContactIdentity, request: string): string {
  const email = identity.email.trim().toLowerCase();
  if (email === '') throw new EspRejectedInput('customerio', request, `Kommo contact ${identity.kommoContactId} has no email, and Customer.io people are identified by email`);
  return email;
}

/** In words, for the note on the deal. */
function describe(email: string, change: ContactPush, payload: IdentifyPayload): string {
  const parts = [
    payload.createdAs === null
      ? `updated ${email}`
      : `created ${email} ${payload.createdAs === 'subscribed' ? 'as subscribed (email consent)' : 'unsubscribed: no email consent yet'}`,
  ];
  const fields = Object.keys(change.fields).filter((name) => !payload.ignored.includes(name) && change.fields[name] !== null);
  if (fields.length > 0) parts.push(`attributes ${fields.join(', ')}`);
  const tags = [...change.addTags.map((t) => `+${t}`), ...change.removeTags.filter((t) => !change.addTags.includes(t)).map((t) => `−${t}`)];
  if (tags.length > 0) parts.push(`tags ${tags.join(' ')}`);
  if (payload.ignored.length > 0) parts.push(`ignored reserved attribute(s) ${payload.ignored.join(', ')}`);
  return parts.join('; ');
}

type Operation = { index: number; op: unknown };

export function createCustomerioWriter({ http, reader, now = Date.now }: CustomerioWriterOptions) {
  async function identify(email: string, attributes: Record<string, unknown>) {
    await http.call('track', { method: 'PUT', ...trackPaths.identify(email), json: attributes }, okSchema);
  }

  /** Identify first, then the event: an event for an unknown email would create the person without a consent state. */
  async function push(change: ContactPush): Promise<PushResult> {
    const email = emailOf(change.identity, IDENTIFY_LABEL);
    const isNew = !(await reader.existing([email])).has(email);
    const payload = identifyPayload(change, isNew, now());
    await identify(email, payload.attributes);
    let summary = describe(email, change, payload);
    if (change.event) {
      await http.call('track', { method: 'POST', ...trackPaths.event(email), json: eventPayload(change.event, now()) }, okSchema);
      summary += `; event ${change.event.name}`;
    }
    return { outcome: isNew ? 'created' : 'updated', summary, ...(payload.createdAs === 'not_subscribed' ? { leftUnsubscribed: true } : {}) };
  }

  /**
   * C.5 batches of ≤ 500 KB (items ≤ 32 KB). Returns the reason for each rejected item: a 207
   * names them by `batch_index`, the others were applied. A whole-batch failure throws.
   */
  async function sendBatches(operations: readonly Operation[]): Promise<Map<number, string>> {
    const rejected = new Map<number, string>();
    let chunk: Operation[] = [];
    let bytes = 0;
    const flush = async () => {
      if (chunk.length === 0) return;
      const sent = chunk;
      chunk = [];
      bytes = 0;
      const answer = await http.call('track', { method: 'POST', ...trackPaths.batch, json: { batch: sent.map((o) => o.op) } }, batchAnswerSchema);
      for (const error of answer.errors ?? []) {
        const item = error.batch_index === null || error.batch_index === undefined ? undefined : sent[error.batch_index];
        if (!item) continue;
        const reason = [error.field, error.message ?? error.reason].filter(Boolean).join(': ');
        rejected.set(item.index, [rejected.get(item.index), reason].filter(Boolean).join('; '));
      }
    };
    for (const operation of operations) {
      const size = Buffer.byteLength(JSON.stringify(operation.op)) + 1;
      if (size > OPERATION_MAX_BYTES) {
        rejected.set(operation.index, `the operation is ${size} bytes; Customer.io takes at most ${OPERATION_MAX_BYTES} per item`);
        continue;
      }
      if (bytes + size > BATCH_MAX_BYTES) await flush();
      chunk.push(operation);
      bytes += size;
    }
    await flush();
    return rejected;
  }

  /**
   * Two rounds through `/api/v2/batch`: identifies, then the events of the people whose identify
   * was accepted — an item's order inside one batch is not documented, and an event must never be
   * what creates a person.
   */
  async function pushMany(changes: readonly ContactPush[]): Promise<PushResult[]> {
    const results: PushResult[] = changes.map(() => ({ outcome: 'skipped', summary: '' }));
    const emails = new Map<number, string>();
    changes.forEach((change, index) => {
      const email = change.identity.email.trim().toLowerCase();
      if (email === '') results[index] = { outcome: 'skipped', summary: `Kommo contact ${change.identity.kommoContactId} has no email; not sent to Customer.io` };
      else emails.set(index, email);
    });
    const known = await reader.existing([...emails.values()]);

    const payloads = new Map<number, IdentifyPayload>();
    const identifies: Operation[] = [];
    for (const [index, email] of emails) {
      const change = changes[index];
      if (!change) continue;
      const payload = identifyPayload(change, !known.has(email), now());
      payloads.set(index, payload);
      identifies.push({ index, op: identifyOperation(email, payload.attributes) });
    }
    const identifyRejected = await sendBatches(identifies);

    const events: Operation[] = [];
    for (const [index, email] of emails) {
      const event = changes[index]?.event;
      if (event && !identifyRejected.has(index)) events.push({ index, op: eventOperation(email, eventPayload(event, now())) });
    }
    const eventRejected = await sendBatches(events);

    for (const [index, email] of emails) {
      const change = changes[index];
      const payload = payloads.get(index);
      if (!change || !payload) continue;
      const refused = identifyRejected.get(index);
      if (refused !== undefined) {
        results[index] = { outcome: 'skipped', summary: `Customer.io rejected ${email}: ${refused}` };
        continue;
      }
      let summary = describe(email, change, payload);
      if (change.event) {
        const eventRefused = eventRejected.get(index);
        summary += eventRefused === undefined ? `; event ${change.event.name}` : `; event ${change.event.name} rejected: ${eventRefused}`;
      }
      results[index] = { outcome: payload.createdAs === null ? 'updated' : 'created', summary, ...(payload.createdAs === 'not_subscribed' ? { leftUnsubscribed: true } : {}) };
    }
    return results;
  }

  /** C.4: no unsubscribe endpoint — an identify with `unsubscribed: true`, which covers every channel. */
  async function optOut(identity: ContactIdentity, channels: readonly Channel[]): Promise<PushResult> {
    const parts: string[] = [];
    let outcome: PushResult['outcome'] = 'skipped';
    if (channels.includes('email')) {
      const email = emailOf(identity, IDENTIFY_LABEL);
      const person = (await reader.existing([email])).get(email);
      const alreadyOut = person !== undefined && (person.unsubscribed ?? readsAsUnsubscribed(person.attributes['unsubscribed'])) && person.attributes[CONSENT_NOTE] !== 'not_subscribed';
      if (alreadyOut) {
        parts.push(`${email} was already unsubscribed in Customer.io`);
      } else {
        // Not found by the App API: `_update` still reaches a profile created moments ago, and creates nobody.
        await identify(email, optOutPayload(email, person === undefined));
        if (person) outcome = 'updated';
        parts.push(person ? `unsubscribed ${email} from all Customer.io messages` : `${email} is not in Customer.io; sent an update-only opt-out, which creates nobody`);
      }
    }
    if (channels.includes('sms')) {
      parts.push("SMS not changed: Customer.io's Track API has no SMS subscription, and its one unsubscribe flag would stop email too");
    }
    if (parts.length === 0) parts.push('no channel to opt out of');
    return { outcome, summary: parts.join('; ') };
  }

  return { push, pushMany, optOut };
}
