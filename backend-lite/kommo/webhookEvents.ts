import { z } from 'zod';
import { MalformedWebhookBody } from './malformedWebhookBody.ts';
import type { NestedObject, NestedValue } from './webhookForm.ts';

export const MAX_ENTITIES_PER_WEBHOOK = 500;

export type CustomFieldValue = {
  id: number;
  name: string | undefined;
  code: string | undefined;
  values: { value: string; enumId: number | undefined }[];
};

export type LeadAction = 'add' | 'update' | 'status' | 'responsible' | 'restore';
export type ContactAction = 'add' | 'update' | 'restore' | 'responsible';

export type LeadEvent = {
  kind: 'lead';
  action: LeadAction;
  leadId: number;
  statusId: number | undefined;
  oldStatusId: number | undefined;
  pipelineId: number | undefined;
  oldPipelineId: number | undefined;
  price: number | undefined;
  responsibleUserId: number | undefined;
  modifiedUserId: number | undefined;
  updatedAt: number | undefined;
  customFields: CustomFieldValue[];
};

export type LeadDeletedEvent = {
  kind: 'lead-deleted';
  leadId: number;
  statusId: number | undefined;
  pipelineId: number | undefined;
};

export type ContactEvent = {
  kind: 'contact';
  action: ContactAction;
  contactId: number;
  type: 'contact' | 'company';
  name: string | undefined;
  responsibleUserId: number | undefined;
  modifiedUserId: number | undefined;
  updatedAt: number | undefined;
  customFields: CustomFieldValue[];
};

export type KommoEvent = LeadEvent | LeadDeletedEvent | ContactEvent;

/** Entities the body carried that we do not act on; the caller stores them and moves on. */
export type IgnoredEntities = { entity: string; action: string; count: number };

export type KommoWebhook = {
  account: { subdomain: string; id: number | undefined };
  events: KommoEvent[];
  ignored: IgnoredEntities[];
};

const NOT_SINGLE = 'must be a single value, not a nested group';
const NOT_LIST = 'must be a list of indexed entries ([0], [1], …)';
const NOT_GROUP = 'must be a group of fields ([id], …), not a single value';

// Kommo posts every value as a string (reference §4.1); PHP's form encoder turns null into ''.
const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

const entityId = z
  .string({ error: NOT_SINGLE })
  .regex(/^[1-9][0-9]{0,14}$/, 'must be a positive whole number')
  .transform(Number);
const optionalWholeNumber = z.preprocess(
  blankToUndefined,
  z.string({ error: NOT_SINGLE }).regex(/^[0-9]{1,15}$/, 'must be a whole number').transform(Number).optional(),
);
const optionalAmount = z.preprocess(
  blankToUndefined,
  z
    .string({ error: NOT_SINGLE })
    .regex(/^[0-9]{1,15}(\.[0-9]{1,6})?$/, 'must be a number such as 1500 or 1500.50')
    .transform(Number)
    .optional(),
);
const optionalText = z.string({ error: NOT_SINGLE }).optional();
const list = <T extends z.ZodType>(item: T) => z.preprocess(blankToUndefined, z.array(item, { error: NOT_LIST }).default([]));

// Some field types (legal entity, for one) send a group as the value; keep it as JSON rather than fail the whole webhook.
const fieldText = z.preprocess(
  (value) => (value === undefined || typeof value === 'string' ? value : JSON.stringify(value)),
  z.string().default(''),
);

// Reference §4.1: a value arrives as values[0][value]=…&values[0][enum]=… or bare, as values[0]=1725915600.
const customFieldValue = z.preprocess(
  (value) => (typeof value === 'string' ? { value } : value),
  z
    .object({ value: fieldText, enum: optionalWholeNumber }, { error: NOT_GROUP })
    .transform(({ value, enum: enumId }) => ({ value, enumId })),
);

const customField = z
  .object({ id: entityId, name: optionalText, code: optionalText, values: list(customFieldValue) }, { error: NOT_GROUP })
  .transform(({ id, name, code, values }): CustomFieldValue => ({ id, name, code, values }));

// updated_at is in the documented payloads; older captures carry only last_modified (reference §4.1).
const timestamps = { updated_at: optionalWholeNumber, last_modified: optionalWholeNumber };

const leadSchema = z.object(
  {
    id: entityId,
    status_id: optionalWholeNumber,
    old_status_id: optionalWholeNumber,
    pipeline_id: optionalWholeNumber,
    // Seen in Digital Pipeline status hooks; account hooks may omit it (reference §4.1, §4.3).
    old_pipeline_id: optionalWholeNumber,
    price: optionalAmount,
    responsible_user_id: optionalWholeNumber,
    modified_user_id: optionalWholeNumber,
    ...timestamps,
    custom_fields: list(customField),
  },
  { error: NOT_GROUP },
);

const leadDeletedSchema = z.object(
  { id: entityId, status_id: optionalWholeNumber, pipeline_id: optionalWholeNumber },
  { error: NOT_GROUP },
);

const contactSchema = z.object(
  {
    id: entityId,
    name: optionalText,
    // Companies arrive under `contacts` and differ only by type (reference §4.1).
    type: z.preprocess(
      blankToUndefined,
      z.enum(['contact', 'company'], { error: 'must be "contact" or "company"' }).default('contact'),
    ),
    responsible_user_id: optionalWholeNumber,
    modified_user_id: optionalWholeNumber,
    ...timestamps,
    custom_fields: list(customField),
  },
  { error: NOT_GROUP },
);

const accountSchema = z.object({
  subdomain: z
    .string({ error: NOT_SINGLE })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'is not a Kommo subdomain (letters, digits and "-")'),
  id: optionalWholeNumber,
});

