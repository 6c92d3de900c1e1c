import ky, { type KyInstance } from 'ky';
import type { z } from 'zod';
import type { Pacer } from '../queue/pacer.ts';
import {
  KommoForbidden,
  KommoNotFound,
  KommoPaymentRequired,
  KommoRateLimited,
  KommoRejectedInput,
  KommoUnauthorized,
  KommoUnavailable,
  KommoUnexpectedResponse,
} from './kommoErrors.ts';
import {
  collectionSchema,
  contactSchema,
  leadSchema,
  problemSchema,
  userSchema,
  pipelineSchema,
  customFieldDefinitionSchema,
  type KommoPipeline,
  type KommoCustomFieldDefinition,
  type KommoContact,
  type KommoLead,
  type KommoUser,
} from './kommoModels.ts';

export type KommoClientOptions = {
  /** `https://{subdomain}.kommo.com`, or KOMMO_API_ORIGIN (tests, demo). */
  origin: string;
  accessToken: () => string | Promise<string>;
  pacer: Pacer;
  fetch?: typeof fetch;
  timeoutMs?: number;
  now?: () => number;
  /** How long to stay away after a 403 (a blocked IP does not come back in seconds). */
  forbiddenBackoffMs?: number;
};

/** Kommo caps pages at 250 and recommends ≤ 50 per request (reference/kommo.md §5.2). */
export const KOMMO_BATCH_SIZE = 50;

export type KommoNote = { entityId: number; text: string };
export type KommoTask = {
  text: string;
  completeTill: number;
  entityId: number;
  entityType: 'leads' | 'contacts';
  responsibleUserId?: number | undefined;
  taskTypeId?: number;
};
export type CustomFieldPatch = { field_id: number; values: { value: string | number | boolean }[] | null };

export type KommoClient = ReturnType<typeof createKommoClient>;

