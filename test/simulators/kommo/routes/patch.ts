import { applyCustomFields, parseCustomFieldsPatch } from '../customFields.ts';
import { invalidBody, notFound, validationFailed, type ValidationError, type ValidationGroup } from '../problems.ts';
import { isRecord, ok, type RouteContext } from '../router.ts';
import { CLOSED_STATUS_IDS, CURRENT_USER_ID, KommoState, PIPELINE } from '../state.ts';
import type { Contact, EntityKind, Lead, Reply } from '../types.ts';

// PATCH /api/v4/{leads|contacts}[/{id}] (reference §5.4). A bulk request is validated as a whole and
// applied only when every item is valid, so a failed request leaves no partial writes behind.

const MAX_BATCH = 250; // §5.2: at most 250 entities per request

type Prepared = { errors: ValidationError[]; apply: () => Lead | Contact };

const intError = (path: string): ValidationError => ({ code: 'InvalidType', path, detail: 'This value should be of type int.' });
const strError = (path: string): ValidationError => ({ code: 'InvalidType', path, detail: 'This value should be of type string.' });

function prepare(state: KommoState, kind: EntityKind, entity: Lead | Contact, item: Record<string, unknown>): Prepared {
  const errors: ValidationError[] = [];
  const set: Record<string, unknown> = {};
  for (const key of kind === 'leads' ? ['name'] : ['name', 'first_name', 'last_name']) {
    if (item[key] === undefined) continue;
    if (typeof item[key] === 'string') set[key] = item[key];
    else errors.push(strError(key));
  }
  const intKeys = kind === 'leads' ? ['price', 'responsible_user_id', 'status_id', 'pipeline_id'] : ['responsible_user_id'];
  for (const key of intKeys) {
    const v = item[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) errors.push(intError(key));
    else set[key] = v;
  }
  if (typeof set['status_id'] === 'number' && !PIPELINE.statuses.some((s) => s.id === set['status_id'])) {
    errors.push({ code: 'NotSupportedChoice', path: 'status_id', detail: 'The value you selected is not a valid choice.' });
  }
  if (typeof set['pipeline_id'] === 'number' && set['pipeline_id'] !== PIPELINE.id) {
    errors.push({ code: 'NotSupportedChoice', path: 'pipeline_id', detail: 'The value you selected is not a valid choice.' });
  }
  const cf = item['custom_fields_values'] === undefined ? null : parseCustomFieldsPatch(state.customFields[kind], item['custom_fields_values']);
  if (cf && !cf.ok) errors.push(...cf.errors);

  const apply = (): Lead | Contact => {
    const previousStatus = 'status_id' in entity ? entity.status_id : null;
    Object.assign(entity, set);
    if (cf?.ok) entity.custom_fields_values = applyCustomFields(entity.custom_fields_values, cf);
    entity.updated_at = KommoState.touch(entity.updated_at);
    entity.updated_by = CURRENT_USER_ID;
    if ('status_id' in entity && entity.status_id !== previousStatus) {
      entity.closed_at = CLOSED_STATUS_IDS.includes(entity.status_id) ? entity.updated_at : null;
    }
    return entity;
  };
  return { errors, apply };
}

function find(state: KommoState, kind: EntityKind, id: number): Lead | Contact | undefined {
  return kind === 'leads' ? state.leads.get(id) : state.contacts.get(id);
}

const summary = (ctx: RouteContext, kind: EntityKind, e: Lead | Contact): Record<string, unknown> => ({
  id: e.id,
  updated_at: e.updated_at,
  _links: ctx.hal.self(`${kind}/${e.id}`),
});

export function patchOne(kind: EntityKind) {
  return (ctx: RouteContext): Reply => {
    const id = Number(ctx.params[0]);
    const entity = find(ctx.state, kind, id);
    if (!entity) return notFound(kind === 'leads' ? 'Lead not found' : 'Contact not found');
    if (!isRecord(ctx.body)) return invalidBody({ code: 'InvalidType', path: '', detail: 'This value should be of type object.' });
    const p = prepare(ctx.state, kind, entity, ctx.body);
    if (p.errors.length > 0) return validationFailed([{ request_id: '0', errors: p.errors }]);
    return ok(summary(ctx, kind, p.apply()));
  };
}

export function patchMany(kind: EntityKind) {
  return (ctx: RouteContext): Reply => {
    const body = ctx.body;
    if (!Array.isArray(body) || body.length === 0) {
      return invalidBody({ code: 'InvalidType', path: '', detail: 'This value should be of type array.' });
    }
    if (body.length > MAX_BATCH) {
      return invalidBody({ code: 'InvalidLength', path: '', detail: `This collection should contain ${MAX_BATCH} elements or less.` });
    }
    const groups: ValidationGroup[] = [];
    const appliers: Array<() => Lead | Contact> = [];
    body.forEach((item: unknown, i) => {
      const requestId = isRecord(item) && typeof item['request_id'] === 'string' ? item['request_id'] : String(i);
      if (!isRecord(item)) return void groups.push({ request_id: requestId, errors: [{ code: 'InvalidType', path: '', detail: 'This value should be of type array.' }] });
      const id = item['id'];
      if (typeof id !== 'number' || !Number.isInteger(id)) return void groups.push({ request_id: requestId, errors: [intError('id')] });
      const entity = find(ctx.state, kind, id);
      // [UNCERTAIN] the real error for an unknown id in a batch; a validation error keeps the batch atomic.
      if (!entity) return void groups.push({ request_id: requestId, errors: [{ code: 'NotFound', path: 'id', detail: 'Entity not found' }] });
      const p = prepare(ctx.state, kind, entity, item);
      if (p.errors.length > 0) groups.push({ request_id: requestId, errors: p.errors });
      else appliers.push(p.apply);
    });
    if (groups.length > 0) return validationFailed(groups);
    const updated = appliers.map((apply) => summary(ctx, kind, apply()));
    return ok(ctx.hal.collection(kind, kind, updated));
  };
}
