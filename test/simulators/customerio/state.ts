import { CONTROL_KEYS, NULL_REMOVES_ATTRIBUTE, PREFERENCES_KEY, isPreferencesKey, parseUnsubscribed, attributeAsString } from './attributes.ts';
import { describeRef, isRecord } from './identifiers.ts';
import { newDeliveryId, newUlid } from './ulid.ts';
import type { Activity, DroppedWrite, IdentifierKind, IdentifierRef, IdentifyRecord, Message, MessageMetric, PersonSnapshot, StoredEvent, WriteSource } from './types.ts';

// The workspace: people, their attributes, events, deliveries and activity log, with the identity rules
// of reference C.2 (email-or-ID workspace) and the dedup of C.3.

interface PersonRecord {
  cioId: string;
  id: string | null;
  email: string | null;
  /** Stored with JSON types; includes `unsubscribed` and `cio_subscription_preferences` once written. */
  attributes: Record<string, unknown>;
  timestamps: Record<string, number>;
  unsubscribed: boolean;
  createdAt: number;
  updatedAt: number;
  events: StoredEvent[];
  messages: Message[];
  activities: Activity[];
  history: IdentifyRecord[];
}

export interface PersonSeed {
  id?: string;
  email?: string;
  /** Without the `cio_` prefix, e.g. `d9c106000001`; generated when absent. */
  cioId?: string;
  attributes?: Record<string, unknown>;
  unsubscribed?: boolean;
  /** Unix seconds; default now. */
  createdAt?: number;
}

export interface MessageSeed {
  /** The delivery id; generated when absent. */
  id?: string;
  subject?: string;
  /** Default: the person's email. */
  recipient?: string;
  /** Exactly one source, as in C.8; default campaign 1 / action 1. */
  campaignId?: number;
  broadcastId?: number;
  newsletterId?: number;
  actionId?: number;
  contentId?: number;
  templateId?: number;
  /** Unix seconds; default `sent` or now. */
  created?: number;
  sent?: number;
  delivered?: number;
  opened?: number;
  clicked?: number | { at: number; href: string; linkId?: number };
  converted?: number;
  /** A bounce; `type` only shapes the default failure message (Customer.io has no bounce-type field). */
  bounced?: number | { at: number; type?: 'hard' | 'soft'; failureMessage?: string };
  spammed?: number;
  unsubscribed?: number;
  dropped?: number;
  failed?: number;
}

export const DEFAULT_BOUNCE_MESSAGES = {
  hard: '550 5.1.1 mailbox does not exist',
  soft: '452 4.2.2 mailbox full',
} as const;

export interface StateOptions {
  /** Epoch milliseconds. */
  clock: () => number;
  /** C.2's workspace setting "Allow updates to email using ID"; off by default as in new workspaces. */
  allowEmailUpdateById: boolean;
  /**
   * [UNCERTAIN] Whether a v1/v2 event for an unknown id/email creates the person. Customer.io's track
   * endpoints create profiles on first sight; we assume events do too.
   */
  eventsCreatePeople: boolean;
}

export type IdentifyOutcome = { outcome: 'created' | 'updated'; record: IdentifyRecord } | { outcome: 'dropped'; reason: string };
export type EventOutcome = 'stored' | 'duplicate' | 'dropped';

const lower = (s: string): string => s.toLowerCase();

export class CustomerioState {
  private readonly byCio = new Map<string, PersonRecord>();
  private readonly byId = new Map<string, PersonRecord>();
  private readonly byEmail = new Map<string, PersonRecord>();
  /** Suppressed identifier groups: suppressing one identifier of a person blocks all of theirs (C.4). */
  private suppressedGroups: Array<{ id: string | null; email: string | null }> = [];
  private readonly seenEventIds = new Set<string>();
  private cioCounter = 0;

  /** Every identify the APIs received, in order (people deleted since included). */
  readonly writes: IdentifyRecord[] = [];
  /** Events whose ULID had been seen: accepted (200) and not stored (C.3). */
  readonly duplicateEvents: Array<{ at: number; id: string; name: string; identifier: string }> = [];
  readonly dropped: DroppedWrite[] = [];
  readonly anonymousEvents: Array<StoredEvent & { anonymous_id: string | null }> = [];

