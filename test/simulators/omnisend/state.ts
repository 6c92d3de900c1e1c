import { randomBytes } from 'node:crypto';
import { channelOf, type ChannelName, type ChannelState, type ChannelStatus, type ContactWrite, type IdentifierType, type IdentifierWrite, type StatusChange, type StoredContact, type StoredIdentifier, type WelcomeMessage } from './model.ts';
import { decideChannelWrite } from './statusRule.ts';
import { nowMs, rfc3339 } from './time.ts';

export interface StateOptions {
  /**
   * Whether the brand has an active welcome workflow. sendWelcomeMessage "takes effect only if the welcome
   * workflow is enabled" (reference §A.2); on by default so that a bridge that leaves the flag at its
   * 2026 default (true) is caught.
   */
  welcomeWorkflowEnabled: boolean;
  /**
   * What `tags` on a POST/PATCH for an existing contact does. [UNCERTAIN] (reference §A.2: "whether PATCH
   * replaces or appends tags" is not stated). Default 'merge' (append): a bridge must remove tags through
   * DELETE /contacts/tags, which works whichever way the real API behaves.
   */
  tagsOnUpdate: 'merge' | 'replace';
}

export interface UnknownFieldsNote {
  via: string;
  fields: string[];
  at: string;
}

/** Contacts and the audit trails tests assert on. Email and phone lookups are exact (case-sensitive). */
export class OmnisendState {
  readonly contacts = new Map<string, StoredContact>();
  readonly statusChanges: StatusChange[] = [];
  readonly welcomeMessages: WelcomeMessage[] = [];
  readonly unknownFields: UnknownFieldsNote[] = [];
  private counter = 0;
  private readonly machine = randomBytes(5).toString('hex');

  constructor(readonly options: StateOptions) {}

  /** A 24-hex id like Omnisend's ("60a6170920d91c215e949b5c"), increasing with creation. */
  newId(): string {
    this.counter += 1;
    const seconds = Math.floor(nowMs() / 1000).toString(16).padStart(8, '0');
    return `${seconds}${this.machine}${this.counter.toString(16).padStart(6, '0')}`.slice(0, 24);
  }

  get(id: string): StoredContact | undefined {
    return this.contacts.get(id);
  }

  ownerOf(type: IdentifierType, id: string): StoredContact | undefined {
    for (const c of this.contacts.values()) if (c.identifiers.some((i) => i.type === type && i.id === id)) return c;
    return undefined;
  }

  byEmail(email: string): StoredContact | undefined {
    return this.ownerOf('email', email);
  }

  byPhone(phone: string): StoredContact | undefined {
    return this.ownerOf('phone', phone);
  }

  noteUnknownFields(via: string, fields: string[]): void {
    if (fields.length > 0) this.unknownFields.push({ via, fields, at: rfc3339(nowMs()) });
  }

  /** A new, empty contact (not stored until `insert`). */
  blank(at = nowMs()): StoredContact {
    return { id: this.newId(), identifiers: [], profile: {}, tags: [], customProperties: {}, segments: [], optIns: [], consents: [], createdAt: at, updatedAt: at };
  }

  insert(contact: StoredContact): void {
    this.contacts.set(contact.id, contact);
  }

  /** updatedAt strictly increases per contact, so every write is visible to an updatedAtFrom poll. */
  touch(contact: StoredContact, at = nowMs()): void {
    contact.updatedAt = Math.max(at, contact.updatedAt + 1);
  }

  /** Runs one channel status through the newest-date-wins rule and records what happened. */
  writeStatus(contact: StoredContact, identifier: StoredIdentifier | undefined, type: IdentifierType, id: string, requested: ChannelState, via: string): StoredIdentifier {
    const channel: ChannelName = channelOf(type);
    const { next, outcome } = decideChannelWrite(identifier?.channel, requested);
    const target = identifier ?? { type, id, channel: next };
    const from = identifier ? identifier.channel.status : null;
    target.channel = next;
    this.statusChanges.push({
      contactId: contact.id,
      identifier: id,
      channel,
      from,
      requested: requested.status,
      requestedChangedAt: rfc3339(requested.changedAt),
      to: next.status,
      outcome,
      via,
      at: rfc3339(nowMs()),
    });
    if (next.status === 'subscribed' && from !== 'subscribed' && outcome !== 'ignored-older') contact.optIns.push({ channel, optInAt: next.changedAt });
    return target;
  }

