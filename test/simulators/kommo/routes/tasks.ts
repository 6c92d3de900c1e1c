import { invalidBody, validationFailed, type ValidationError, type ValidationGroup } from '../problems.ts';
import { isRecord, ok, type RouteContext } from '../router.ts';
import { CURRENT_USER_ID, nowSeconds } from '../state.ts';
import type { Reply, Task } from '../types.ts';

// POST /api/v4/tasks (reference §5.4 "Tasks"): the body is always an array; text and complete_till are
// required; entity_type is leads|contacts|companies; task types 1 = Follow-up, 2 = Meeting.

const ENTITY_TYPES = ['leads', 'contacts', 'companies'] as const;
type TaskEntity = (typeof ENTITY_TYPES)[number];
const isTaskEntity = (v: unknown): v is TaskEntity => ENTITY_TYPES.some((t) => t === v);
const TASK_TYPES = [1, 2];
const MAX_BATCH = 250;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function addTasks(ctx: RouteContext): Reply {
  const body = ctx.body;
  if (!Array.isArray(body) || body.length === 0) {
    return invalidBody({ code: 'InvalidType', path: '', detail: 'This value should be of type array.' });
  }
  if (body.length > MAX_BATCH) {
    return invalidBody({ code: 'InvalidLength', path: '', detail: `This collection should contain ${MAX_BATCH} elements or less.` });
  }
  const groups: ValidationGroup[] = [];
  const drafts: Array<Omit<Task, 'id'>> = [];
  body.forEach((item: unknown, i) => {
    const requestId = isRecord(item) && typeof item['request_id'] === 'string' ? item['request_id'] : String(i);
    if (!isRecord(item)) return void groups.push({ request_id: requestId, errors: [{ code: 'InvalidType', path: '', detail: 'This value should be of type array.' }] });
    const errors: ValidationError[] = [];
    const { text, complete_till: till, entity_type: type, entity_id: entityId } = item;
    if (typeof text !== 'string' || text.trim() === '') errors.push({ code: 'NotBlank', path: 'text', detail: 'This value should not be blank.' });
    if (!isInt(till)) errors.push({ code: 'InvalidType', path: 'complete_till', detail: 'This value should be of type int.' });
    let entity: { type: TaskEntity; id: number } | null = null;
    if (type !== undefined || entityId !== undefined) {
      if (!isTaskEntity(type)) errors.push({ code: 'NotSupportedChoice', path: 'entity_type', detail: 'The value you selected is not a valid choice.' });
      else if (!isInt(entityId)) errors.push({ code: 'InvalidType', path: 'entity_id', detail: 'This value should be of type int.' });
      else if ((type === 'leads' && !ctx.state.leads.has(entityId)) || (type === 'contacts' && !ctx.state.contacts.has(entityId))) {
        errors.push({ code: 'NotFound', path: 'entity_id', detail: 'Entity not found' });
      } else entity = { type, id: entityId };
    }
    const taskType = item['task_type_id'] ?? 1;
    if (!isInt(taskType) || !TASK_TYPES.includes(taskType)) {
      errors.push({ code: 'NotSupportedChoice', path: 'task_type_id', detail: 'The value you selected is not a valid choice.' });
    }
    const responsible = item['responsible_user_id'] ?? CURRENT_USER_ID;
    if (!isInt(responsible)) errors.push({ code: 'InvalidType', path: 'responsible_user_id', detail: 'This value should be of type int.' });
    if (errors.length > 0 || !isInt(till) || typeof text !== 'string' || !isInt(taskType) || !isInt(responsible)) {
      return void groups.push({ request_id: requestId, errors });
    }
    const now = nowSeconds();
    drafts.push({
      text,
      complete_till: till,
      entity_type: entity?.type ?? null,
      entity_id: entity?.id ?? null,
      responsible_user_id: responsible,
      task_type_id: taskType,
      is_completed: false,
      request_id: requestId,
      created_by: CURRENT_USER_ID,
      created_at: now,
      updated_at: now,
    });
  });
  if (groups.length > 0) return validationFailed(groups);
  const saved = drafts.map((d) => {
    const task: Task = { id: ctx.state.nextId('tasks'), ...d };
    ctx.state.tasks.push(task);
    return task;
  });
  const items = saved.map((t) => ({ id: t.id, request_id: t.request_id, _links: ctx.hal.self(`tasks/${t.id}`) }));
  return ok(ctx.hal.collection('tasks', 'tasks', items));
}