  constructor(private readonly options: StateOptions) {}

  nowSeconds(): number {
    return Math.floor(this.options.clock() / 1000);
  }

  // ---- lookup -------------------------------------------------------------------------------------

  find(ref: IdentifierRef): PersonRecord | undefined {
    if (ref.kind === 'cio_id') return this.byCio.get(ref.value);
    if (ref.kind === 'email') return this.byEmail.get(lower(ref.value));
    return this.byId.get(ref.value);
  }

  /** Test-side lookup: `cio_…`, an email, or an id. */
  lookup(idOrEmail: string): PersonRecord | undefined {
    if (idOrEmail.startsWith('cio_')) return this.byCio.get(idOrEmail.slice(4));
    if (idOrEmail.includes('@')) return this.byEmail.get(lower(idOrEmail));
    return this.byId.get(idOrEmail) ?? this.byCio.get(idOrEmail);
  }

  all(): PersonRecord[] {
    return [...this.byCio.values()];
  }

  findByDelivery(deliveryId: string): { person: PersonRecord; message: Message } | undefined {
    for (const person of this.byCio.values()) {
      const message = person.messages.find((m) => m.id === deliveryId);
      if (message) return { person, message };
    }
    return undefined;
  }

  isSuppressed(kind: IdentifierKind, value: string): boolean {
    if (kind === 'cio_id') return false;
    return this.suppressedGroups.some((g) => (kind === 'id' ? g.id === value : g.email !== null && lower(g.email) === lower(value)));
  }

  suppressedIdentifiers(): Array<{ id: string | null; email: string | null }> {
    return this.suppressedGroups.map((g) => ({ ...g }));
  }

  // ---- writes -------------------------------------------------------------------------------------

  /**
   * Identify / upsert (C.2). Returns `dropped` for what Customer.io accepts with 200 and ignores:
   * suppressed identifiers, an unknown `cio_id`, `_update: true` on nobody.
   */
  identify(source: 'track_v1' | 'track_v2', ref: IdentifierRef, attributes: Record<string, unknown>): IdentifyOutcome {
    const at = this.nowSeconds();
    const label = describeRef(ref);
    const bodyId = attributes['id'] === undefined || attributes['id'] === null ? undefined : String(attributes['id']);
    const bodyEmail = typeof attributes['email'] === 'string' ? attributes['email'] : undefined;
    const drop = (reason: string): IdentifyOutcome => {
      this.dropped.push({ at, source, operation: 'identify', identifier: label, reason });
      return { outcome: 'dropped', reason };
    };
    if (this.isSuppressed(ref.kind, ref.value) || (bodyId !== undefined && this.isSuppressed('id', bodyId)) || (bodyEmail !== undefined && this.isSuppressed('email', bodyEmail))) {
      return drop('identifier is suppressed');
    }

    let person: PersonRecord | undefined;
    let created = false;
    let mayChangeIdentifiers = false;
    const bodyCio = typeof attributes['cio_id'] === 'string' ? attributes['cio_id'].replace(/^cio_/, '') : undefined;
    if (ref.kind === 'cio_id' || bodyCio !== undefined) {
      // C.2: "If the cio_id does not exist or belongs to a person who was deleted, we'll drop the request."
      person = this.byCio.get(ref.kind === 'cio_id' ? ref.value : (bodyCio ?? ''));
      if (!person) return drop('cio_id does not exist');
      mayChangeIdentifiers = true;
    } else {
      const pathPerson = this.find(ref);
      person = pathPerson ?? (bodyId !== undefined ? this.byId.get(bodyId) : undefined) ?? (bodyEmail !== undefined ? this.byEmail.get(lower(bodyEmail)) : undefined);
      if (!person) {
        if (attributes['_update'] === true) {
          // C.2: `_update: true` never creates; the real service logs a Failed Attribute Change.
          return drop('_update: true and no person matches the identifiers');
        }
        person = this.create(at);
        this.setIdentifier(person, ref.kind, ref.value);
        created = true;
      } else if (!pathPerson) {
        // C.2: the path identifier is new but a body identifier is known → that person gets the path
        // identifier (in email-or-ID workspaces a new id with a known email re-ids the person).
        this.setIdentifier(person, ref.kind, ref.value);
      }
    }

    const failures: string[] = [];
    for (const [kind, value] of [['id', bodyId], ['email', bodyEmail]] as const) {
      if (value === undefined) continue;
      const owner = kind === 'id' ? this.byId.get(value) : this.byEmail.get(lower(value));
      if (owner && owner !== person) {
        failures.push(`${kind} '${value}' belongs to another person`);
        continue;
      }
      const current = person[kind];
      const same = current !== null && (kind === 'email' ? lower(current) === lower(value) : current === value);
      if (current === null || same) {
        if (current === null) this.setIdentifier(person, kind, value, at);
        continue;
      }
      const allowed = mayChangeIdentifiers || (kind === 'email' && ref.kind === 'id' && this.options.allowEmailUpdateById);
      if (allowed) this.setIdentifier(person, kind, value, at);
      else failures.push(`cannot change ${kind} from '${current}' to '${value}' without referencing the person by cio_id`);
    }

    const before = person.unsubscribed;
    const changes = this.applyAttributes(person, attributes, at);
    const record: IdentifyRecord = {
      at,
      source,
      identifier: label,
      attributes: structuredClone(attributes),
      unsubscribedBefore: before,
      unsubscribedAfter: person.unsubscribed,
      failures,
    };
    if ('unsubscribed' in attributes) record.unsubscribed = parseUnsubscribed(attributes['unsubscribed']);
    person.history.push(record);
    this.writes.push(record);
    if (created) this.activity(person, 'profile_create', at, {});
    if (Object.keys(changes).length > 0) this.activity(person, 'attribute_change', at, changes);
    if (failures.length > 0) this.activity(person, 'failed_attribute_change', at, { failures });
    person.updatedAt = at;
    return { outcome: created ? 'created' : 'updated', record };
  }

