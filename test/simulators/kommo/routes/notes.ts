import { invalidBody, notFound, validationFailed, type ValidationError, type ValidationGroup } from '../problems.ts';
import { isRecord, ok, type RouteContext } from '../router.ts';
import { CURRENT_USER_ID, nowSeconds } from '../state.ts';
import type { EntityKind, Note, Reply } from '../types.ts';

// POST /api/v4/{leads|contacts}/notes (items carry entity_id) and /api/v4/{leads|contacts}/{id}/notes
// (reference §5.4 "Notes"). Required params per note type come from the notes-types list there.
const REQUIRED_PARAMS: Record<string, string[]> = {
  common: ['text'],
  call_in: ['uniq', 'duration', 'source', 'phone'],
  call_out: ['uniq', 'duration', 'source', 'phone'],
  service_message: ['service', 'text'],
  extended_service_message: ['service', 'text'],
  geolocation: ['text', 'address', 'longitude', 'latitude'],
  sms_in: ['text', 'phone'],
  sms_out: ['text', 'phone'],
  attachment: ['file_uuid', 'file_name'],
};

const MAX_BATCH = 250;
const blank = (path: string): ValidationError => ({ code: 'NotBlank', path, detail: 'This value should not be blank.' });

export function addNotes(kind: EntityKind, perEntity: boolean) {
  return (ctx: RouteContext): Reply => {
    const pathId = perEntity ? Number(ctx.params[0]) : null;
    const exists = (id: number): boolean => (kind === 'leads' ? ctx.state.leads.has(id) : ctx.state.contacts.has(id));
    // An unknown entity in the URL is a missing resource (404); an unknown entity_id inside the body is
    // reported as a validation error (400) like any other bad field [UNCERTAIN: Kommo's exact answer].
    if (pathId !== null && !exists(pathId)) return notFound(kind === 'leads' ? 'Lead not found' : 'Contact not found');
    const body = ctx.body;
    if (!Array.isArray(body) || body.length === 0) {
      return invalidBody({ code: 'InvalidType', path: '', detail: 'This value should be of type array.' });
    }
    if (body.length > MAX_BATCH) {
      return invalidBody({ code: 'InvalidLength', path: '', detail: `This collection should contain ${MAX_BATCH} elements or less.` });
    }
    const groups: ValidationGroup[] = [];
    const drafts: Array<Omit<Note, 'id'>> = [];
    body.forEach((item: unknown, i) => {
      const requestId = isRecord(item) && typeof item['request_id'] === 'string' ? item['request_id'] : String(i);
      if (!isRecord(item)) return void groups.push({ request_id: requestId, errors: [{ code: 'InvalidType', path: '', detail: 'This value should be of type array.' }] });
      const errors: ValidationError[] = [];
      const entityId = pathId ?? item['entity_id'];
      if (typeof entityId !== 'number' || !Number.isInteger(entityId)) errors.push(blank('entity_id'));
      else if (!exists(entityId)) errors.push({ code: 'NotFound', path: 'entity_id', detail: 'Entity not found' });
      const noteType = item['note_type'];
      const required = typeof noteType === 'string' ? REQUIRED_PARAMS[noteType] : undefined;
      if (!required) errors.push({ code: 'NotSupportedChoice', path: 'note_type', detail: 'The value you selected is not a valid choice.' });
      const params = item['params'];
      if (!isRecord(params)) errors.push(blank('params'));
      else for (const key of required ?? []) {
        const v = params[key];
        if (v === undefined || v === null || v === '') errors.push(blank(`params.${key}`));
      }
      if (errors.length > 0) return void groups.push({ request_id: requestId, errors });
      const now = nowSeconds();
      drafts.push({
        entity_type: kind,
        entity_id: entityId as number,
        note_type: noteType as string,
        params: params as Record<string, unknown>,
        request_id: requestId,
        created_by: CURRENT_USER_ID,
        responsible_user_id: CURRENT_USER_ID,
        created_at: now,
        updated_at: now,
      });
    });
    if (groups.length > 0) return validationFailed(groups);
    const saved = drafts.map((d) => {
      const note: Note = { id: ctx.state.nextId('notes'), ...d };
      ctx.state.notes.push(note);
      return note;
    });
    const items = saved.map((n) => ({
      id: n.id,
      entity_id: n.entity_id,
      request_id: n.request_id,
      _links: ctx.hal.self(`${kind}/${n.entity_id}/notes/${n.id}`),
    }));
    return ok(ctx.hal.collection(`${kind}/notes`, 'notes', items));
  };
}
