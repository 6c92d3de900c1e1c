import { createBatchLoader } from '../queue/batchLoader.ts';
import type { Pacer } from '../queue/pacer.ts';
import { KOMMO_BATCH_SIZE, type KommoClient } from './kommoClient.ts';
import type { KommoContact, KommoLead } from './kommoModels.ts';

export type KommoReader = ReturnType<typeof createKommoReader>;

/**
 * Batched reads of leads and contacts for one account (`filter[id][]`, up to 50 ids), sharing
 * the client's pacer.
 */
export function createKommoReader({ client, pacer }: { client: KommoClient; pacer: Pacer }) {
  const byId = <T extends { id: number }>(items: T[]) => new Map(items.map((item) => [item.id, item]));
  // The loader only decides when to send; the client paces the request itself. Waiting for a
  // free slot without taking it is what lets keys asked for meanwhile join the batch.
  const slot = () => pacer.waitForSlot();
  const leads = createBatchLoader<KommoLead>({
    maxBatch: KOMMO_BATCH_SIZE,
    loadMany: async (ids) => byId(await client.getLeads(ids)),
    ready: slot,
  });
  const contacts = createBatchLoader<KommoContact>({
    maxBatch: KOMMO_BATCH_SIZE,
    loadMany: async (ids) => byId(await client.getContacts(ids)),
    ready: slot,
  });
  return {
    /** undefined: the lead does not exist (deleted, or not this account's). */
    lead: (id: number) => leads.load(id),
    contact: (id: number) => contacts.load(id),
  };
}