  /** Event (C.3): deduped on its ULID workspace-wide, before anything else. */
  trackEvent(
    source: 'track_v1' | 'track_v2',
    ref: IdentifierRef,
    event: { id?: string; name: string; type?: 'event' | 'page' | 'screen'; data?: Record<string, unknown>; timestamp?: number },
  ): EventOutcome {
    const at = this.nowSeconds();
    const label = describeRef(ref);
    const name = event.name.trim();
    if (event.id !== undefined) {
      const key = event.id.toUpperCase();
      if (this.seenEventIds.has(key)) {
        this.duplicateEvents.push({ at, id: event.id, name, identifier: label });
        return 'duplicate';
      }
      this.seenEventIds.add(key);
    }
    const drop = (reason: string): EventOutcome => {
      this.dropped.push({ at, source, operation: 'event', identifier: label, reason });
      return 'dropped';
    };
    if (this.isSuppressed(ref.kind, ref.value)) return drop('identifier is suppressed');
    let person = this.find(ref);
    if (!person) {
      if (ref.kind === 'cio_id' || !this.options.eventsCreatePeople) return drop('no person matches the identifier');
      person = this.create(at);
      this.setIdentifier(person, ref.kind, ref.value, at);
      this.activity(person, 'profile_create', at, {});
    }
    const timestamp = event.timestamp ?? at;
    const stored: StoredEvent = {
      id: event.id ?? null,
      name,
      type: event.type ?? 'event',
      data: structuredClone(event.data ?? {}),
      timestamp,
      receivedAt: at,
      source,
      triggersCampaigns: timestamp >= at - 72 * 3600,
    };
    person.events.push(stored);
    this.activity(person, stored.type === 'event' ? 'event' : stored.type, timestamp, stored.data, { name });
    return 'stored';
  }

