import { randomUUID } from 'node:crypto';
import type { SimReply } from '../../shared/simulatorServer.ts';
import { parseCustomProperties } from '../contactRequest.ts';
import type { Handler, RecordedEvent, SimContext } from '../context.ts';
import { PROFILE_FIELDS, type ChannelName, type ChannelState, type ContactWrite, type IdentifierWrite, type Profile } from '../model.ts';
import { validationProblem, type FieldError } from '../problems.ts';
import { nowMs, parseEventTime, parseRfc3339, rfc3339 } from '../time.ts';
import { collectUnknown, Errors, isE164, isEmail, isRecord, join } from '../validate.ts';

// POST /api/events (reference §A.5, 2026 Events API): {eventName, origin, eventVersion?, eventID? (UUID),
// eventTime? (RFC3339 or "YYYY-MM-DD HH:MM:SS±HH:MM"), contact, properties} → 202 Accepted, no body.
// eventName and origin are required ("Every event requires origin"); a contact with id, email or phone
// is "yes in practice" and enforced here [UNCERTAIN]. "contact will be created or updated based on the
// data provided here": applied asynchronously like the rest of the 202 family, by exact email.

const CONTACT_FIELDS = ['id', 'email', 'phone', 'customProperties', 'tags', 'consents', 'optIns', 'optOuts', ...PROFILE_FIELDS] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[4-7][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

interface ChannelMark {
  channel: ChannelName;
  at: number;
  status: 'subscribed' | 'unsubscribed';
}

function parseMarks(errors: Errors, raw: unknown, path: string, status: ChannelMark['status']): ChannelMark[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.type(path, 'an array');
    return [];
  }
  if (raw.length > 10) errors.add(path, 'too_many_items', 'Must contain at most 10 items');
  const marks: ChannelMark[] = [];
  raw.forEach((m, i) => {
    const p = join(path, i);
    if (!isRecord(m) || (m['channel'] !== 'email' && m['channel'] !== 'sms')) {
      errors.add(join(p, 'channel'), 'invalid_value', 'Must be one of: email, sms');
      return;
    }
    let at = nowMs();
    if (m['createdAt'] !== undefined) {
      const parsed = typeof m['createdAt'] === 'string' ? parseRfc3339(m['createdAt']) : null;
      if (parsed === null) errors.add(join(p, 'createdAt'), 'invalid_format', 'Must be an RFC3339 timestamp');
      else at = parsed;
    }
    marks.push({ channel: m['channel'], at, status });
  });
  return marks;
}

/** The event's contact as a contact write; optIns/optOuts become channel statuses under the same newest-date rule. */
function parseEventContact(errors: Errors, raw: unknown, unknown: string[]): { write: ContactWrite; id?: string } | undefined {
  const path = 'contact';
  if (raw === undefined) {
    errors.required(path);
    return undefined;
  }
  if (!isRecord(raw)) {
    errors.type(path, 'an object');
    return undefined;
  }
  collectUnknown(raw, CONTACT_FIELDS, path, unknown);
  const id = errors.optionalString(raw, 'id', path);
  const email = errors.optionalString(raw, 'email', path);
  const phone = errors.optionalString(raw, 'phone', path);
  if (email !== undefined && !isEmail(email)) errors.add(join(path, 'email'), 'invalid_format', 'Must be a valid email address');
  if (phone !== undefined && !isE164(phone)) errors.add(join(path, 'phone'), 'invalid_format', 'Must be a phone number in E.164 format');
  if (id === undefined && email === undefined && phone === undefined) errors.add(path, 'required', 'contact needs an id, email or phone');
  const profile: Profile = {};
  for (const key of PROFILE_FIELDS) {
    const v = errors.optionalString(raw, key, path);
    if (v !== undefined) profile[key] = v;
  }
  const tags = errors.stringArray(raw, 'tags', path, 100);
  const cp = raw['customProperties'] === undefined ? undefined : parseCustomProperties(errors, raw['customProperties'], join(path, 'customProperties'));
  const marks = [...parseMarks(errors, raw['optIns'], join(path, 'optIns'), 'subscribed'), ...parseMarks(errors, raw['optOuts'], join(path, 'optOuts'), 'unsubscribed')];
  if (!errors.empty) return undefined;

  // Per channel the latest mark wins (an opt-out wins a tie), then the stored-date rule decides.
  const latest = (channel: ChannelName): ChannelState | undefined => {
    const best = marks
      .filter((m) => m.channel === channel)
      .sort((a, b) => a.at - b.at || (a.status === 'unsubscribed' ? 1 : -1))
      .at(-1);
    return best ? { status: best.status, changedAt: best.at } : undefined;
  };
  const identifiers: IdentifierWrite[] = [];
  // Event-created identifiers carry no sendWelcomeMessage field in the API; not counted as welcome sends.
  if (email !== undefined) {
    const w: IdentifierWrite = { type: 'email', id: email, sendWelcomeMessage: false };
    const s = latest('email');
    if (s) w.status = s;
    identifiers.push(w);
  }
  if (phone !== undefined) {
    const w: IdentifierWrite = { type: 'phone', id: phone, sendWelcomeMessage: false };
    const s = latest('sms');
    if (s) w.status = s;
    identifiers.push(w);
  }
  const write: ContactWrite = { identifiers, profile };
  if (tags !== undefined) write.tags = tags;
  if (cp !== undefined) write.customProperties = cp;
  return id === undefined ? { write } : { write, id };
}

