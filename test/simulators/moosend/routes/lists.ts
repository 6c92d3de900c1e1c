import { CUSTOM_FIELD_TYPES } from '../customFields.ts';
import { bodyField, done, isRecord, queryParam, refuse, type Outcome, type RouteContext } from '../router.ts';
import { paging, wireList } from '../serialize.ts';
import type { MailingList } from '../types.ts';

// Reference B.2: lists.json, lists/{Page}/{PageSize}.json, lists/{id}/details.json,
// lists/create.json, lists/{id}/customfields/create.json.

/** "If omitted, results will be returned with statistics by default." */
const withStatistics = (ctx: RouteContext): boolean => queryParam(ctx.query, 'WithStatistics')?.toLowerCase() !== 'false';

function sortedLists(ctx: RouteContext): { lists: MailingList[]; expression: string | null; ascending: boolean } {
  // The blueprint spells the sort parameter `ShortBy`; ASC by CreatedOn when absent.
  const by = queryParam(ctx.query, 'ShortBy') ?? queryParam(ctx.query, 'SortBy');
  const ascending = (queryParam(ctx.query, 'SortMethod') ?? 'ASC').toUpperCase() !== 'DESC';
  const lists = [...ctx.state.lists.values()].sort((a, b) => (by === 'Name' ? a.name.localeCompare(b.name) : a.createdOn - b.createdOn));
  if (!ascending) lists.reverse();
  return { lists, expression: by ?? null, ascending };
}

const wire = (ctx: RouteContext, list: MailingList) =>
  wireList(list, ctx.state.membersOf(list.id), withStatistics(ctx), ctx.dateOffset);

/**
 * lists.json takes no page parameters yet answers one page: the blueprint's example reports
 * PageSize 0 ("0 if not defined") with TotalResults 90 over TotalPageCount 9, and the official .NET
 * wrapper says "If ommitted, 10 mailing lists will be returned per page". The rest is only reachable
 * through lists/{Page}/{PageSize}.json.
 */
export const LISTS_JSON_PAGE_SIZE = 10;

export function getLists(ctx: RouteContext): Outcome {
  const { lists, expression, ascending } = sortedLists(ctx);
  const page = paging(LISTS_JSON_PAGE_SIZE, 1, lists.length, expression, ascending);
  return done({ Paging: { ...page, PageSize: 0 }, MailingLists: lists.slice(0, LISTS_JSON_PAGE_SIZE).map((l) => wire(ctx, l)) });
}

export function getListsPaged(ctx: RouteContext): Outcome {
  const page = Number(ctx.params[0]);
  const pageSize = Number(ctx.params[1]);
  if (page < 1 || pageSize < 1) return refuse('VALIDATION_ERROR', 'Page and PageSize must be positive');
  const { lists, expression, ascending } = sortedLists(ctx);
  const slice = lists.slice((page - 1) * pageSize, page * pageSize);
  return done({ Paging: paging(pageSize, page, lists.length, expression, ascending), MailingLists: slice.map((l) => wire(ctx, l)) });
}

export function getListDetails(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  return done(wire(ctx, list));
}

export function createList(ctx: RouteContext): Outcome {
  if (!isRecord(ctx.body)) return refuse('VALIDATION_ERROR', 'the request body must be a JSON object');
  const name = bodyField(ctx.body, 'Name');
  if (typeof name !== 'string' || name.trim() === '') return refuse('VALIDATION_ERROR', 'Name is required');
  const list = ctx.state.addList({ name });
  const confirmation = bodyField(ctx.body, 'ConfirmationPage');
  const redirect = bodyField(ctx.body, 'RedirectAfterUnsubscribePage');
  if (typeof confirmation === 'string') list.confirmationPage = confirmation;
  if (typeof redirect === 'string') list.redirectAfterUnsubscribePage = redirect;
  return done(list.id);
}

const asBool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);

export function createCustomField(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  if (!isRecord(ctx.body)) return refuse('VALIDATION_ERROR', 'the request body must be a JSON object');
  const name = bodyField(ctx.body, 'Name');
  if (typeof name !== 'string' || name.trim() === '') return refuse('VALIDATION_ERROR', 'Name is required');
  const rawType = bodyField(ctx.body, 'CustomFieldType') ?? 'Text';
  const type = CUSTOM_FIELD_TYPES.find((t) => typeof rawType === 'string' && t.toLowerCase() === rawType.toLowerCase());
  if (!type) return refuse('VALIDATION_ERROR', `CustomFieldType must be one of ${CUSTOM_FIELD_TYPES.join(', ')}`);
  if (list.customFields.some((f) => f.name.toLowerCase() === name.trim().toLowerCase())) {
    return refuse('VALIDATION_ERROR', `the list already has a custom field named ${name}`);
  }
  const options = bodyField(ctx.body, 'Options');
  const def = ctx.state.addCustomField(list, {
    name: name.trim(),
    type,
    isRequired: asBool(bodyField(ctx.body, 'IsRequired')) ?? false,
    isHidden: asBool(bodyField(ctx.body, 'IsHidden')) ?? false,
    options: typeof options === 'string' ? options.split(',').map((o) => o.trim()).filter(Boolean) : [],
  });
  return done(def.id);
}