type EntityParser = (raw: NestedValue, path: string) => KommoEvent;

const leadParser =
  (action: LeadAction): EntityParser =>
  (raw, path) => {
    const lead = parseAt(leadSchema, raw, path);
    return {
      kind: 'lead',
      action,
      leadId: lead.id,
      statusId: lead.status_id,
      oldStatusId: lead.old_status_id,
      pipelineId: lead.pipeline_id,
      oldPipelineId: lead.old_pipeline_id,
      price: lead.price,
      responsibleUserId: lead.responsible_user_id,
      modifiedUserId: lead.modified_user_id,
      updatedAt: lead.updated_at ?? lead.last_modified,
      customFields: lead.custom_fields,
    };
  };

const leadDeletedParser: EntityParser = (raw, path) => {
  const lead = parseAt(leadDeletedSchema, raw, path);
  return { kind: 'lead-deleted', leadId: lead.id, statusId: lead.status_id, pipelineId: lead.pipeline_id };
};

const contactParser =
  (action: ContactAction): EntityParser =>
  (raw, path) => {
    const contact = parseAt(contactSchema, raw, path);
    return {
      kind: 'contact',
      action,
      contactId: contact.id,
      type: contact.type,
      name: contact.name,
      responsibleUserId: contact.responsible_user_id,
      modifiedUserId: contact.modified_user_id,
      updatedAt: contact.updated_at ?? contact.last_modified,
      customFields: contact.custom_fields,
    };
  };

const leadActions: LeadAction[] = ['add', 'update', 'status', 'responsible', 'restore'];
const contactActions: ContactAction[] = ['add', 'update', 'restore', 'responsible'];

// Anything not listed here (notes, contact deletes, tasks, messages, talks, unsorted, catalogs…) is ignored, not an error.
const parsers = new Map<string, Map<string, EntityParser>>([
  ['leads', new Map([...leadActions.map((a) => [a, leadParser(a)] as const), ['delete', leadDeletedParser]])],
  ['contacts', new Map(contactActions.map((a) => [a, contactParser(a)] as const))],
]);

/** Turns a parsed Kommo account webhook body (see parseNestedForm) into typed events. Throws MalformedWebhookBody. */
export function parseKommoWebhook(nested: NestedObject): KommoWebhook {
  const account = parseAccount(nested['account']);
  const entities = Object.entries(nested).filter(([entity]) => entity !== 'account');

  const total = entities.reduce((sum, [, value]) => sum + countEntities(value), 0);
  if (total > MAX_ENTITIES_PER_WEBHOOK) {
    throw new MalformedWebhookBody(
      `the body carries ${total} entities; at most ${MAX_ENTITIES_PER_WEBHOOK} are accepted in one webhook`,
    );
  }

  const events: KommoEvent[] = [];
  const ignored: IgnoredEntities[] = [];
  for (const [entity, value] of entities) {
    const byAction = parsers.get(entity);
    if (byAction === undefined) {
      ignored.push(...describeIgnored(entity, value));
      continue;
    }
    if (!isGroup(value)) {
      throw new MalformedWebhookBody(`${entity} ${NOT_GROUP}; expected keys like ${entity}[update][0][id]`);
    }
    for (const [action, items] of Object.entries(value)) {
      const parse = byAction.get(action);
      if (parse === undefined) {
        ignored.push({ entity, action, count: countItems(items) });
        continue;
      }
      if (!Array.isArray(items)) throw new MalformedWebhookBody(`${entity}[${action}] ${NOT_LIST}`);
      items.forEach((item, index) => events.push(parse(item, `${entity}[${action}][${index}]`)));
    }
  }
  return { account, events, ignored };
}

function parseAccount(raw: NestedValue | undefined): KommoWebhook['account'] {
  if (!isGroup(raw) || raw['subdomain'] === undefined || raw['subdomain'] === '') {
    throw new MalformedWebhookBody('the body has no account[subdomain] — is this a Kommo webhook?');
  }
  const { subdomain: name, id } = parseAt(accountSchema, raw, 'account');
  return { subdomain: name, id };
}

function parseAt<S extends z.ZodType>(schema: S, raw: NestedValue, path: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 3).map((issue) => {
    const keyPath = path + issue.path.map((segment) => `[${String(segment)}]`).join('');
    const found = valueAt(raw, issue.path);
    if (found === undefined) return `${keyPath} is missing`;
    return typeof found === 'string' ? `${keyPath} ${issue.message} (got ${quote(found)})` : `${keyPath} ${issue.message}`;
  });
  const more = result.error.issues.length > 3 ? `; and ${result.error.issues.length - 3} more` : '';
  throw new MalformedWebhookBody(problems.join('; ') + more);
}

function describeIgnored(entity: string, value: NestedValue): IgnoredEntities[] {
  if (!isGroup(value)) return [{ entity, action: '', count: countItems(value) }];
  return Object.entries(value).map(([action, items]) => ({ entity, action, count: countItems(items) }));
}

function countEntities(value: NestedValue): number {
  if (!isGroup(value)) return countItems(value);
  return Object.values(value).reduce((sum, items) => sum + countItems(items), 0);
}

function countItems(value: NestedValue): number {
  return Array.isArray(value) ? value.length : 1;
}

function valueAt(raw: NestedValue | undefined, path: readonly PropertyKey[]): NestedValue | undefined {
  let current = raw;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isGroup(current) && typeof segment === 'string' && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

function isGroup(value: NestedValue | undefined): value is NestedObject {
  return typeof value === 'object' && !Array.isArray(value);
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}