  private writeIdentifier(contact: StoredContact, w: IdentifierWrite, via: string): void {
    const existing = contact.identifiers.find((i) => i.type === w.type && i.id === w.id);
    if (existing) {
      if (w.status) this.writeStatus(contact, existing, w.type, w.id, w.status, via);
      if (w.source !== undefined) existing.source = w.source;
    } else {
      // A new identifier without a status starts as nonSubscribed ("status is unknown", §A.3), dated now.
      const requested = w.status ?? { status: 'nonSubscribed' as ChannelStatus, changedAt: nowMs() };
      const added = this.writeStatus(contact, undefined, w.type, w.id, requested, via);
      if (w.source !== undefined) added.source = w.source;
      contact.identifiers.push(added);
      // sendWelcomeMessage defaults to true in 2026-03-15 (reference §A.2). [UNCERTAIN] which writes start
      // the welcome workflow; modelled as: a new identifier with the effective flag on.
      if ((w.sendWelcomeMessage ?? true) && this.options.welcomeWorkflowEnabled) {
        this.welcomeMessages.push({
          contactId: contact.id,
          identifierType: w.type,
          identifier: w.id,
          sendWelcomeMessageSent: w.sendWelcomeMessage,
          channelStatus: added.channel.status,
          via,
          at: rfc3339(nowMs()),
        });
      }
    }
    if (w.consent) contact.consents.push({ channel: channelOf(w.type), ...w.consent });
  }

  /**
   * Applies a validated write. Identifiers that belong to another contact are ignored ("Two contacts cannot
   * share same identifier … the system will ignore the identifier", §A.2); callers that must answer 409
   * check `ownerOf` first.
   */
  applyWrite(contact: StoredContact, write: ContactWrite, via: string, isNew: boolean): void {
    for (const w of write.identifiers) {
      const owner = this.ownerOf(w.type, w.id);
      if (owner && owner.id !== contact.id) continue;
      this.writeIdentifier(contact, w, via);
    }
    Object.assign(contact.profile, write.profile);
    if (write.tags) {
      contact.tags = isNew || this.options.tagsOnUpdate === 'merge' ? [...new Set([...contact.tags, ...write.tags])] : [...new Set(write.tags)];
    }
    if (write.customProperties) Object.assign(contact.customProperties, write.customProperties);
    if (!isNew) this.touch(contact);
  }

  addTags(contact: StoredContact, tags: string[]): void {
    contact.tags = [...new Set([...contact.tags, ...tags])];
    this.touch(contact);
  }

  removeTags(contact: StoredContact, tags: string[]): void {
    const drop = new Set(tags);
    contact.tags = contact.tags.filter((t) => !drop.has(t));
    this.touch(contact);
  }

  /**
   * A status change made inside Omnisend (footer unsubscribe, admin edit): applied as the person's own
   * act at `at`, whatever was stored, and updatedAt moves so a poll finds it.
   */
  setInApp(contact: StoredContact, type: IdentifierType, status: ChannelStatus, at: number, via: string): void {
    const identifier = contact.identifiers.find((i) => i.type === type);
    if (!identifier) throw new Error(`Contact ${contact.id} has no ${type} identifier`);
    const from = identifier.channel.status;
    identifier.channel = { status, changedAt: at };
    this.statusChanges.push({
      contactId: contact.id,
      identifier: identifier.id,
      channel: channelOf(type),
      from,
      requested: status,
      requestedChangedAt: rfc3339(at),
      to: status,
      outcome: from === status ? 'unchanged' : 'changed',
      via,
      at: rfc3339(nowMs()),
    });
    this.touch(contact);
  }
}
