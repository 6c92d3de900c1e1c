// Kommo posts account webhooks as application/x-www-form-urlencoded with PHP-style nested keys
// (`leads[status][0][id]=…`), every value a string (reference §4.1; /work/shared/fixtures/kommo-*.form).
// This mirrors PHP's http_build_query, which is what produces them.

function flatten(value: unknown, key: string, out: Array<[string, string]>): void {
  if (value === null || value === undefined) return; // http_build_query drops nulls
  if (Array.isArray(value)) {
    value.forEach((v: unknown, i) => flatten(v, `${key}[${i}]`, out));
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, `${key}[${k}]`, out);
  } else if (typeof value === 'boolean') {
    out.push([key, value ? '1' : '0']); // PHP's string form of true/false in http_build_query
  } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    out.push([key, String(value)]);
  } else {
    throw new TypeError(`encodeKommoWebhookForm: cannot encode ${typeof value} at ${key}`);
  }
}

/**
 * Encodes `{ leads: { status: [{ id: '1' }] }, account: {...} }` into the exact wire bytes Kommo sends:
 * keys and values percent-encoded (`[` → %5B), spaces as `+`, in object key order.
 */
export function encodeKommoWebhookForm(payload: object): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(payload)) flatten(v, k, pairs);
  // URLSearchParams applies the form-urlencoded serializer; PHP's urlencode differs only on '*'.
  return new URLSearchParams(pairs).toString().replace(/\*/g, '%2A');
}
