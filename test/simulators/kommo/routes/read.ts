import { isReply, matchesSearch, parseListQuery, parseWith, sortAndPage } from '../listQuery.ts';
import { notFound } from '../problems.ts';
import { noContent, ok, type RouteContext } from '../router.ts';
import type { Contact, EntityKind, Lead, Reply } from '../types.ts';

// GET /api/v4/{leads|contacts}[/{id}] (reference §5.4). Leads embed contacts with `with=contacts`,
// contacts embed leads with `with=leads`; an empty list is 204 with no body (§5.1).

const relation: Record<EntityKind, string> = { leads: 'contacts', contacts: 'leads' };

function render(ctx: RouteContext, kind: EntityKind, e: Lead | Contact, embed: boolean): Record<string, unknown> {
  return kind === 'leads' ? ctx.hal.lead(e as Lead, embed) : ctx.hal.contact(e as Contact, embed);
}

function all(ctx: RouteContext, kind: EntityKind): Array<Lead | Contact> {
  return kind === 'leads' ? [...ctx.state.leads.values()] : [...ctx.state.contacts.values()];
}

export function getOne(kind: EntityKind) {
  return (ctx: RouteContext): Reply => {
    const id = Number(ctx.params[0]);
    const entity = kind === 'leads' ? ctx.state.leads.get(id) : ctx.state.contacts.get(id);
    // The brief asks for 404 problem+json ("Lead not found" mirrors Kommo's "Pipeline not found" wording).
    if (!entity) return notFound(kind === 'leads' ? 'Lead not found' : 'Contact not found');
    return ok(render(ctx, kind, entity, parseWith(ctx.query).has(relation[kind])));
  };
}

export function list(kind: EntityKind) {
  return (ctx: RouteContext): Reply => {
    const q = parseListQuery(ctx.query);
    if (isReply(q)) return q;
    let items = all(ctx, kind).filter((e) => !e.is_deleted);
    if (q.ids) {
      const ids = new Set(q.ids);
      items = items.filter((e) => ids.has(e.id));
    }
    const search = q.search;
    if (search !== null) {
      items = items.filter((e) => {
        const texts = 'first_name' in e ? [e.name, e.first_name, e.last_name] : [e.name, String(e.price), String(e.id)];
        return matchesSearch(search, texts, e.custom_fields_values);
      });
    }
    const { items: pageItems, hasMore } = sortAndPage(items, q);
    if (pageItems.length === 0) return noContent();
    const embed = q.with.has(relation[kind]);
    const body = ctx.hal.page(kind, kind, pageItems.map((e) => render(ctx, kind, e, embed)), q.page, q.limit, hasMore, ctx.query);
    return ok(body);
  };
}
