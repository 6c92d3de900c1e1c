import { done, queryParam, refuse, type Outcome, type RouteContext } from '../router.ts';
import { paging, wireSubscriber } from '../serialize.ts';
import { SUBSCRIBE_TYPE, type SubscribeStatus } from '../types.ts';

// Reference B.3: view.json (by email), find/{id}.json, lists/{id}/subscribers/{Status}.json.

/**
 * [UNCERTAIN] paging defaults: the blueprint's example asks PageSize 100 and answers 500; 500 is taken as
 * the default, 1000 as the most one page returns.
 */
export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 1000;

export function viewSubscriber(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  const email = queryParam(ctx.query, 'Email');
  if (!email) return refuse('VALIDATION_ERROR', 'the Email query parameter is required');
  const member = ctx.state.member(list.id, email);
  // [UNCERTAIN] B.3: not-found is undocumented for view.json; "probably Code ≠ 0 with MEMBER_NOT_FOUND".
  if (!member) return refuse('MEMBER_NOT_FOUND', `${email} is not in list ${list.id}`);
  return done(wireSubscriber(list, member, ctx.dateOffset));
}

export function findSubscriber(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  const member = ctx.state.memberById(list.id, ctx.params[1] ?? '');
  if (!member) return refuse('MEMBER_NOT_FOUND', `no subscriber ${ctx.params[1]} in list ${list.id}`);
  return done(wireSubscriber(list, member, ctx.dateOffset));
}

function positiveInt(raw: string | undefined, fallback: number): number | null {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : null;
}

/**
 * What the bridge polls for unsubscribes and bounces. Sorted by CreatedOn, newest first (the example's
 * SortExpression "CreatedOn", SortIsAscending false): a long-standing member who unsubscribes today is
 * not on page 1, so a poller has to walk every page. No "changed since" filter is documented.
 */
export function subscribersByStatus(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  const status = ctx.params[1] as SubscribeStatus;
  if (!Object.hasOwn(SUBSCRIBE_TYPE, status)) {
    return refuse('VALIDATION_ERROR', `Status must be one of ${Object.keys(SUBSCRIBE_TYPE).join(', ')}`);
  }
  const page = positiveInt(queryParam(ctx.query, 'Page'), 1);
  const requestedSize = positiveInt(queryParam(ctx.query, 'PageSize'), DEFAULT_PAGE_SIZE);
  if (page === null || requestedSize === null) return refuse('VALIDATION_ERROR', 'Page and PageSize must be positive integers');
  const pageSize = Math.min(requestedSize, MAX_PAGE_SIZE);
  const matching = ctx.state
    .membersOf(list.id)
    .filter((m) => m.subscribeType === SUBSCRIBE_TYPE[status])
    .sort((a, b) => b.createdOn - a.createdOn || b.seq - a.seq);
  const slice = matching.slice((page - 1) * pageSize, page * pageSize);
  return done({
    Paging: paging(pageSize, page, matching.length, 'CreatedOn', false),
    Subscribers: slice.map((m) => wireSubscriber(list, m, ctx.dateOffset)),
  });
}
