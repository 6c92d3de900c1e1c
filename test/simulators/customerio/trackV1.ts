import { attributeLimitErrors, eventErrors, identifierTooLong, LIMITS } from './attributes.ts';
import { metaError, metaErrors, ok } from './errors.ts';
import { classifyPathIdentifier, isRecord } from './identifiers.ts';
import { parseJson, type Route, type RouteContext } from './router.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import type { IdentifierRef } from './types.ts';

// Track API v1 (reference C.2–C.4). Every 400 here is `{"meta":{"errors":["…"]}}` (C.3, C.10).
// Absent on purpose: `POST /api/v1/customers/{id}/unsubscribe` — it does not exist (C.4); opting out is
// an identify with `"unsubscribed": true`. Requests to it get the 404 of any unknown path.

const SEGMENT = '([^/]+)';

type Body = { ok: true; value: Record<string, unknown> } | { ok: false; reply: SimReply };

function objectBody(ctx: RouteContext, emptyIsObject: boolean): Body {
  const parsed = parseJson(ctx.rec.rawBody);
  if (!parsed.ok) return { ok: false, reply: metaErrors(['request body is not valid JSON']) };
  if (parsed.value === undefined && emptyIsObject) return { ok: true, value: {} };
  if (!isRecord(parsed.value)) return { ok: false, reply: metaErrors(['request body must be a JSON object']) };
  return { ok: true, value: parsed.value };
}

function pathRef(ctx: RouteContext): { ok: true; ref: IdentifierRef } | { ok: false; reply: SimReply } {
  const ref = classifyPathIdentifier(ctx.params[0] ?? '');
  if (!ref || ref.value.trim() === '') return { ok: false, reply: metaErrors(['identifier is invalid']) };
  if (identifierTooLong(ref.value)) return { ok: false, reply: metaErrors([`identifier cannot be longer than ${LIMITS.identifierBytes} bytes`]) };
  return { ok: true, ref };
}

function identify(ctx: RouteContext): SimReply {
  const ref = pathRef(ctx);
  if (!ref.ok) return ref.reply;
  const body = objectBody(ctx, true);
  if (!body.ok) return body.reply;
  const existing = ctx.state.find(ref.ref);
  const errors = attributeLimitErrors(body.value, existing ? Object.keys(existing.attributes) : []);
  if (errors.length > 0) return metaErrors(errors);
  ctx.state.identify('track_v1', ref.ref, body.value);
  return ok();
}

const isEventType = (v: unknown): v is 'event' | 'page' | 'screen' => v === 'event' || v === 'page' || v === 'screen';

function readEvent(ctx: RouteContext, body: Record<string, unknown>) {
  const errors = eventErrors({ name: body['name'], id: body['id'], timestamp: body['timestamp'], type: body['type'], data: body['data'] }, ctx.state.nowSeconds());
  if (errors.length > 0) return { ok: false as const, reply: metaErrors(errors) };
  const event = {
    name: String(body['name']),
    ...(typeof body['id'] === 'string' ? { id: body['id'] } : {}),
    ...(typeof body['timestamp'] === 'number' ? { timestamp: body['timestamp'] } : {}),
    ...(isEventType(body['type']) ? { type: body['type'] } : {}),
    ...(isRecord(body['data']) ? { data: body['data'] } : {}),
  };
  return { ok: true as const, event };
}

function trackEvent(ctx: RouteContext): SimReply {
  const ref = pathRef(ctx);
  if (!ref.ok) return ref.reply;
  const body = objectBody(ctx, false);
  if (!body.ok) return body.reply;
  const event = readEvent(ctx, body.value);
  if (!event.ok) return event.reply;
  // A duplicate ULID is accepted with the same 200 as the first: "we ignore the duplicate" (C.3).
  ctx.state.trackEvent('track_v1', ref.ref, event.event);
  return ok();
}

function trackAnonymous(ctx: RouteContext): SimReply {
  const body = objectBody(ctx, false);
  if (!body.ok) return body.reply;
  const event = readEvent(ctx, body.value);
  if (!event.ok) return event.reply;
  const anonymousId = body.value['anonymous_id'];
  ctx.state.trackAnonymousEvent({ ...event.event, ...(typeof anonymousId === 'string' ? { anonymous_id: anonymousId } : {}) });
  return ok();
}

function destroy(ctx: RouteContext): SimReply {
  const ref = pathRef(ctx);
  if (!ref.ok) return ref.reply;
  ctx.state.deletePerson(ref.ref);
  return ok();
}

function suppress(ctx: RouteContext): SimReply {
  const ref = pathRef(ctx);
  if (!ref.ok) return ref.reply;
  ctx.state.suppress(ref.ref);
  return ok();
}

function unsuppress(ctx: RouteContext): SimReply {
  const ref = pathRef(ctx);
  if (!ref.ok) return ref.reply;
  ctx.state.unsuppress(ref.ref);
  return ok();
}

/**
 * C.4: no Authorization needed, `Content-Type: application/json` required, body `{"unsubscribe": true}`.
 * [UNCERTAIN] An unknown but well-formed delivery id is accepted and ignored.
 */
function unsubscribeDelivery(ctx: RouteContext): SimReply {
  const malformed = metaError('The `delivery_id` format is incorrect or the request is malformed.', 400);
  if (!(ctx.rec.headers['content-type'] ?? '').toLowerCase().includes('application/json')) return malformed;
  const parsed = parseJson(ctx.rec.rawBody);
  if (!parsed.ok || (parsed.value !== undefined && !isRecord(parsed.value))) return malformed;
  let deliveryId: string;
  try {
    deliveryId = decodeURIComponent(ctx.params[0] ?? '');
  } catch {
    return malformed;
  }
  if (isRecord(parsed.value) && parsed.value['unsubscribe'] === true) {
    if (!ctx.state.unsubscribeFromDelivery(deliveryId, 'unsubscribe_delivery')) {
      ctx.state.dropped.push({ at: ctx.state.nowSeconds(), source: 'track_v1', operation: 'unsubscribe', identifier: deliveryId, reason: 'unknown delivery_id' });
    }
  }
  return ok();
}

export function trackV1Routes(region: { url: string; region: 'us' | 'eu'; environmentId: number }): Route[] {
  return [
    {
      method: 'GET',
      pattern: /^\/api\/v1\/accounts\/region$/,
      auth: true,
      handler: () => ({ status: 200, body: { url: region.url, region: region.region, environment_id: region.environmentId } }),
    },
    { method: 'PUT', pattern: new RegExp(`^/api/v1/customers/${SEGMENT}$`), auth: true, handler: identify },
    { method: 'DELETE', pattern: new RegExp(`^/api/v1/customers/${SEGMENT}$`), auth: true, handler: destroy },
    { method: 'POST', pattern: new RegExp(`^/api/v1/customers/${SEGMENT}/events$`), auth: true, handler: trackEvent },
    { method: 'POST', pattern: new RegExp(`^/api/v1/customers/${SEGMENT}/suppress$`), auth: true, handler: suppress },
    { method: 'POST', pattern: new RegExp(`^/api/v1/customers/${SEGMENT}/unsuppress$`), auth: true, handler: unsuppress },
    { method: 'POST', pattern: /^\/api\/v1\/events$/, auth: true, handler: trackAnonymous },
    { method: 'POST', pattern: new RegExp(`^/unsubscribe/${SEGMENT}$`), auth: false, handler: unsubscribeDelivery },
  ];
}