export function createKommoClient({
  origin,
  accessToken,
  pacer,
  fetch: fetchImpl = fetch,
  timeoutMs = 20_000,
  now = Date.now,
  forbiddenBackoffMs = 10 * 60_000,
}: KommoClientOptions) {
  const http: KyInstance = ky.create({
    prefixUrl: origin,
    // The durable queue owns retries: a ky retry would slip past the pacer.
    retry: 0,
    timeout: timeoutMs,
    throwHttpErrors: false,
    fetch: fetchImpl,
  });

  async function call<T extends z.ZodType>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    schema: T | undefined,
    options: { searchParams?: URLSearchParams; json?: unknown } = {},
  ): Promise<z.infer<T> | undefined> {
    const label = `${method} /${path}`;
    await pacer.take();
    let response: Response;
    try {
      response = await http(path, {
        method,
        searchParams: options.searchParams,
        json: options.json,
        headers: { Authorization: `Bearer ${await accessToken()}`, Accept: 'application/hal+json' },
      });
    } catch (error) {
      throw new KommoUnavailable(label, 0, (error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs} ms` : (error as Error).message);
    }
    if (response.status === 204) return undefined;
    if (response.ok) {
      if (!schema) return undefined;
      const parsed = schema.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) throw new KommoUnexpectedResponse(label, response.status, parsed.error.issues[0]?.message ?? 'invalid');
      return parsed.data;
    }
    throw await toError(label, response);
  }

  async function toError(label: string, response: Response) {
    const body = problemSchema.safeParse(await response.json().catch(() => ({})));
    const problem = body.success ? body.data : {};
    const detail = problem.hint ?? problem.detail ?? problem.title ?? response.statusText;
    switch (response.status) {
      case 401:
        return new KommoUnauthorized(label, detail);
      case 402:
        return new KommoPaymentRequired(label);
      case 403:
        pacer.pauseUntil(now() + forbiddenBackoffMs);
        return new KommoForbidden(label, detail, forbiddenBackoffMs);
      case 404:
        return new KommoNotFound(label);
      case 429: {
        const header = Number(response.headers.get('retry-after'));
        const seconds = problem.retry_after ?? (Number.isFinite(header) && header > 0 ? header : 5);
        const retryAfterMs = Math.max(1, seconds) * 1000;
        // Kommo blocks the IP when 429s are ignored: stop every caller of this account, not one job.
        pacer.pauseUntil(now() + retryAfterMs);
        return new KommoRateLimited(label, retryAfterMs);
      }
      case 400:
      case 422: {
        const problems = (problem['validation-errors'] ?? []).flatMap((group) =>
          group.errors.map((e) => ({ code: e.code, path: e.path, detail: e.detail })),
        );
        return new KommoRejectedInput(label, response.status, detail, problems);
      }
      default:
        return response.status >= 500
          ? new KommoUnavailable(label, response.status, `HTTP ${response.status} ${detail}`)
          : new KommoUnexpectedResponse(label, response.status, `HTTP ${response.status} ${detail}`);
    }
  }

  const idFilter = (ids: readonly number[], extra: Record<string, string>) => {
    const params = new URLSearchParams(extra);
    for (const id of ids) params.append('filter[id][]', String(id));
    params.set('limit', String(KOMMO_BATCH_SIZE));
    return params;
  };

  const leadsPage = collectionSchema('leads', leadSchema);
  const contactsPage = collectionSchema('contacts', contactSchema);

  return {
    /** Up to 50 leads with their contact links in one request; missing ids are simply absent. */
    async getLeads(ids: readonly number[]): Promise<KommoLead[]> {
      if (ids.length === 0) return [];
      if (ids.length > KOMMO_BATCH_SIZE) throw new RangeError(`at most ${KOMMO_BATCH_SIZE} ids per request`);
      const page = await call('GET', 'api/v4/leads', leadsPage, { searchParams: idFilter(ids, { with: 'contacts' }) });
      return (page?._embedded['leads'] ?? []) as KommoLead[];
    },

    async getContacts(ids: readonly number[]): Promise<KommoContact[]> {
      if (ids.length === 0) return [];
      if (ids.length > KOMMO_BATCH_SIZE) throw new RangeError(`at most ${KOMMO_BATCH_SIZE} ids per request`);
      const page = await call('GET', 'api/v4/contacts', contactsPage, { searchParams: idFilter(ids, { with: 'leads' }) });
      return (page?._embedded['contacts'] ?? []) as KommoContact[];
    },

    async getLead(id: number): Promise<KommoLead> {
      const lead = await call('GET', `api/v4/leads/${id}`, leadSchema, { searchParams: new URLSearchParams({ with: 'contacts' }) });
      if (!lead) throw new KommoNotFound(`GET /api/v4/leads/${id}`);
      return lead;
    },

    async getContact(id: number): Promise<KommoContact> {
      const contact = await call('GET', `api/v4/contacts/${id}`, contactSchema, { searchParams: new URLSearchParams({ with: 'leads' }) });
      if (!contact) throw new KommoNotFound(`GET /api/v4/contacts/${id}`);
      return contact;
    },

    /** The account's pipelines with their stages, for the settings page's mapping editor. */
    async getPipelines(): Promise<KommoPipeline[]> {
      const page = await call('GET', 'api/v4/leads/pipelines', collectionSchema('pipelines', pipelineSchema));
      return (page?._embedded['pipelines'] ?? []) as KommoPipeline[];
    },

    /** Custom fields of leads or contacts (≤ 250, one page: enough for the mapping editor's selects). */
    async getCustomFieldDefinitions(entity: 'leads' | 'contacts'): Promise<KommoCustomFieldDefinition[]> {
      const page = await call('GET', `api/v4/${entity}/custom_fields`, collectionSchema('custom_fields', customFieldDefinitionSchema), {
        searchParams: new URLSearchParams({ limit: '250' }),
      });
      return (page?._embedded['custom_fields'] ?? []) as KommoCustomFieldDefinition[];
    },

    /** Who a disposable token's user_id is, for the notes that name the manager who acted. */
    async getUser(id: number): Promise<KommoUser> {
      const user = await call('GET', `api/v4/users/${id}`, userSchema);
      if (!user) throw new KommoNotFound(`GET /api/v4/users/${id}`);
      return user;
    },

    /** Kommo's search is fuzzy (reference §5.4): callers re-check the exact value. 204 → []. */
    async searchContacts(query: string): Promise<KommoContact[]> {
      const params = new URLSearchParams({ query, with: 'leads', limit: String(KOMMO_BATCH_SIZE) });
      const page = await call('GET', 'api/v4/contacts', contactsPage, { searchParams: params });
      return (page?._embedded['contacts'] ?? []) as KommoContact[];
    },

    async patchContactFields(contactId: number, fields: readonly CustomFieldPatch[]): Promise<void> {
      await call('PATCH', `api/v4/contacts/${contactId}`, undefined, { json: { custom_fields_values: fields } });
    },

    async patchLeadFields(leadId: number, fields: readonly CustomFieldPatch[]): Promise<void> {
      await call('PATCH', `api/v4/leads/${leadId}`, undefined, { json: { custom_fields_values: fields } });
    },

    async addNotes(entity: 'leads' | 'contacts', notes: readonly KommoNote[]): Promise<void> {
      if (notes.length === 0) return;
      await call('POST', `api/v4/${entity}/notes`, undefined, {
        json: notes.map((n) => ({ entity_id: n.entityId, note_type: 'common', params: { text: n.text } })),
      });
    },

    async addTasks(tasks: readonly KommoTask[]): Promise<void> {
      if (tasks.length === 0) return;
      await call('POST', 'api/v4/tasks', undefined, {
        json: tasks.map((t) => ({
          text: t.text,
          complete_till: t.completeTill,
          entity_id: t.entityId,
          entity_type: t.entityType,
          task_type_id: t.taskTypeId ?? 1,
          ...(t.responsibleUserId ? { responsible_user_id: t.responsibleUserId } : {}),
        })),
      });
    },

    /** Needs an admin token and the Advanced plan or above (reference §4.1). */
    async subscribeWebhook(destination: string, settings: readonly string[]): Promise<void> {
      await call('POST', 'api/v4/webhooks', undefined, { json: { destination, settings } });
    },
  };
}
