// Omnisend → bridge (reference §A.8): there is no webhook subscription. A `sendWebhook` action block in an
// automation POSTs a JSON body the admin templates with merge tags such as [[contact.email]],
// [[contact.first_name]], [[event.raw.<prop>]], to an HTTPS callbackUrl, with the custom headers
// configured on the block ({key, value}[], e.g. X-Webhook-Secret). Nothing is signed; no retry policy is
// documented. The bridge publishes the template and the secret header; these helpers play Omnisend.

export interface AutomationWebhookHeader {
  key: string;
  value: string;
}

export interface SendAutomationWebhookOptions {
  url: string;
  /** The block's headers: `[{key, value}]` as in the automation JSON, or a plain record. */
  headers?: AutomationWebhookHeader[] | Record<string, string>;
  /** The rendered body template (a JSON string, sent byte for byte) or an object to serialise. */
  body: string | Record<string, unknown>;
  signal?: AbortSignal;
}

/** POSTs one automation webhook exactly as the sendWebhook block would: JSON content type plus the configured headers. */
export function sendAutomationWebhook(options: SendAutomationWebhookOptions): Promise<Response> {
  const headers = new Headers({ 'content-type': 'application/json' });
  const configured = Array.isArray(options.headers) ? options.headers.map((h) => [h.key, h.value] as const) : Object.entries(options.headers ?? {});
  for (const [key, value] of configured) headers.set(key, value);
  const init: RequestInit = { method: 'POST', headers, body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) };
  if (options.signal) init.signal = options.signal;
  return fetch(options.url, init);
}

/** What merge tags can read: `contact.*` (snake_case, as in [[contact.first_name]]) and `event.raw.*`. */
export interface MergeContext {
  contact: Record<string, unknown>;
  event?: { raw?: Record<string, unknown> } & Record<string, unknown>;
}

function lookup(ctx: MergeContext, path: string): unknown {
  let cur: unknown = ctx;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/**
 * Fills [[path]] merge tags. A tag that resolves to nothing renders empty [UNCERTAIN]; values are
 * JSON-escaped because the tags sit inside JSON strings [UNCERTAIN whether Omnisend escapes — without it a
 * quote in a name would break the body; set `escape: 'none'` to send values raw].
 */
export function renderAutomationWebhookBody(template: string, ctx: MergeContext, escape: 'json' | 'none' = 'json'): string {
  return template.replace(/\[\[\s*([\w.]+)\s*\]\]/g, (_, path: string) => {
    const v = lookup(ctx, path);
    if (v === undefined || v === null) return '';
    const text = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    return escape === 'json' ? JSON.stringify(text).slice(1, -1) : text;
  });
}

/** Merge context for a contact as the API returns it (2026 ContactResponse) and an event's properties. */
export function mergeContextFor(contact: Record<string, unknown>, eventRaw: Record<string, unknown> = {}): MergeContext {
  return {
    contact: {
      id: contact['id'],
      email: contact['email'],
      phone: Array.isArray(contact['phone']) ? contact['phone'][0] : contact['phone'],
      first_name: contact['firstName'],
      last_name: contact['lastName'],
    },
    event: { raw: eventRaw },
  };
}

/**
 * A template in the shape of the fixture test/fixtures/omnisend/omnisend-automation-webhook-body.json
 * ({event, contactEmail, campaign, link}). The event name is literal: each automation has one trigger.
 * [UNCERTAIN] the merge-tag names for the campaign and link of a "clicked message" trigger.
 */
export function fixtureShapedTemplate(eventName: string): string {
  return JSON.stringify({ event: eventName, contactEmail: '[[contact.email]]', campaign: '[[event.raw.campaign_name]]', link: '[[event.raw.link]]' });
}

/** The fixture's body for one contact and event, rendered the way Omnisend would fill the template. */
export function renderFixtureWebhookBody(input: { event: string; contactEmail: string; campaign?: string; link?: string }): string {
  const raw: Record<string, unknown> = {};
  if (input.campaign !== undefined) raw['campaign_name'] = input.campaign;
  if (input.link !== undefined) raw['link'] = input.link;
  return renderAutomationWebhookBody(fixtureShapedTemplate(input.event), { contact: { email: input.contactEmail }, event: { raw } });
}
