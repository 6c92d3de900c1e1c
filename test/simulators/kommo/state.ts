import { applyCustomFields, defaultCustomFields, parseCustomFieldsPatch } from './customFields.ts';
import type {
  Contact,
  CustomFieldDefinition,
  CustomFieldType,
  CustomFieldValue,
  EntityKind,
  Lead,
  LeadContactLink,
  Note,
  Task,
  Webhook,
} from './types.ts';

/** The user every token acts as (ids agree with the webhook fixtures). */
export const CURRENT_USER_ID = 8000001;

export interface PipelineStatus {
  id: number;
  name: string;
  sort: number;
  is_editable: boolean;
  color: string;
  type: 0 | 1;
}

// One pipeline with Kommo's system stages: 142 won / 143 lost exist in every pipeline (reference §4.1);
// 67548607 → 67548619 is the move seen in the status webhook fixtures.
export const PIPELINE = {
  id: 8572511,
  name: 'Sales pipeline',
  statuses: [
    { id: 67548603, name: 'Incoming leads', sort: 10, is_editable: false, color: '#c1c1c1', type: 1 },
    { id: 67548607, name: 'Initial contact', sort: 20, is_editable: true, color: '#99ccff', type: 0 },
    { id: 67548611, name: 'Discussions', sort: 30, is_editable: true, color: '#ffff99', type: 0 },
    { id: 67548615, name: 'Decision making', sort: 40, is_editable: true, color: '#ffcc66', type: 0 },
    { id: 67548619, name: 'Contract discussion', sort: 50, is_editable: true, color: '#ff8f92', type: 0 },
    { id: 142, name: 'Closed - won', sort: 10000, is_editable: false, color: '#CCFF66', type: 0 },
    { id: 143, name: 'Closed - lost', sort: 11000, is_editable: false, color: '#D5D8DB', type: 0 },
  ] satisfies PipelineStatus[],
} as const;

export const DEFAULT_STATUS_ID = 67548607;
export const CLOSED_STATUS_IDS: readonly number[] = [142, 143];

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export type ContactLinkSeed = number | { id: number; is_main?: boolean };

export interface LeadSeed extends Partial<Omit<Lead, 'contacts' | 'custom_fields_values'>> {
  contacts?: ContactLinkSeed[];
  /** Wire format (`field_id` or `field_code` + `values`), validated like a PATCH. */
  custom_fields_values?: unknown[];
}

export interface ContactSeed extends Partial<Omit<Contact, 'leads' | 'custom_fields_values'>> {
  leads?: number[];
  /** Shorthand for the EMAIL multitext field (enum WORK). */
  email?: string | string[];
  /** Shorthand for the PHONE multitext field (enum WORK). */
  phone?: string | string[];
  custom_fields_values?: unknown[];
}

export interface CustomFieldSeed {
  id: number;
  name: string;
  type: CustomFieldType;
  code?: string | null;
  enums?: Array<{ id: number; value: string }>;
}

export class KommoState {
  readonly leads = new Map<number, Lead>();
  readonly contacts = new Map<number, Contact>();
  readonly notes: Note[] = [];
  readonly tasks: Task[] = [];
  readonly webhooks: Webhook[] = [];
  readonly customFields: Record<EntityKind, CustomFieldDefinition[]> = defaultCustomFields();
  private readonly counters = { leads: 15400000, contacts: 17700000, notes: 4700000, tasks: 3100000, webhooks: 1000 };

  constructor(readonly accountId: number) {}

  nextId(kind: keyof KommoState['counters']): number {
    this.counters[kind] += 1;
    return this.counters[kind];
  }

  private bump(kind: keyof KommoState['counters'], id: number): void {
    if (id > this.counters[kind]) this.counters[kind] = id;
  }

  /** Strictly increasing per entity, so a PATCH within the same second still changes updated_at. */
  static touch(previous: number): number {
    return Math.max(nowSeconds(), previous + 1);
  }

  private seedCustomFields(kind: EntityKind, input: unknown[] | undefined): CustomFieldValue[] {
    if (input === undefined) return [];
    const parsed = parseCustomFieldsPatch(this.customFields[kind], input);
    if (!parsed.ok) throw new Error(`Invalid custom_fields_values seed for ${kind}: ${JSON.stringify(parsed.errors)}`);
    return applyCustomFields([], parsed);
  }

