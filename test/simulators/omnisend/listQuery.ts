import type { SimReply } from '../shared/simulatorServer.ts';
import { renderContact, visibleInstant, type TimestampPrecision } from './contactView.ts';
import { CHANNEL_STATUSES, type StoredContact } from './model.ts';
import { validationProblem, type FieldError } from './problems.ts';
import { parseRfc3339 } from './time.ts';

// GET /api/contacts (reference §A.2, 2026 spec): limit 1–250 (default 100), sort createdAt|updatedAt
// (default createdAt), direction asc|desc (default desc), filters email/phone/status/segmentID/tag/
// updatedAtFrom, opaque cursors `after`/`before`; answer {contacts, paging:{cursors:{after,before},
// hasMore, limit}}. "`tag` and `status` cannot be used together"; "`updatedAtFrom` cannot be combined with
// `email`, `phone`, `status`, `segmentID`, or `tag`" — both are 400 ValidationProblems.

type SortField = 'createdAt' | 'updatedAt';
type Direction = 'asc' | 'desc';

interface ListQuery {
  limit: number;
  sort: SortField;
  direction: Direction;
  cursor: { kind: 'after' | 'before'; value: number; id: string } | null;
  email: string | null;
  phone: string | null;
  status: string | null;
  segmentID: string | null;
  tag: string | null;
  updatedAtFrom: number | null;
}

interface CursorPayload {
  s: SortField;
  d: Direction;
  v: number;
  id: string;
}

const encodeCursor = (p: CursorPayload): string => Buffer.from(JSON.stringify(p)).toString('base64url');

function decodeCursor(raw: string): CursorPayload | null {
  try {
    const p = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<CursorPayload>;
    if ((p.s === 'createdAt' || p.s === 'updatedAt') && (p.d === 'asc' || p.d === 'desc') && typeof p.v === 'number' && typeof p.id === 'string') {
      return { s: p.s, d: p.d, v: p.v, id: p.id };
    }
  } catch {
    // fall through
  }
  return null;
}

function parseListQuery(q: URLSearchParams): { ok: true; query: ListQuery } | { ok: false; reply: SimReply } {
  const errors: FieldError[] = [];
  const bad = (field: string, code: string, message: string): void => {
    errors.push({ field, code, message });
  };
  let limit = 100;
  const rawLimit = q.get('limit');
  if (rawLimit !== null) {
    limit = Number(rawLimit);
    if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > 250) bad('limit', 'out_of_range', 'Must be an integer between 1 and 250');
  }
  const sort = q.get('sort') ?? 'createdAt';
  if (sort !== 'createdAt' && sort !== 'updatedAt') bad('sort', 'invalid_value', 'Must be one of: createdAt, updatedAt');
  const direction = q.get('direction') ?? 'desc';
  if (direction !== 'asc' && direction !== 'desc') bad('direction', 'invalid_value', 'Must be one of: asc, desc');
  const status = q.get('status');
  if (status !== null && !(CHANNEL_STATUSES as readonly string[]).includes(status)) bad('status', 'invalid_value', `Must be one of: ${CHANNEL_STATUSES.join(', ')}`);
  const tag = q.get('tag');
  if (tag !== null && status !== null) bad('tag', 'incompatible_filters', 'tag and status cannot be used together in the same request');
  const rawFrom = q.get('updatedAtFrom');
  let updatedAtFrom: number | null = null;
  if (rawFrom !== null) {
    updatedAtFrom = parseRfc3339(rawFrom);
    if (updatedAtFrom === null) bad('updatedAtFrom', 'invalid_format', 'Must be an RFC3339 timestamp');
    const clashing = ['email', 'phone', 'status', 'segmentID', 'tag'].filter((k) => q.has(k));
    if (clashing.length > 0) bad('updatedAtFrom', 'incompatible_filters', `updatedAtFrom cannot be combined with ${clashing.join(', ')}`);
  }
  const after = q.get('after');
  const before = q.get('before');
  let cursor: ListQuery['cursor'] = null;
  // [UNCERTAIN] both cursors at once: rejected rather than one silently winning.
  if (after !== null && before !== null) bad('after', 'incompatible_filters', 'after and before cannot be used together');
  else if (after !== null || before !== null) {
    const kind = after !== null ? 'after' : 'before';
    const decoded = decodeCursor((after ?? before) as string);
    // A cursor is only valid for the sort it was issued under.
    if (!decoded || decoded.s !== sort || decoded.d !== direction) bad(kind, 'invalid_value', 'Invalid or expired cursor');
    else cursor = { kind, value: decoded.v, id: decoded.id };
  }
  if (errors.length > 0) return { ok: false, reply: validationProblem(errors) };
  const query: ListQuery = {
    limit,
    sort: sort as SortField,
    direction: direction as Direction,
    cursor,
    email: q.get('email'),
    phone: q.get('phone'),
    status,
    segmentID: q.get('segmentID'),
    tag,
    updatedAtFrom,
  };
  return { ok: true, query };
}

