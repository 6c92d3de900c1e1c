import { parseWith } from '../listQuery.ts';
import { ok, type RouteContext } from '../router.ts';
import { notFound } from '../problems.ts';
import { CURRENT_USER_ID, PIPELINE } from '../state.ts';
import type { EntityKind, Reply } from '../types.ts';

// Account-level reads of reference §5.4 "Other useful" and "Lead custom fields".

const ACCOUNT_CREATED_AT = 1700000000;

export function getAccount(ctx: RouteContext): Reply {
  const body: Record<string, unknown> = {
    id: ctx.account.id,
    name: `${ctx.account.subdomain} account`,
    subdomain: ctx.account.subdomain,
    created_at: ACCOUNT_CREATED_AT,
    created_by: CURRENT_USER_ID,
    updated_at: ACCOUNT_CREATED_AT,
    updated_by: CURRENT_USER_ID,
    current_user_id: CURRENT_USER_ID,
    country: 'US',
    currency: 'USD',
    currency_symbol: '$',
    customers_mode: 'disabled',
    is_unsorted_on: true,
    is_loss_reason_enabled: true,
    is_helpbot_enabled: false,
    is_technical_account: false,
    contact_name_display_order: 1,
    _links: ctx.hal.self('account'),
  };
  // §5.4: standard task types 1 = Follow-up, 2 = Meeting, via with=task_types.
  if (parseWith(ctx.query).has('task_types')) {
    body['_embedded'] = {
      task_types: [
        { id: 1, name: 'Follow-up', color: null, icon_id: null, code: 'FOLLOW_UP' },
        { id: 2, name: 'Meeting', color: null, icon_id: null, code: 'MEETING' },
      ],
    };
  }
  return ok(body);
}

export function getPipelines(ctx: RouteContext): Reply {
  const pipeline = {
    id: PIPELINE.id,
    name: PIPELINE.name,
    sort: 1,
    is_main: true,
    is_unsorted_on: true,
    is_archive: false,
    account_id: ctx.account.id,
    _links: ctx.hal.self(`leads/pipelines/${PIPELINE.id}`),
    _embedded: {
      statuses: PIPELINE.statuses.map((s) => ({
        ...s,
        pipeline_id: PIPELINE.id,
        account_id: ctx.account.id,
        _links: ctx.hal.self(`leads/pipelines/${PIPELINE.id}/statuses/${s.id}`),
      })),
    },
  };
  return ok(ctx.hal.collection('leads/pipelines', 'pipelines', [pipeline], { _total_items: 1 }));
}

export function getCustomFields(kind: EntityKind) {
  return (ctx: RouteContext): Reply => {
    const fields = ctx.state.customFields[kind].map((d) => ({
      id: d.id,
      name: d.name,
      type: d.type,
      account_id: ctx.account.id,
      code: d.code,
      sort: d.sort,
      is_api_only: false,
      enums: d.enums,
      group_id: null,
      required_statuses: [],
      is_deletable: d.code === null,
      is_predefined: d.code !== null,
      entity_type: kind,
      remind: null,
      _links: ctx.hal.self(`${kind}/custom_fields/${d.id}`),
    }));
    return ok({ _total_items: fields.length, _page: 1, _page_count: 1, ...ctx.hal.collection(`${kind}/custom_fields`, 'custom_fields', fields) });
  };
}

/** The account's users (reference §5.4 `GET /api/v4/users`): the bridge names who acted in its notes. */
export const USERS = [
  { id: CURRENT_USER_ID, name: 'Maria Manager', email: 'maria@acme.example', lang: 'en' },
  { id: CURRENT_USER_ID + 1, name: 'Pedro Vendedor', email: 'pedro@acme.example', lang: 'es' },
];

export function getUser(ctx: RouteContext): Reply {
  const user = USERS.find((u) => u.id === Number(ctx.params[0]));
  if (!user) return notFound();
  return ok({ ...user, _links: ctx.hal.self(`users/${user.id}`) });
}