/** Validates and records one event; the contact update is scheduled. Shared with events batches. */
export function acceptEvent(ctx: SimContext, body: unknown, via: string): { ok: true } | { ok: false; errors: FieldError[]; reply: SimReply } {
  const errors = new Errors();
  const unknown: string[] = [];
  if (!isRecord(body)) {
    const list = [{ field: '', code: 'invalid_type', message: 'Request body must be a JSON object' }];
    return { ok: false, errors: list, reply: validationProblem(list) };
  }
  const eventName = errors.optionalString(body, 'eventName', '');
  if (eventName === undefined || eventName === '') errors.required('eventName');
  const origin = errors.optionalString(body, 'origin', '');
  if (origin === undefined || origin === '') errors.required('origin');
  const eventID = errors.optionalString(body, 'eventID', '');
  if (eventID !== undefined && !UUID.test(eventID)) errors.add('eventID', 'invalid_format', 'Must be a UUID (v4–v7)');
  const eventVersion = errors.optionalString(body, 'eventVersion', '');
  const rawTime = errors.optionalString(body, 'eventTime', '');
  const time = rawTime === undefined ? nowMs() : parseEventTime(rawTime);
  if (time === null) errors.add('eventTime', 'invalid_format', 'Must be RFC3339 or YYYY-MM-DD HH:MM:SS±HH:MM');
  const properties = body['properties'];
  if (properties !== undefined && !isRecord(properties)) errors.type('properties', 'an object');
  const contact = parseEventContact(errors, body['contact'], unknown);
  if (!errors.empty || !contact) return { ok: false, errors: errors.list, reply: validationProblem(errors.list) };

  ctx.state.noteUnknownFields(via, unknown);
  const event: RecordedEvent = {
    eventName: eventName as string,
    origin: origin as string,
    eventID: eventID ?? randomUUID(),
    eventTime: rfc3339(time ?? nowMs()),
    contact: structuredClone(body['contact'] as Record<string, unknown>),
    properties: isRecord(properties) ? structuredClone(properties) : {},
    receivedAt: rfc3339(nowMs()),
    contactId: null,
  };
  if (eventVersion !== undefined) event.eventVersion = eventVersion;
  ctx.events.push(event);
  ctx.work.schedule(() => {
    const { state } = ctx;
    const email = contact.write.identifiers.find((i) => i.type === 'email');
    const phone = contact.write.identifiers.find((i) => i.type === 'phone');
    const existing = (contact.id !== undefined ? state.get(contact.id) : undefined) ?? (email ? state.byEmail(email.id) : undefined) ?? (phone ? state.byPhone(phone.id) : undefined);
    if (existing) {
      state.applyWrite(existing, contact.write, via, false);
      event.contactId = existing.id;
      return;
    }
    if (contact.write.identifiers.length === 0) return; // an unknown contact id alone creates nobody
    const created = state.blank();
    state.applyWrite(created, contact.write, via, true);
    state.insert(created);
    event.contactId = created.id;
  });
  return { ok: true };
}

export const postEvent: Handler = (ctx, { request }) => {
  const result = acceptEvent(ctx, request.body, 'POST /api/events');
  return result.ok ? { status: 202 } : result.reply;
};
