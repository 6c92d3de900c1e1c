/** Kommo webhook payloads as nested objects (reference/kommo.md §4.1); encode with sim.webhookForm. */

export const account = (subdomain = 'acme', id = 31000001) => ({
  subdomain,
  id: String(id),
  _links: { self: `https://${subdomain}.kommo.com` },
});

export function leadStatus(leads: { id: number; statusId: number; oldStatusId?: number; updatedAt?: number }[], subdomain = 'acme') {
  return {
    leads: {
      status: leads.map((lead) => ({
        id: String(lead.id),
        status_id: String(lead.statusId),
        old_status_id: String(lead.oldStatusId ?? 67548607),
        pipeline_id: '8572511',
        account_id: '31000001',
        updated_at: String(lead.updatedAt ?? 1726572758),
      })),
    },
    account: account(subdomain),
  };
}

export const won = (leadId: number, updatedAt?: number) =>
  leadStatus([{ id: leadId, statusId: 142, ...(updatedAt ? { updatedAt } : {}) }]);

/** What Kommo sends after anyone (a manager, or the bridge through the API) edits a contact. */
export function contactUpdate(contactId: number, updatedAt: number, subdomain = 'acme') {
  return {
    contacts: {
      update: [{ id: String(contactId), name: 'Jane Doe', type: 'contact', account_id: '31000001', updated_at: String(updatedAt), last_modified: String(updatedAt) }],
    },
    account: account(subdomain),
  };
}
