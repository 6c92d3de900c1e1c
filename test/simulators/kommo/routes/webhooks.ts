import { invalidBody, notFound, problem, validationFailed, type ValidationError } from '../problems.ts';
import { isRecord, noContent, ok, type RouteContext } from '../router.ts';
import { CURRENT_USER_ID, nowSeconds } from '../state.ts';
import type { Reply, Webhook } from '../types.ts';

// /api/v4/webhooks (reference §4.1): subscribe with {destination, settings}, list (filter[destination]),
// unsubscribe with DELETE {destination}. At most 100 webhooks per account (§4.1, S12).

// The confirmed codes plus the [UNCERTAIN] ones of §4.1 that follow the same naming.
const SETTINGS = new Set(
  ['lead', 'contact', 'company', 'customer', 'task'].flatMap((e) =>
    ['add', 'update', 'delete', 'restore', 'responsible', 'note', 'status'].map((a) => `${a}_${e}`),
  ).concat(['add_unsorted', 'update_unsorted', 'delete_unsorted', 'add_message', 'add_outgoing_message', 'add_talk', 'update_talk']),
);
const MAX_WEBHOOKS = 100;

function render(w: Webhook): Record<string, unknown> {
  return { ...w };
}

function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

export function addWebhook(ctx: RouteContext): Reply {
  const body = ctx.body;
  if (!isRecord(body)) return invalidBody({ code: 'InvalidType', path: '', detail: 'This value should be of type object.' });
  const errors: ValidationError[] = [];
  const { destination, settings } = body;
  if (!isHttpUrl(destination)) errors.push({ code: 'InvalidUrl', path: 'destination', detail: 'This value is not a valid URL.' });
  if (!Array.isArray(settings) || settings.length === 0) {
    errors.push({ code: 'NotBlank', path: 'settings', detail: 'This value should not be blank.' });
  } else {
    settings.forEach((s: unknown, i) => {
      if (typeof s !== 'string' || !SETTINGS.has(s)) {
        errors.push({ code: 'NotSupportedChoice', path: `settings.${i}`, detail: 'The value you selected is not a valid choice.' });
      }
    });
  }
  if (errors.length > 0 || !isHttpUrl(destination) || !Array.isArray(settings)) {
    return validationFailed([{ request_id: '0', errors }]);
  }
  const now = nowSeconds();
  const names = settings.filter((s): s is string => typeof s === 'string');
  // Re-subscribing the same destination updates its settings rather than adding a duplicate.
  const existing = ctx.state.webhooks.find((w) => w.destination === destination);
  if (existing) {
    existing.settings = names;
    existing.updated_at = now;
    existing.disabled = false;
    return ok(render(existing));
  }
  if (ctx.state.webhooks.length >= MAX_WEBHOOKS) return problem(400, `Webhooks limit (${MAX_WEBHOOKS}) reached`);
  const hook: Webhook = {
    id: ctx.state.nextId('webhooks'),
    destination,
    settings: names,
    sort: ctx.state.webhooks.length + 1,
    disabled: false,
    account_id: ctx.account.id,
    created_by: CURRENT_USER_ID,
    created_at: now,
    updated_at: now,
  };
  ctx.state.webhooks.push(hook);
  return ok(render(hook));
}

export function listWebhooks(ctx: RouteContext): Reply {
  const destination = ctx.query.get('filter[destination]');
  const hooks = ctx.state.webhooks.filter((w) => destination === null || w.destination === destination);
  if (hooks.length === 0) return noContent();
  return ok(ctx.hal.collection('webhooks', 'webhooks', hooks.map(render), { _total_items: hooks.length }));
}

export function deleteWebhook(ctx: RouteContext): Reply {
  const body = ctx.body;
  const destination = isRecord(body) ? body['destination'] : undefined;
  if (typeof destination !== 'string') {
    return invalidBody({ code: 'NotBlank', path: 'destination', detail: 'This value should not be blank.' });
  }
  const idx = ctx.state.webhooks.findIndex((w) => w.destination === destination);
  // [UNCERTAIN] Kommo's answer for an unknown destination; 404 makes a wrong URL visible in tests.
  if (idx < 0) return notFound('Webhook not found');
  ctx.state.webhooks.splice(idx, 1);
  return noContent();
}
