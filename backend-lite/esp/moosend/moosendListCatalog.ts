import type { MoosendClient } from './moosendClient.ts';

export type MoosendListInfo = {
  id: string;
  name: string | null;
  /** null: the answer had no field definitions, so managed fields are sent under their own names. */
  fieldNames: string[] | null;
};

/**
 * List names (for the panel and the summaries) and custom field names, cached: they change
 * rarely, and Moosend drops a `Name=Value` whose name the list does not define without a word
 * (B.2: "names must match the list's fields"), so a push needs them to write the list's own
 * spelling and to say which managed fields the list lacks.
 */
export function createListCatalog(client: MoosendClient, { ttlMs, now }: { ttlMs: number; now: () => number }) {
  const cache = new Map<string, { info: MoosendListInfo; fetchedAt: number }>();
  return {
    async get(listId: string): Promise<MoosendListInfo> {
      const cached = cache.get(listId);
      if (cached && now() - cached.fetchedAt < ttlMs) return cached.info;
      const list = await client.listDetails(listId);
      const info = { id: listId, name: list.Name ?? null, fieldNames: list.CustomFieldsDefinition?.map((f) => f.Name) ?? null };
      cache.set(listId, { info, fetchedAt: now() });
      return info;
    },
  };
}

export type ListCatalog = ReturnType<typeof createListCatalog>;

export const listLabel = (list: MoosendListInfo) => (list.name ? `"${list.name}"` : list.id);
