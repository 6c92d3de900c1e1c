import type { MoosendClient } from './moosendClient.ts';
import { definesField, fieldNamesOf } from './moosendListFields.ts';

export type MoosendListInfo = {
  id: string;
  name: string | null;
  /** null: the answer had no field definitions, so managed fields are sent under their own names. */
  fieldNames: string[] | null;
};

export type ListCatalogOptions = {
  ttlMs: number;
  /**
   * How old a cached list may be when it lacks a field a push is about to write: older, it is read
   * again, so a field the admin has just created (settings page) is written from the next pushes
   * on, not after the whole cache time — while a list that really lacks it costs one read per
   * this interval, not one per push.
   */
  missingFieldRecheckMs?: number;
  now: () => number;
};

/**
 * List names (for the panel and the summaries) and custom field names, cached: they change
 * rarely, and Moosend drops a `Name=Value` whose name the list does not define without a word
 * (B.2: "names must match the list's fields"), so a push needs them to write the list's own
 * spelling and to say which managed fields the list lacks.
 */
export function createListCatalog(client: MoosendClient, { ttlMs, missingFieldRecheckMs = 10_000, now }: ListCatalogOptions) {
  const cache = new Map<string, { info: MoosendListInfo; fetchedAt: number }>();
  return {
    /** `wanted`: the field names the caller is about to write into this list. */
    async get(listId: string, wanted: readonly string[] = []): Promise<MoosendListInfo> {
      const cached = cache.get(listId);
      if (cached) {
        const known = cached.info.fieldNames;
        const lacking = known !== null && wanted.some((name) => !definesField(known, name));
        if (now() - cached.fetchedAt < (lacking ? missingFieldRecheckMs : ttlMs)) return cached.info;
      }
      const list = await client.listDetails(listId);
      const info = { id: listId, name: list.Name ?? null, fieldNames: list.CustomFieldsDefinition ? fieldNamesOf(list) : null };
      cache.set(listId, { info, fetchedAt: now() });
      return info;
    },
  };
}

export type ListCatalog = ReturnType<typeof createListCatalog>;

export const listLabel = (list: MoosendListInfo) => (list.name ? `"${list.name}"` : list.id);
