import { randomUUID } from 'node:crypto';
import { replaceCustomFields, valuesByName } from './customFields.ts';
import type { MoosendTraps } from './traps.ts';
import {
  SUBSCRIBE_TYPE,
  type ChangeSource,
  type CustomFieldDefinition,
  type CustomFieldType,
  type HistoryEntry,
  type MailingList,
  type Member,
  type SubscribeMethod,
  type SubscribeStatus,
  type SubscribeType,
} from './types.ts';

export const statusName = (t: SubscribeType): SubscribeStatus =>
  (Object.keys(SUBSCRIBE_TYPE) as SubscribeStatus[]).find((k) => SUBSCRIBE_TYPE[k] === t) ?? 'Subscribed';

/** Moosend's email matching is not documented (D); case-insensitive, as the lower-cased echo in B.4 suggests. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export interface UpsertInput {
  email: string;
  name?: string | undefined;
  /** Parsed `CustomFields`; the request's complete set (see replaceCustomFields). */
  fields: Array<[string, string]>;
  /** undefined: the request had no `Tags`. */
  tags?: string[] | undefined;
  preferences?: string[] | undefined;
}

export interface CustomFieldSeed {
  id?: string;
  name: string;
  type?: CustomFieldType;
  isRequired?: boolean;
  isHidden?: boolean;
  options?: string[];
}

export interface SeedSubscriberInput {
  email: string;
  name?: string | null;
  /** Field name → value; the fields must exist on the list. */
  customFields?: Record<string, string>;
  tags?: string[];
  preferences?: string[];
  status?: SubscribeStatus;
  subscribeMethod?: SubscribeMethod;
  createdOn?: number;
  /** When an Unsubscribed/Bounced/Removed seed left Subscribed; default createdOn. */
  statusChangedOn?: number;
  unsubscribedFromId?: string | null;
}

export class MoosendState {
  readonly lists = new Map<string, MailingList>();
  /** listId → normalized email → member. */
  private readonly members = new Map<string, Map<string, Member>>();
  /** `${listId}\n${email}` → entries, kept after a member is deleted. */
  private readonly histories = new Map<string, HistoryEntry[]>();
  private seq = 0;

  constructor(
    readonly now: () => number,
    readonly traps: MoosendTraps,
  ) {}

  addList(seed: { id?: string; name: string; customFields?: CustomFieldSeed[]; createdOn?: number }): MailingList {
    const id = seed.id ?? randomUUID();
    if (this.lists.has(id)) throw new Error(`Mailing list ${id} already exists`);
    const at = seed.createdOn ?? this.now();
    const list: MailingList = {
      id,
      name: seed.name,
      createdOn: at,
      updatedOn: at,
      customFields: [],
      confirmationPage: null,
      redirectAfterUnsubscribePage: null,
    };
    this.lists.set(id, list);
    this.members.set(id, new Map());
    for (const f of seed.customFields ?? []) this.addCustomField(list, f);
    return list;
  }

  addCustomField(list: MailingList, seed: CustomFieldSeed): CustomFieldDefinition {
    if (list.customFields.some((f) => f.name.toLowerCase() === seed.name.toLowerCase())) {
      throw new Error(`Custom field "${seed.name}" already exists in list ${list.id}`);
    }
    const def: CustomFieldDefinition = {
      id: seed.id ?? randomUUID(),
      name: seed.name,
      type: seed.type ?? 'Text',
      isRequired: seed.isRequired ?? false,
      isHidden: seed.isHidden ?? false,
      options: seed.options ?? [],
    };
    list.customFields.push(def);
    list.updatedOn = this.now();
    return def;
  }

  list(id: string): MailingList | undefined {
    return this.lists.get(id);
  }

  requireList(id: string): MailingList {
    const list = this.lists.get(id);
    if (!list) throw new Error(`No mailing list ${id} in the Moosend simulator`);
    return list;
  }

  member(listId: string, email: string): Member | undefined {
    return this.members.get(listId)?.get(normalizeEmail(email));
  }

  requireMember(listId: string, email: string): Member {
    const m = this.member(listId, email);
    if (!m) throw new Error(`No member ${email} in mailing list ${listId}`);
    return m;
  }

  memberById(listId: string, id: string): Member | undefined {
    for (const m of this.members.get(listId)?.values() ?? []) if (m.id === id) return m;
    return undefined;
  }

  membersOf(listId: string): Member[] {
    return [...(this.members.get(listId)?.values() ?? [])];
  }

  /** Every membership of this email, across lists. */
  memberships(email: string): Member[] {
    const key = normalizeEmail(email);
    const out: Member[] = [];
    for (const byEmail of this.members.values()) {
      const m = byEmail.get(key);
      if (m) out.push(m);
    }
    return out;
  }

  history(listId: string, email: string): HistoryEntry[] {
    return this.histories.get(`${listId}\n${normalizeEmail(email)}`) ?? [];
  }

  /** Every history, for assertions across the whole account. */
  allHistories(): Array<{ listId: string; email: string; entries: HistoryEntry[] }> {
    return [...this.histories.entries()].map(([key, entries]) => {
      const [listId = '', email = ''] = key.split('\n');
      return { listId, email, entries };
    });
  }

  private record(listId: string, email: string, entry: HistoryEntry): void {
    const key = `${listId}\n${normalizeEmail(email)}`;
    const list = this.histories.get(key) ?? [];
    list.push(entry);
    this.histories.set(key, list);
  }