  addLead(seed: LeadSeed = {}): Lead {
    const id = seed.id ?? this.nextId('leads');
    if (this.leads.has(id)) throw new Error(`Lead ${id} already exists`);
    this.bump('leads', id);
    const now = nowSeconds();
    const { contacts: contactSeeds, custom_fields_values: cfv, ...rest } = seed;
    const status = rest.status_id ?? DEFAULT_STATUS_ID;
    const lead: Lead = {
      name: `Lead #${id}`,
      price: 0,
      responsible_user_id: CURRENT_USER_ID,
      group_id: 0,
      pipeline_id: PIPELINE.id,
      loss_reason_id: null,
      created_by: CURRENT_USER_ID,
      updated_by: CURRENT_USER_ID,
      created_at: rest.updated_at !== undefined ? Math.min(now, rest.updated_at) : now,
      updated_at: now,
      closed_at: CLOSED_STATUS_IDS.includes(status) ? now : null,
      closest_task_at: null,
      is_deleted: false,
      score: null,
      account_id: this.accountId,
      labor_cost: null,
      ...rest,
      id,
      status_id: status,
      custom_fields_values: this.seedCustomFields('leads', cfv),
      contacts: [],
    };
    this.leads.set(id, lead);
    for (const c of contactSeeds ?? []) {
      const link = typeof c === 'number' ? { id: c } : c;
      this.link(id, link.id, link.is_main);
    }
    // Contacts seeded earlier that already name this lead.
    for (const contact of this.contacts.values()) {
      if (contact.leads.includes(id)) this.link(id, contact.id);
    }
    return lead;
  }

  addContact(seed: ContactSeed = {}): Contact {
    const id = seed.id ?? this.nextId('contacts');
    if (this.contacts.has(id)) throw new Error(`Contact ${id} already exists`);
    this.bump('contacts', id);
    const now = nowSeconds();
    const { leads: leadIds, email, phone, custom_fields_values: cfv, ...rest } = seed;
    const toList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
    const shorthand: unknown[] = [];
    if (phone !== undefined) shorthand.push({ field_code: 'PHONE', values: toList(phone).map((value) => ({ value, enum_code: 'WORK' })) });
    if (email !== undefined) shorthand.push({ field_code: 'EMAIL', values: toList(email).map((value) => ({ value, enum_code: 'WORK' })) });
    const [firstFromName = '', ...lastFromName] = (rest.name ?? '').split(' ');
    const first = rest.first_name ?? firstFromName;
    const last = rest.last_name ?? lastFromName.join(' ');
    const contact: Contact = {
      responsible_user_id: CURRENT_USER_ID,
      group_id: 0,
      created_by: CURRENT_USER_ID,
      updated_by: CURRENT_USER_ID,
      created_at: now,
      updated_at: now,
      closest_task_at: null,
      is_deleted: false,
      is_unsorted: false,
      account_id: this.accountId,
      ...rest,
      id,
      name: rest.name ?? ([first, last].filter(Boolean).join(' ') || `Contact #${id}`),
      first_name: first,
      last_name: last,
      custom_fields_values: this.seedCustomFields('contacts', [...shorthand, ...(cfv ?? [])]),
      leads: [],
    };
    this.contacts.set(id, contact);
    for (const leadId of leadIds ?? []) this.link(leadId, id);
    for (const lead of this.leads.values()) {
      if (lead.contacts.some((c) => c.id === id)) this.link(lead.id, id);
    }
    return contact;
  }

  /**
   * Keeps Lead.contacts and Contact.leads in sync; either side may not exist yet (seed order is free).
   * The first contact linked to a lead becomes its main contact unless told otherwise.
   */
  link(leadId: number, contactId: number, isMain?: boolean): void {
    const lead = this.leads.get(leadId);
    const contact = this.contacts.get(contactId);
    if (lead) {
      const existing: LeadContactLink | undefined = lead.contacts.find((c) => c.id === contactId);
      const main = isMain ?? existing?.is_main ?? lead.contacts.length === 0;
      if (main) for (const c of lead.contacts) c.is_main = false;
      if (existing) existing.is_main = main;
      else lead.contacts.push({ id: contactId, is_main: main });
    }
    if (contact && !contact.leads.includes(leadId)) contact.leads.push(leadId);
  }

  addCustomField(kind: EntityKind, seed: CustomFieldSeed): CustomFieldDefinition {
    const list = this.customFields[kind];
    if (list.some((d) => d.id === seed.id)) throw new Error(`Custom field ${seed.id} already exists on ${kind}`);
    const def: CustomFieldDefinition = {
      id: seed.id,
      name: seed.name,
      type: seed.type,
      code: seed.code ?? null,
      sort: 500 + list.length,
      enums: seed.enums ? seed.enums.map((e, i) => ({ ...e, sort: i + 1 })) : null,
    };
    list.push(def);
    return def;
  }
}
