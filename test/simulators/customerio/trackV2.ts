import { attributeLimitErrors, eventErrors, identifierTooLong, LIMITS } from './attributes.ts';
import { ok, v2Errors, type V2Error } from './errors.ts';
import { isRecord, parseV2Identifiers } from './identifiers.ts';
import { byteLength, parseJson, type Route, type RouteContext } from './router.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import type { CustomerioState } from './state.ts';

// Track API v2 (reference C.5): one operation per `/entity` (≤ 32 KB), many in `/batch` `{"batch":[…]}`
// (≤ 500 KB, each ≤ 32 KB). Errors: 400 `{"errors":[{reason, field, message}]}`; a batch with some
// invalid items answers 207 with `batch_index` on each error and applies the valid ones.

export const ENTITY_MAX_BYTES = 32 * 1024;
export const BATCH_MAX_BYTES = 500 * 1024;

const PERSON_ACTIONS = new Set(['identify', 'delete', 'event', 'screen', 'page', 'add_relationships', 'delete_relationships', 'add_device', 'delete_device', 'merge', 'suppress', 'unsuppress']);
const OBJECT_ACTIONS = new Set(['identify', 'identify_anonymous', 'delete', 'add_relationships', 'delete_relationships']);

/** Operations the simulator validates and acknowledges but does not model (objects, devices, merges …). */
export interface UnmodelledOperation {
  type: string;
  action: string;
  operation: Record<string, unknown>;
}

function tooLarge(limitBytes: number): V2Error {
  return { reason: 'too_large', field: '', message: `request must be ${limitBytes / 1024}kb or smaller` };
}

/** Validates one operation and, when valid, applies it. Returns the errors (empty = applied). */
function applyOperation(state: CustomerioState, op: unknown, unmodelled: UnmodelledOperation[]): V2Error[] {
  if (!isRecord(op)) return [{ reason: 'invalid', field: '', message: 'operation must be an object' }];
  const type = op['type'];
  const action = op['action'];
  if (type === undefined) return [{ reason: 'required', field: 'type', message: 'type is required' }];
  if (type !== 'person' && type !== 'object' && type !== 'delivery') return [{ reason: 'invalid', field: 'type', message: 'type must be one of person, object, delivery' }];
  if (action === undefined) return [{ reason: 'required', field: 'action', message: 'action is required' }];
  if (typeof action !== 'string') return [{ reason: 'invalid', field: 'action', message: 'action must be a string' }];

  if (type === 'object') {
    if (!OBJECT_ACTIONS.has(action)) return [{ reason: 'invalid', field: 'action', message: `action ${action} is not valid for type object` }];
    const ids = op['identifiers'];
    const valid = isRecord(ids) && ((ids['object_type_id'] !== undefined && ids['object_id'] !== undefined) || ids['cio_object_id'] !== undefined);
    if (!valid) return [{ reason: 'required', field: 'identifiers', message: 'identifiers needs object_type_id and object_id, or cio_object_id' }];
    unmodelled.push({ type, action, operation: structuredClone(op) });
    return [];
  }
  if (type === 'delivery') {
    if (action !== 'event') return [{ reason: 'invalid', field: 'action', message: 'action must be event for type delivery' }];
    const name = op['name'];
    if (name !== 'opened' && name !== 'converted' && name !== 'delivered') return [{ reason: 'invalid', field: 'name', message: 'name must be one of opened, converted, delivered' }];
    const attrs = op['attributes'];
    if (!isRecord(attrs) || typeof attrs['device_token'] !== 'string') return [{ reason: 'required', field: 'attributes.device_token', message: 'attributes.device_token is required' }];
    unmodelled.push({ type, action, operation: structuredClone(op) });
    return [];
  }

  if (!PERSON_ACTIONS.has(action)) return [{ reason: 'invalid', field: 'action', message: `action ${action} is not valid for type person` }];
  if (action === 'merge') {
    if (!isRecord(op['primary']) || !isRecord(op['secondary'])) return [{ reason: 'required', field: 'primary', message: 'merge needs primary and secondary' }];
    unmodelled.push({ type, action, operation: structuredClone(op) });
    return [];
  }
  const parsed = parseV2Identifiers(op['identifiers']);
  if ('error' in parsed) return [parsed.error];
  const ref = parsed.ref;
  if (identifierTooLong(ref.value)) return [{ reason: 'too_long', field: `identifiers.${ref.kind}`, message: `identifier cannot be longer than ${LIMITS.identifierBytes} bytes` }];
  const attributes = op['attributes'];
  if (attributes !== undefined && !isRecord(attributes)) return [{ reason: 'invalid', field: 'attributes', message: 'attributes must be an object' }];

  switch (action) {
    case 'identify': {
      const attrs: Record<string, unknown> = { ...(attributes ?? {}) };
      // The operation's `timestamp` orders attribute updates, like v1 `_timestamp` (C.5 schema).
      if (op['timestamp'] !== undefined) {
        if (typeof op['timestamp'] !== 'number' || !Number.isInteger(op['timestamp'])) return [{ reason: 'invalid', field: 'timestamp', message: 'timestamp must be a unix timestamp' }];
        attrs['_timestamp'] ??= op['timestamp'];
      }
      const existing = state.find(ref);
      const errors = attributeLimitErrors(attrs, existing ? Object.keys(existing.attributes) : []);
      if (errors.length > 0) return errors.map((message) => ({ reason: 'too_long' as const, field: 'attributes', message }));
      state.identify('track_v2', ref, attrs);
      return [];
    }
    case 'event':
    case 'page':
    case 'screen': {
      const errors = eventErrors({ name: op['name'], id: op['id'], timestamp: op['timestamp'], type: undefined, data: attributes }, state.nowSeconds());
      if (errors.length > 0) {
        return errors.map((message) => {
          const field = message.startsWith('event name') ? 'name' : message.startsWith('id ') ? 'id' : message.startsWith('timestamp') ? 'timestamp' : 'attributes';
          return { reason: message.endsWith('required') ? ('required' as const) : ('invalid' as const), field, message };
        });
      }
      state.trackEvent('track_v2', ref, {
        name: String(op['name']),
        type: action,
        ...(typeof op['id'] === 'string' ? { id: op['id'] } : {}),
        ...(typeof op['timestamp'] === 'number' ? { timestamp: op['timestamp'] } : {}),
        ...(attributes ? { data: attributes } : {}),
      });
      return [];
    }
    case 'delete':
      state.deletePerson(ref);
      return [];
    case 'suppress':
      state.suppress(ref);
      return [];
    case 'unsuppress':
      state.unsuppress(ref);
      return [];
    default:
      unmodelled.push({ type, action, operation: structuredClone(op) });
      return [];
  }
}