  private create(list: MailingList, email: string, method: SubscribeMethod, source: ChangeSource, at: number): Member {
    const member: Member = {
      id: randomUUID(),
      listId: list.id,
      email: normalizeEmail(email),
      name: null,
      createdOn: at,
      updatedOn: at,
      unsubscribedOn: null,
      unsubscribedFromId: null,
      removedOn: null,
      subscribeType: SUBSCRIBE_TYPE.Subscribed,
      subscribeMethod: method,
      fieldValues: new Map(),
      tags: [],
      preferences: [],
      seq: ++this.seq,
    };
    this.members.get(list.id)?.set(member.email, member);
    this.record(list.id, member.email, { kind: 'status', at, source, from: null, to: 'Subscribed' });
    return member;
  }

  /** Writes name, fields and tags the way subscribe/update do (fields replaced, B.4). */
  private write(list: MailingList, member: Member, input: UpsertInput, source: ChangeSource, at: number): void {
    if (input.name !== undefined) member.name = input.name;
    const fields = replaceCustomFields(list, member, input.fields);
    this.record(list.id, member.email, { kind: 'fields', at, source, ...fields });
    const tagsBefore = [...member.tags];
    if (input.tags !== undefined) member.tags = [...new Set(input.tags)];
    else if (this.traps.omittedTagsCleared) member.tags = [];
    if (tagsBefore.join('\n') !== member.tags.join('\n')) {
      this.record(list.id, member.email, { kind: 'tags', at, source, before: tagsBefore, after: [...member.tags] });
    }
    if (input.preferences !== undefined) member.preferences = [...input.preferences];
    member.updatedOn = at;
  }

  /**
   * subscribe.json / subscribe_many.json (B.4): add, or update an existing member — and, the trap,
   * put an unsubscribed (bounced, removed) member back to Subscribed.
   */
  upsert(list: MailingList, input: UpsertInput, source: ChangeSource, method: SubscribeMethod): Member {
    const at = this.now();
    const existing = this.member(list.id, input.email);
    const member = existing ?? this.create(list, input.email, method, source, at);
    this.write(list, member, input, source, at);
    if (existing && existing.subscribeType !== SUBSCRIBE_TYPE.Subscribed && this.traps.resubscribes.includes(statusName(existing.subscribeType))) {
      this.setStatus(existing, 'Subscribed', source, { at });
    }
    return member;
  }

  /** update/{SubscriberID}.json: same body as subscribe; the status is left alone [UNCERTAIN]. */
  update(list: MailingList, member: Member, input: UpsertInput, source: ChangeSource): Member {
    const at = this.now();
    const newEmail = normalizeEmail(input.email);
    if (newEmail !== member.email) {
      const byEmail = this.members.get(list.id);
      byEmail?.delete(member.email);
      member.email = newEmail;
      byEmail?.set(newEmail, member);
    }
    this.write(list, member, input, source, at);
    return member;
  }

  setStatus(member: Member, to: SubscribeStatus, source: ChangeSource, extra: { at?: number; fromId?: string | null } = {}): void {
    const at = extra.at ?? this.now();
    const from = statusName(member.subscribeType);
    member.subscribeType = SUBSCRIBE_TYPE[to];
    member.updatedOn = at;
    if (to === 'Subscribed') {
      member.unsubscribedOn = null;
      member.unsubscribedFromId = null;
      member.removedOn = null;
    } else if (to === 'Unsubscribed') {
      member.unsubscribedOn = at;
      member.unsubscribedFromId = extra.fromId ?? null;
    } else if (to === 'Removed') {
      member.removedOn = at;
    }
    this.record(member.listId, member.email, { kind: 'status', at, source, from, to });
  }

  delete(member: Member, source: ChangeSource): void {
    this.members.get(member.listId)?.delete(member.email);
    this.record(member.listId, member.email, { kind: 'status', at: this.now(), source, from: statusName(member.subscribeType), to: null });
  }

  /** A member as a person or an import put them there: no trap semantics, history says 'seed'. */
  seed(list: MailingList, seed: SeedSubscriberInput): Member {
    if (this.member(list.id, seed.email)) throw new Error(`${seed.email} is already in list ${list.id}`);
    const createdOn = seed.createdOn ?? this.now();
    const member = this.create(list, seed.email, seed.subscribeMethod ?? 2, 'seed', createdOn);
    member.name = seed.name ?? null;
    member.tags = [...(seed.tags ?? [])];
    member.preferences = [...(seed.preferences ?? [])];
    for (const [name, value] of Object.entries(seed.customFields ?? {})) {
      const def = list.customFields.find((f) => f.name.toLowerCase() === name.toLowerCase());
      if (!def) throw new Error(`List ${list.id} has no custom field "${name}" (seed it with seedList first)`);
      member.fieldValues.set(def.id, value);
    }
    const status = seed.status ?? 'Subscribed';
    if (status !== 'Subscribed') {
      this.setStatus(member, status, 'seed', { at: seed.statusChangedOn ?? createdOn, fromId: seed.unsubscribedFromId ?? null });
    }
    return member;
  }

  fieldValues(listId: string, email: string): Record<string, string> | undefined {
    const list = this.lists.get(listId);
    const member = this.member(listId, email);
    return list && member ? valuesByName(list, member) : undefined;
  }
}