  trackAnonymousEvent(event: { id?: string; name: string; type?: 'event' | 'page' | 'screen'; data?: Record<string, unknown>; timestamp?: number; anonymous_id?: string }): EventOutcome {
    const at = this.nowSeconds();
    if (event.id !== undefined) {
      const key = event.id.toUpperCase();
      if (this.seenEventIds.has(key)) {
        this.duplicateEvents.push({ at, id: event.id, name: event.name.trim(), identifier: `anonymous:${event.anonymous_id ?? ''}` });
        return 'duplicate';
      }
      this.seenEventIds.add(key);
    }
    const timestamp = event.timestamp ?? at;
    this.anonymousEvents.push({
      id: event.id ?? null,
      name: event.name.trim(),
      type: event.type ?? 'event',
      data: structuredClone(event.data ?? {}),
      timestamp,
      receivedAt: at,
      source: 'track_v1',
      triggersCampaigns: timestamp >= at - 72 * 3600,
      anonymous_id: event.anonymous_id ?? null,
    });
    return 'stored';
  }

  /** DELETE (C.4): the person is gone; a later identify recreates them. */
  deletePerson(ref: IdentifierRef): boolean {
    const person = this.find(ref);
    if (!person) return false;
    this.remove(person);
    return true;
  }

  /** Suppress (C.4): delete the profile and block its identifiers (both, when both are set). */
  suppress(ref: IdentifierRef): void {
    const person = this.find(ref);
    const group = person ? { id: person.id, email: person.email } : { id: ref.kind === 'id' ? ref.value : null, email: ref.kind === 'email' ? ref.value : null };
    if (person) this.remove(person);
    if (group.id !== null || group.email !== null) this.suppressedGroups.push(group);
  }

  /** Unsuppress (C.4): frees the identifiers; the profile is not restored. */
  unsuppress(ref: IdentifierRef): void {
    if (ref.kind === 'cio_id') return;
    this.suppressedGroups = this.suppressedGroups.filter((g) => !(ref.kind === 'id' ? g.id === ref.value : g.email !== null && lower(g.email) === lower(ref.value)));
  }

  /** `POST /unsubscribe/{delivery_id}` (C.4) and a simulated unsubscribe-link click. */
  unsubscribeFromDelivery(deliveryId: string, source: WriteSource): boolean {
    const found = this.findByDelivery(deliveryId);
    if (!found) return false;
    const { person, message } = found;
    const at = this.nowSeconds();
    this.markUnsubscribed(person, at, source, describeRef({ kind: 'cio_id', value: person.cioId }));
    message.metrics.unsubscribed ??= at;
    this.activity(person, 'unsubscribed_email', at, {}, { delivery_id: message.id, delivery_type: 'email' });
    return true;
  }

  /** An unsubscribe that did not come through the Track API (subscription centre, a link without delivery). */
  markUnsubscribed(person: PersonRecord, at: number, source: WriteSource, identifier: string): void {
    const before = person.unsubscribed;
    const changes = this.applyAttributes(person, { unsubscribed: true }, at);
    const record: IdentifyRecord = { at, source, identifier, attributes: { unsubscribed: true }, unsubscribed: true, unsubscribedBefore: before, unsubscribedAfter: true, failures: [] };
    person.history.push(record);
    if (Object.keys(changes).length > 0) this.activity(person, 'attribute_change', at, changes);
    person.updatedAt = at;
  }

  // ---- seeding ------------------------------------------------------------------------------------

  seedPerson(seed: PersonSeed): PersonRecord {
    const at = this.nowSeconds();
    for (const [kind, value] of [['id', seed.id], ['email', seed.email], ['cio_id', seed.cioId]] as const) {
      if (value !== undefined && this.find({ kind, value })) throw new Error(`customerio simulator: a person with ${kind} ${value} already exists`);
    }
    if (seed.id === undefined && seed.email === undefined) throw new Error('customerio simulator: seedPerson needs an id or an email');
    const person = this.create(seed.createdAt ?? at, seed.cioId);
    if (seed.id !== undefined) this.setIdentifier(person, 'id', seed.id, person.createdAt);
    if (seed.email !== undefined) this.setIdentifier(person, 'email', seed.email, person.createdAt);
    const attributes: Record<string, unknown> = { ...seed.attributes };
    if (seed.unsubscribed !== undefined) attributes['unsubscribed'] = seed.unsubscribed;
    this.applyAttributes(person, attributes, person.createdAt);
    person.history.push({
      at: person.createdAt,
      source: 'seed',
      identifier: seed.id ?? seed.email ?? '',
      attributes: structuredClone(attributes),
      ...(seed.unsubscribed !== undefined ? { unsubscribed: seed.unsubscribed } : {}),
      unsubscribedBefore: false,
      unsubscribedAfter: person.unsubscribed,
      failures: [],
    });
    return person;
  }

