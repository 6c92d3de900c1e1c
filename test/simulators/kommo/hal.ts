import type { Contact, CustomFieldValue, Lead } from './types.ts';

// HAL shapes of reference §5.1/§5.4: every entity carries `_links.self.href` on the account's public
// origin (https://{subdomain}.kommo.com), never the simulator's own address.

export type Links = Record<string, { href: string }>;

export class Hal {
  constructor(readonly publicOrigin: string) {}

  href(path: string): string {
    return `${this.publicOrigin}/api/v4/${path}`;
  }

  self(path: string): { self: { href: string } } {
    return { self: { href: this.href(path) } };
  }

  /** Kommo answers `null`, not `[]`, for an entity without custom field values. */
  private fields(values: CustomFieldValue[]): CustomFieldValue[] | null {
    return values.length > 0 ? values : null;
  }

  lead(lead: Lead, withContacts: boolean): Record<string, unknown> {
    const { contacts, custom_fields_values, ...plain } = lead;
    const embedded: Record<string, unknown> = { tags: [], companies: [] };
    // §5.4: contacts are embedded only when asked for with `with=contacts`.
    if (withContacts) {
      embedded['contacts'] = contacts.map((c) => ({ id: c.id, is_main: c.is_main, _links: this.self(`contacts/${c.id}`) }));
    }
    return {
      ...plain,
      custom_fields_values: this.fields(custom_fields_values),
      _links: this.self(`leads/${lead.id}`),
      _embedded: embedded,
    };
  }

  contact(contact: Contact, withLeads: boolean): Record<string, unknown> {
    const { leads, custom_fields_values, ...plain } = contact;
    const embedded: Record<string, unknown> = { tags: [], companies: [] };
    if (withLeads) embedded['leads'] = leads.map((id) => ({ id, _links: this.self(`leads/${id}`) }));
    return {
      ...plain,
      custom_fields_values: this.fields(custom_fields_values),
      _links: this.self(`contacts/${contact.id}`),
      _embedded: embedded,
    };
  }

  /** `{"_page":…,"_links":{self,next?},"_embedded":{<key>:[…]}}` (§5.1). */
  page(path: string, key: string, items: unknown[], page: number, limit: number, hasMore: boolean, query: URLSearchParams): Record<string, unknown> {
    const at = (p: number): { href: string } => {
      const q = new URLSearchParams(query);
      q.set('page', String(p));
      q.set('limit', String(limit));
      return { href: `${this.href(path)}?${q.toString()}` };
    };
    const links: Links = { self: at(page) };
    if (hasMore) links['next'] = at(page + 1);
    if (page > 1) {
      links['first'] = at(1);
      links['prev'] = at(page - 1);
    }
    return { _page: page, _links: links, _embedded: { [key]: items } };
  }

  /** Collections that are not paginated (write answers, pipelines, custom fields, webhooks). */
  collection(path: string, key: string, items: unknown[], extra?: Record<string, unknown>): Record<string, unknown> {
    return { ...extra, _links: this.self(path), _embedded: { [key]: items } };
  }
}
