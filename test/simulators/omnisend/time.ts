// Timestamps on the wire are RFC 3339 (reference §A.2: `updatedAtFrom` "RFC3339", statusChangedAt
// examples "2023-05-22T10:25:14.263Z"). Internally every instant is epoch milliseconds.

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;
// Events also take "YYYY-MM-DD HH:MM:SS±HH:MM" (reference §A.5, eventTime).
const EVENT_SPACE_FORM = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?[+-]\d{2}:\d{2}$/;

export const nowMs = (): number => Date.now();

/** Epoch ms of an RFC 3339 timestamp, or null when it is not one. */
export function parseRfc3339(value: string): number | null {
  if (!RFC3339.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

export function parseEventTime(value: string): number | null {
  if (RFC3339.test(value)) return parseRfc3339(value);
  if (!EVENT_SPACE_FORM.test(value)) return null;
  const ms = Date.parse(value.replace(' ', 'T'));
  return Number.isNaN(ms) ? null : ms;
}

/** UTC RFC 3339; milliseconds only when there are some ("2026-01-01T12:00:00Z" stays as written). */
export function rfc3339(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Whole seconds, as the 2026 spec's createdAt/updatedAt examples show ("2021-05-20T12:30:00Z"). */
export function rfc3339Seconds(ms: number): string {
  return rfc3339(Math.floor(ms / 1000) * 1000);
}