  seedMessages(person: PersonRecord, seeds: MessageSeed[]): Message[] {
    const now = this.nowSeconds();
    return seeds.map((seed) => {
      const id = seed.id ?? newDeliveryId();
      const created = seed.created ?? seed.sent ?? now;
      const clicked = typeof seed.clicked === 'number' ? { at: seed.clicked, href: 'https://example.com/', linkId: 1 } : seed.clicked;
      const bounced = typeof seed.bounced === 'number' ? { at: seed.bounced } : seed.bounced;
      const bounceType = bounced ? (bounced.type ?? 'hard') : null;
      const fromCampaign = seed.broadcastId === undefined && seed.newsletterId === undefined;
      const message: Message = {
        id,
        deduplicate_id: `${id}:${created}`,
        msg_template_id: seed.templateId ?? null,
        customer_id: person.id,
        customer_identifiers: this.identifiersOf(person),
        campaign_id: fromCampaign ? (seed.campaignId ?? 1) : null,
        action_id: seed.newsletterId !== undefined ? null : (seed.actionId ?? 1),
        broadcast_id: seed.broadcastId ?? null,
        newsletter_id: seed.newsletterId ?? null,
        content_id: seed.contentId ?? null,
        recipient: seed.recipient ?? person.email ?? '',
        subject: seed.subject ?? 'Hello',
        type: 'email',
        created,
        failure_message: bounced ? (bounced.failureMessage ?? DEFAULT_BOUNCE_MESSAGES[bounceType ?? 'hard']) : null,
        forgotten: false,
        metrics: {},
        clicks: clicked ? [{ at: clicked.at, href: clicked.href, link_id: clicked.linkId ?? null }] : [],
        bounceType,
      };
      const metricTimes: Array<[MessageMetric, number | undefined]> = [
        ['sent', seed.sent],
        ['delivered', seed.delivered],
        ['opened', seed.opened],
        ['clicked', clicked?.at],
        ['converted', seed.converted],
        ['bounced', bounced?.at],
        ['spammed', seed.spammed],
        ['unsubscribed', seed.unsubscribed],
        ['dropped', seed.dropped],
        ['failed', seed.failed],
      ];
      for (const [metric, time] of metricTimes) {
        if (time === undefined) continue;
        message.metrics[metric] = time;
        const data: Record<string, unknown> = {};
        if (metric === 'clicked' && clicked) Object.assign(data, { href: clicked.href, link_id: clicked.linkId ?? null });
        if (metric === 'bounced' || metric === 'dropped' || metric === 'failed') data['failure_message'] = message.failure_message;
        this.activity(person, `${metric}_email`, time, data, { delivery_id: id, delivery_type: 'email' });
      }
      person.messages.push(message);
      return message;
    });
  }

  // ---- reading ------------------------------------------------------------------------------------

  snapshot(person: PersonRecord): PersonSnapshot {
    const prefs = person.attributes[PREFERENCES_KEY];
    return {
      cioId: person.cioId,
      id: person.id,
      email: person.email,
      attributes: structuredClone(person.attributes),
      unsubscribed: person.unsubscribed,
      subscriptionPreferences: isRecord(prefs) ? (structuredClone(prefs) as { topics: Record<string, unknown> }) : null,
      timestamps: { ...person.timestamps },
      createdAt: person.createdAt,
      updatedAt: person.updatedAt,
    };
  }

  identifiersOf(person: PersonRecord): { id: string | null; email: string | null; cio_id: string } {
    return { id: person.id, email: person.email, cio_id: person.cioId };
  }

