import type { MoosendClient } from './moosendClient.ts';
import type { MoosendFieldType, MoosendMailingList } from './moosendModels.ts';

export type BridgeField = {
  name: string;
  type: MoosendFieldType;
  /** The stages whose pushes carry it; null: every push. */
  stages: readonly string[] | null;
};

/**
 * The custom fields the bridge writes into Moosend lists (sync/pushPlan.ts): every push carries the
 * deal id and the plan, a push at Won adds MRR and the day it was won. Moosend drops a value whose
 * field the list does not define (B.2: "names must match the list's fields"), so the settings page
 * offers to create what a mapped list lacks, with the type each value needs.
 */
export const MOOSEND_BRIDGE_FIELDS: readonly BridgeField[] = [
  { name: 'kommo_deal_id', type: 'Number', stages: null },
  { name: 'plan', type: 'Text', stages: null },
  { name: 'mrr', type: 'Number', stages: ['won'] },
  { name: 'won_date', type: 'DateTime', stages: ['won'] },
];

/** Field names are matched without case, as the pushes match them (moosendMerge.ts). */
export const definesField = (fieldNames: readonly string[], name: string) => fieldNames.some((defined) => defined.toLowerCase() === name.toLowerCase());

export const fieldNamesOf = (list: MoosendMailingList) => list.CustomFieldsDefinition?.map((field) => field.Name) ?? [];

/**
 * Creates those of the named bridge fields the list lacks, then reads the list again. It reads
 * before it creates, so a second call (a double click, a retry after a timeout) creates nothing
 * twice; a failure halfway leaves the fields made so far, which the retry then skips.
 */
export async function createMissingFields(
  client: MoosendClient,
  listId: string,
  names: readonly string[],
): Promise<{ list: MoosendMailingList; created: string[] }> {
  const before = await client.listDetails(listId);
  const missing = MOOSEND_BRIDGE_FIELDS.filter((field) => names.includes(field.name) && !definesField(fieldNamesOf(before), field.name));
  for (const field of missing) await client.createCustomField(listId, field.name, field.type);
  const list = missing.length > 0 ? await client.listDetails(listId) : before;
  return { list, created: missing.map((field) => field.name) };
}
