import type { ContactPush } from '../espAdapter.ts';
import type { SubscribeBody } from './moosendClient.ts';
import { listLabel, type MoosendListInfo } from './moosendListCatalog.ts';
import { SUBSCRIBE_TYPE, type MoosendSubscriber } from './moosendModels.ts';

export type MemberStatus = keyof typeof SUBSCRIBE_TYPE;

/** One person in one list, as the bridge knows it after a read (or after its own planned write). */
export type MemberSnapshot = {
  status: MemberStatus;
  name: string | null;
  /** Wire name → value, in the list's spelling. */
  fields: Map<string, string>;
  tags: string[];
  preferences: string[] | null;
};

export type ListDecision =
  /** Not in this list and the push does not ask to add them there: nothing to say. */
  | { kind: 'absent' }
  | { kind: 'skip'; summary: string }
  | { kind: 'unchanged'; summary: string }
  | { kind: 'write'; created: boolean; body: SubscribeBody; next: MemberSnapshot; summary: string };

export function statusOf(subscribeType: number): MemberStatus {
  const found = (Object.keys(SUBSCRIBE_TYPE) as MemberStatus[]).find((s) => SUBSCRIBE_TYPE[s] === subscribeType);
  // An unknown type is treated as the strictest one we know: never written over.
  return found ?? 'removed';
}

export function snapshotOf(subscriber: MoosendSubscriber): MemberSnapshot {
  const fields = new Map<string, string>();
  for (const f of subscriber.CustomFields ?? []) if (f.Value !== null && f.Value !== undefined) fields.set(f.Name, String(f.Value));
  return {
    status: statusOf(subscriber.SubscribeType),
    name: subscriber.Name?.trim() || null,
    fields,
    tags: subscriber.Tags ?? [],
    preferences: subscriber.Preferences ?? null,
  };
}

const notSubscribedReason: Record<Exclude<MemberStatus, 'subscribed'>, string> = {
  unsubscribed: 'the person unsubscribed',
  bounced: 'the address bounced',
  removed: 'the person was removed from the list',
};

/**
 * What one push does to one list. `subscribe.json` replaces every custom field and puts anyone
 * back to Subscribed (reference esps.md §B.4, SPEC §4.1 traps), so the write is built from the
 * read: existing fields kept, managed ones win, and no write at all for someone whose status in
 * this list is not Subscribed.
 */
export function decideForList(
  existing: MemberSnapshot | null,
  change: ContactPush,
  list: MoosendListInfo,
  { targeted }: { targeted: boolean },
): ListDecision {
  const label = listLabel(list);
  if (!existing) {
    if (!targeted) return { kind: 'absent' };
    // Adding to a Moosend list subscribes: there is no "not subscribed" member (esps.md §D).
    if (change.newContactStatus.email !== 'subscribed') {
      return { kind: 'skip', summary: `not added to list ${label}: no email consent (adding someone to a Moosend list subscribes them)` };
    }
  } else if (existing.status !== 'subscribed') {
    return { kind: 'skip', summary: `not updated in list ${label}: ${notSubscribedReason[existing.status]}` };
  }

  const before: MemberSnapshot = existing ?? { status: 'subscribed', name: null, fields: new Map(), tags: [], preferences: null };
  const { fields, touched, missing } = mergeFields(before.fields, change.fields, list.fieldNames);
  const pushedName = [change.firstName, change.lastName].map((n) => n?.trim()).filter(Boolean).join(' ');
  const name = pushedName || before.name;
  const removed = new Set(change.removeTags);
  const tags = [...new Set([...before.tags, ...change.addTags])].filter((t) => !removed.has(t));
  const next: MemberSnapshot = { status: 'subscribed', name, fields, tags, preferences: before.preferences };

  const addedTags = tags.filter((t) => !before.tags.includes(t));
  const droppedTags = before.tags.filter((t) => !tags.includes(t));
  const changedFields = touched.filter((k) => fields.get(k) !== before.fields.get(k));
  const missingNote = missing.length > 0 ? `; list ${label} has no custom field ${missing.join(', ')}, so ${missing.length > 1 ? 'they were' : 'it was'} not written` : '';

  if (existing && changedFields.length === 0 && addedTags.length === 0 && droppedTags.length === 0 && name === before.name) {
    return { kind: 'unchanged', summary: `already up to date in list ${label}${missingNote}` };
  }

  const body: SubscribeBody = {
    Email: change.identity.email,
    ...(name ? { Name: name } : {}),
    CustomFields: [...fields].map(([k, v]) => `${k}=${v}`),
    Tags: tags,
    // Not documented either way for Preferences; sending them back keeps them whatever the rule.
    ...(before.preferences && before.preferences.length > 0 ? { Preferences: before.preferences } : {}),
  };
  const what = [
    changedFields.length > 0 ? `fields ${changedFields.join(', ')}` : '',
    addedTags.length > 0 ? `tags +${addedTags.join(', +')}` : '',
    droppedTags.length > 0 ? `tags -${droppedTags.join(', -')}` : '',
  ].filter(Boolean);
  const detail = what.length > 0 ? ` (${what.join('; ')})` : '';
  const summary = existing ? `updated in list ${label}${detail}` : `added to list ${label} with email consent${detail}`;
  return { kind: 'write', created: !existing, body, next, summary: summary + missingNote };
}

/**
 * Existing values stay (the upsert clears whatever is left out); a managed value wins; a managed
 * null clears. Names are matched without case and written in the list's own spelling; a managed
 * field the list does not define is left out rather than sent to be dropped silently.
 */
function mergeFields(
  existing: ReadonlyMap<string, string>,
  managed: ContactPush['fields'],
  listFieldNames: readonly string[] | null,
): { fields: Map<string, string>; touched: string[]; missing: string[] } {
  const fields = new Map(existing);
  const touched: string[] = [];
  const missing: string[] = [];
  const find = (names: Iterable<string>, wanted: string) => {
    const lower = wanted.toLowerCase();
    for (const n of names) if (n.toLowerCase() === lower) return n;
    return undefined;
  };
  for (const [key, value] of Object.entries(managed)) {
    const current = find(fields.keys(), key);
    const wireName = listFieldNames ? (find(listFieldNames, key) ?? current) : (current ?? key);
    if (current !== undefined) {
      fields.delete(current);
      touched.push(current);
    }
    if (value === null) continue;
    if (wireName === undefined) {
      missing.push(key);
      continue;
    }
    fields.set(wireName, String(value));
    if (!touched.includes(wireName)) touched.push(wireName);
  }
  return { fields, touched, missing };
}