export function listContacts(all: Iterable<StoredContact>, query: URLSearchParams, precision: TimestampPrecision): SimReply {
  const parsed = parseListQuery(query);
  if (!parsed.ok) return parsed.reply;
  const lq = parsed.query;
  const emailOf = (c: StoredContact) => c.identifiers.find((i) => i.type === 'email');
  const items = [...all].filter((c) => {
    if (lq.email !== null && emailOf(c)?.id !== lq.email) return false; // exact, case-sensitive (§A.2)
    if (lq.phone !== null && !c.identifiers.some((i) => i.type === 'phone' && i.id === lq.phone)) return false;
    if (lq.status !== null && emailOf(c)?.channel.status !== lq.status) return false;
    if (lq.segmentID !== null && !c.segments.includes(lq.segmentID)) return false;
    if (lq.tag !== null && !c.tags.includes(lq.tag)) return false;
    // "updated at or after": compared with updatedAt as the API shows it.
    if (lq.updatedAtFrom !== null && visibleInstant(c.updatedAt, precision) < lq.updatedAtFrom) return false;
    return true;
  });
  const keyOf = (c: StoredContact): number => (lq.sort === 'createdAt' ? c.createdAt : c.updatedAt);
  const sign = lq.direction === 'asc' ? 1 : -1;
  const cmpKey = (value: number, id: string, other: { value: number; id: string }): number =>
    sign * (value !== other.value ? value - other.value : id < other.id ? -1 : id > other.id ? 1 : 0);
  items.sort((a, b) => cmpKey(keyOf(a), a.id, { value: keyOf(b), id: b.id }));

  let start = 0;
  let end = Math.min(items.length, lq.limit);
  const c = lq.cursor;
  if (c?.kind === 'after') {
    start = items.findIndex((i) => cmpKey(keyOf(i), i.id, c) > 0);
    if (start < 0) start = items.length;
    end = Math.min(items.length, start + lq.limit);
  } else if (c?.kind === 'before') {
    end = items.findIndex((i) => cmpKey(keyOf(i), i.id, c) >= 0);
    if (end < 0) end = items.length;
    start = Math.max(0, end - lq.limit);
  }
  const page = items.slice(start, end);
  const cursorOf = (i: StoredContact): string => encodeCursor({ s: lq.sort, d: lq.direction, v: keyOf(i), id: i.id });
  const first = page[0];
  const last = page.at(-1);
  const before = first && start > 0 ? cursorOf(first) : null;
  const after = last && end < items.length ? cursorOf(last) : null;
  return {
    status: 200,
    body: {
      contacts: page.map((i) => renderContact(i, precision)),
      paging: { cursors: { after, before }, hasMore: c?.kind === 'before' ? before !== null : after !== null, limit: lq.limit },
    },
  };
}