  /** `customer.attributes` of the App API (C.7): every value a string, identifiers included. */
  appAttributes(person: PersonRecord): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(person.attributes)) out[k] = attributeAsString(v);
    out['cio_id'] = person.cioId;
    if (person.id !== null) out['id'] = person.id;
    if (person.email !== null) out['email'] = person.email;
    return out;
  }

  // ---- internals ----------------------------------------------------------------------------------

  private create(at: number, cioId?: string): PersonRecord {
    this.cioCounter += 1;
    const person: PersonRecord = {
      cioId: cioId ?? `d9c1${this.cioCounter.toString(16).padStart(8, '0')}`,
      id: null,
      email: null,
      attributes: {},
      timestamps: { cio_id: at },
      unsubscribed: false,
      createdAt: at,
      updatedAt: at,
      events: [],
      messages: [],
      activities: [],
      history: [],
    };
    this.byCio.set(person.cioId, person);
    return person;
  }

  private remove(person: PersonRecord): void {
    this.byCio.delete(person.cioId);
    if (person.id !== null) this.byId.delete(person.id);
    if (person.email !== null) this.byEmail.delete(lower(person.email));
  }

  private setIdentifier(person: PersonRecord, kind: IdentifierKind, value: string, at: number = this.nowSeconds()): void {
    if (kind === 'cio_id') return;
    if (kind === 'id') {
      if (person.id !== null) this.byId.delete(person.id);
      person.id = value;
      this.byId.set(value, person);
    } else {
      if (person.email !== null) this.byEmail.delete(lower(person.email));
      person.email = value;
      this.byEmail.set(lower(value), person);
    }
    person.timestamps[kind] = at;
  }

  /** Applies non-identifier attributes; returns `{name: {from, to}}` of what changed. */
  private applyAttributes(person: PersonRecord, attributes: Record<string, unknown>, at: number): Record<string, { from: string; to: string }> {
    const changes: Record<string, { from: string; to: string }> = {};
    // C.2 `_timestamp` orders updates sent in rapid succession: an older one does not overwrite a newer.
    const stamp = typeof attributes['_timestamp'] === 'number' ? attributes['_timestamp'] : at;
    const str = (v: unknown): string => (v === undefined ? '' : attributeAsString(v));
    for (const [key, value] of Object.entries(attributes)) {
      if (key === 'id' || key === 'email' || CONTROL_KEYS.has(key)) continue;
      const root = isPreferencesKey(key) ? PREFERENCES_KEY : key;
      if ((person.timestamps[root] ?? -Infinity) > stamp) continue;
      const before = person.attributes[root];
      if (key === 'unsubscribed') {
        person.unsubscribed = parseUnsubscribed(value);
        person.attributes['unsubscribed'] = person.unsubscribed;
      } else if (key.startsWith(`${PREFERENCES_KEY}.`)) {
        // Dot notation changes one topic and keeps the others (C.2).
        const path = key.slice(PREFERENCES_KEY.length + 1).split('.');
        const prefs = isRecord(before) ? structuredClone(before) : {};
        let node: Record<string, unknown> = prefs;
        for (const part of path.slice(0, -1)) {
          const next = node[part];
          node[part] = isRecord(next) ? next : {};
          node = node[part] as Record<string, unknown>;
        }
        node[path[path.length - 1] ?? ''] = value;
        person.attributes[PREFERENCES_KEY] = prefs;
      } else if (value === null && NULL_REMOVES_ATTRIBUTE) {
        delete person.attributes[key];
      } else {
        person.attributes[key] = structuredClone(value);
      }
      person.timestamps[root] = stamp;
      const after = person.attributes[root];
      if (str(before) !== str(after)) changes[root] = { from: str(before), to: str(after) };
    }
    return changes;
  }

  private activity(person: PersonRecord, type: string, timestamp: number, data: Record<string, unknown>, extra: Partial<Pick<Activity, 'name' | 'delivery_id' | 'delivery_type'>> = {}): void {
    person.activities.push({
      id: newUlid(timestamp * 1000),
      customer_id: person.id,
      customer_identifiers: this.identifiersOf(person),
      type,
      timestamp,
      ...extra,
      data: structuredClone(data),
    });
  }
}

export type { PersonRecord };