function entity(unmodelled: UnmodelledOperation[]) {
  return (ctx: RouteContext): SimReply => {
    if (byteLength(ctx.rec.rawBody) > ENTITY_MAX_BYTES) return v2Errors([tooLarge(ENTITY_MAX_BYTES)]);
    const parsed = parseJson(ctx.rec.rawBody);
    if (!parsed.ok || !isRecord(parsed.value)) return v2Errors([{ reason: 'invalid', field: '', message: 'request body must be a JSON object' }]);
    const errors = applyOperation(ctx.state, parsed.value, unmodelled);
    return errors.length > 0 ? v2Errors(errors) : ok();
  };
}

function batch(unmodelled: UnmodelledOperation[]) {
  return (ctx: RouteContext): SimReply => {
    if (byteLength(ctx.rec.rawBody) > BATCH_MAX_BYTES) return v2Errors([tooLarge(BATCH_MAX_BYTES)]);
    const parsed = parseJson(ctx.rec.rawBody);
    if (!parsed.ok || !isRecord(parsed.value)) return v2Errors([{ reason: 'invalid', field: '', message: 'request body must be a JSON object' }]);
    const items = parsed.value['batch'];
    if (!Array.isArray(items)) return v2Errors([{ reason: 'required', field: 'batch', message: 'batch must be an array of operations' }]);
    const errors: Array<V2Error & { batch_index: number }> = [];
    items.forEach((item: unknown, index) => {
      const itemErrors = byteLength(JSON.stringify(item) ?? '') > ENTITY_MAX_BYTES ? [tooLarge(ENTITY_MAX_BYTES)] : applyOperation(ctx.state, item, unmodelled);
      for (const e of itemErrors) errors.push({ batch_index: index, ...e });
    });
    return errors.length > 0 ? { status: 207, body: { errors } } : ok();
  };
}

export function trackV2Routes(unmodelled: UnmodelledOperation[]): Route[] {
  return [
    { method: 'POST', pattern: /^\/api\/v2\/entity$/, auth: true, handler: entity(unmodelled) },
    { method: 'POST', pattern: /^\/api\/v2\/batch$/, auth: true, handler: batch(unmodelled) },
  ];
}
