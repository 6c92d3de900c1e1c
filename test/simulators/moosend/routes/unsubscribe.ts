import { bodyField, done, isOutcome, isRecord, isValidEmail, refuse, requiredEmail, type Outcome, type RouteContext } from '../router.ts';
import type { MoosendState } from '../state.ts';
import { SUBSCRIBE_TYPE, type ChangeSource, type Member } from '../types.ts';

// Reference B.5: unsubscribe (account, list, list + campaign), remove, remove_many, delete (list,
// account). Success is `{"Code":0,"Error":null,"Context":null}`.
//
// [UNCERTAIN] not documented, chosen here: an email that is not a member answers MEMBER_NOT_FOUND
// (documented for delete only); unsubscribing someone already unsubscribed, bounced or removed
// succeeds and changes nothing; account-wide unsubscribe touches every list the email is in.

function unsubscribeMembers(state: MoosendState, members: Member[], source: ChangeSource, fromId: string | null): void {
  for (const m of members) {
    if (m.subscribeType === SUBSCRIBE_TYPE.Subscribed) state.setStatus(m, 'Unsubscribed', source, { fromId });
  }
}

export function unsubscribeAccount(ctx: RouteContext): Outcome {
  const email = requiredEmail(ctx.body);
  if (isOutcome(email)) return email;
  const members = ctx.state.memberships(email);
  if (members.length === 0) return refuse('MEMBER_NOT_FOUND', `${email} is in no list`);
  unsubscribeMembers(ctx.state, members, 'api:unsubscribe_account', null);
  return done(null);
}

/** The list's member for the body's Email, or the refusal. */
function listMember(ctx: RouteContext): Member | Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  const email = requiredEmail(ctx.body);
  if (isOutcome(email)) return email;
  return ctx.state.member(list.id, email) ?? refuse('MEMBER_NOT_FOUND', `${email} is not in list ${list.id}`);
}

export function unsubscribeList(ctx: RouteContext): Outcome {
  const member = listMember(ctx);
  if (isOutcome(member)) return member;
  unsubscribeMembers(ctx.state, [member], 'api:unsubscribe_list', null);
  return done(null);
}

/** `UnsubscribedFromID` becomes the campaign's id ("the id that the subscriber is unsubscribed from"). */
export function unsubscribeCampaign(ctx: RouteContext): Outcome {
  const member = listMember(ctx);
  if (isOutcome(member)) return member;
  unsubscribeMembers(ctx.state, [member], 'api:unsubscribe_campaign', ctx.params[1] ?? null);
  return done(null);
}

/** "permanently (without moving to the suppression list)": the member stays visible as Removed (4). */
export function remove(ctx: RouteContext): Outcome {
  const member = listMember(ctx);
  if (isOutcome(member)) return member;
  if (member.subscribeType !== SUBSCRIBE_TYPE.Removed) ctx.state.setStatus(member, 'Removed', 'api:remove');
  return done(null);
}

/** `{"Emails": "a@x,b@y"}` → `{EmailsIgnored, EmailsProcessed}`; invalid and unknown emails are ignored. */
export function removeMany(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  if (!isRecord(ctx.body)) return refuse('VALIDATION_ERROR', 'the request body must be a JSON object');
  const emails = bodyField(ctx.body, 'Emails');
  if (typeof emails !== 'string' || emails.trim() === '') return refuse('VALIDATION_ERROR', 'Emails must be a comma-separated string');
  let processed = 0;
  let ignored = 0;
  for (const raw of emails.split(',')) {
    const member = isValidEmail(raw) ? ctx.state.member(list.id, raw) : undefined;
    if (!member) {
      ignored += 1;
      continue;
    }
    if (member.subscribeType !== SUBSCRIBE_TYPE.Removed) ctx.state.setStatus(member, 'Removed', 'api:remove_many');
    processed += 1;
  }
  return done({ EmailsIgnored: ignored, EmailsProcessed: processed });
}

/** B.5 [S-M6]: deleted for good — the list no longer knows the email. */
export function deleteFromList(ctx: RouteContext): Outcome {
  const member = listMember(ctx);
  if (isOutcome(member)) return member;
  ctx.state.delete(member, 'api:delete_list');
  return done(null);
}

/** B.5 [S-M6]: GDPR delete from every list; `IncludeAllSubAccounts` is accepted (one account here). */
export function deleteFromAccount(ctx: RouteContext): Outcome {
  const email = requiredEmail(ctx.body);
  if (isOutcome(email)) return email;
  const sub = bodyField(ctx.body as Record<string, unknown>, 'IncludeAllSubAccounts');
  if (sub !== undefined && sub !== null && typeof sub !== 'boolean') return refuse('VALIDATION_ERROR', 'IncludeAllSubAccounts must be a boolean');
  const members = ctx.state.memberships(email);
  if (members.length === 0) return refuse('MEMBER_NOT_FOUND', `${email} is in no list`);
  for (const m of members) ctx.state.delete(m, 'api:delete_account');
  return done(null);
}
