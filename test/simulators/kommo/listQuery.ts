import { problem } from './problems.ts';
import type { CustomFieldValue, Reply } from './types.ts';

// List parameters of reference §5.1: page, limit (max 250), filter[id][]=…, order[field]=asc|desc, with=a,b.

export const MAX_LIMIT = 250;
const DEFAULT_LIMIT = 50;

export interface ListQuery {
  page: number;
  limit: number;
  ids: number[] | null;
  with: Set<string>;
  search: string | null;
  order: { field: string; dir: 'asc' | 'desc' } | null;
}

export function parseWith(query: URLSearchParams): Set<string> {
  return new Set((query.get('with') ?? '').split(',').map((s) => s.trim()).filter(Boolean));
}

/** Accepts filter[id][]=1&filter[id][]=2, filter[id][0]=1 and filter[id]=1,2. */
function parseIds(query: URLSearchParams): number[] | null {
  const raw: string[] = [];
  for (const [key, value] of query) {
    if (key === 'filter[id]') raw.push(...value.split(','));
    else if (/^filter\[id\]\[\d*\]$/.test(key)) raw.push(value);
  }
  if (raw.length === 0) return null;
  return raw.map((v) => Number(v.trim())).filter((n) => Number.isInteger(n));
}

function parseOrder(query: URLSearchParams): ListQuery['order'] {
  for (const [key, value] of query) {
    const m = /^order\[(\w+)\]$/.exec(key);
    if (m?.[1] && (value === 'asc' || value === 'desc')) return { field: m[1], dir: value };
  }
  return null;
}

export function parseListQuery(query: URLSearchParams): ListQuery | Reply {
  const limitRaw = query.get('limit');
  const pageRaw = query.get('page');
  const limit = limitRaw === null ? DEFAULT_LIMIT : Number(limitRaw);
  const page = pageRaw === null ? 1 : Number(pageRaw);
  if (!Number.isInteger(limit) || limit < 1) return problem(400, 'Invalid limit');
  // §5.2: 422 "Limit 250 per page".
  if (limit > MAX_LIMIT) return problem(422, `Limit ${MAX_LIMIT} per page`);
  if (!Number.isInteger(page) || page < 1) return problem(400, 'Invalid page');
  const q = query.get('query');
  return {
    page,
    limit,
    ids: parseIds(query),
    with: parseWith(query),
    search: q !== null && q.trim() !== '' ? q.trim() : null,
    order: parseOrder(query),
  };
}

export function isReply(v: ListQuery | Reply): v is Reply {
  return 'status' in v;
}

export function sortAndPage<T extends { id: number }>(items: T[], q: ListQuery): { items: T[]; hasMore: boolean } {
  const sorted = [...items];
  const order = q.order;
  if (order) {
    const key = (x: T): number => {
      const v: unknown = (x as Record<string, unknown>)[order.field];
      return typeof v === 'number' ? v : 0;
    };
    sorted.sort((a, b) => (key(a) - key(b) || a.id - b.id) * (order.dir === 'asc' ? 1 : -1));
  } else {
    sorted.sort((a, b) => a.id - b.id);
  }
  const start = (q.page - 1) * q.limit;
  return { items: sorted.slice(start, start + q.limit), hasMore: sorted.length > start + q.limit };
}

/**
 * §5.4: `query=` searches names and every custom field value and is fuzzy — callers must re-check.
 * Here: case-insensitive substring, plus digit-only matching so "+44 7700 900123" finds "447700900123".
 */
export function matchesSearch(search: string, texts: string[], fields: CustomFieldValue[]): boolean {
  const needle = search.toLowerCase();
  const digits = search.replace(/\D/g, '');
  const haystack = [...texts, ...fields.flatMap((f) => f.values.map((v) => String(v.value)))];
  return haystack.some((h) => {
    if (h.toLowerCase().includes(needle)) return true;
    return digits.length >= 5 && /^[\d\s()+\-.]+$/.test(search) && h.replace(/\D/g, '').includes(digits);
  });
}
