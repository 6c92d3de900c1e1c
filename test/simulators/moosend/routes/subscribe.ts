import { parseCustomFieldWrites } from '../customFields.ts';
import {
  bodyField,
  done,
  isOutcome,
  isRecord,
  isValidEmail,
  optionalStringArray,
  refuse,
  requiredEmail,
  type Outcome,
  type RouteContext,
} from '../router.ts';
import { wireSubscriber } from '../serialize.ts';
import { normalizeEmail, type UpsertInput } from '../state.ts';
import { SUBSCRIBE_TYPE } from '../types.ts';

// Reference B.4: subscribe.json, subscribe_many.json, update/{SubscriberID}.json. All three replace
// the custom fields (the omitted ones are cleared); the two subscribe endpoints also re-subscribe
// (state.upsert and traps.ts).

/** B.4: "Up to 1000 per call". */
export const SUBSCRIBE_MANY_MAX = 1000;

/** Name, CustomFields, Tags, Preferences of one subscriber body; `email` already checked by the caller. */
function upsertInput(body: Record<string, unknown>, email: string): UpsertInput | Outcome {
  const name = bodyField(body, 'Name');
  if (name !== undefined && name !== null && typeof name !== 'string') return refuse('VALIDATION_ERROR', 'Name must be a string');
  const fields = parseCustomFieldWrites(bodyField(body, 'CustomFields'));
  if (!fields.ok) return refuse('VALIDATION_ERROR', fields.detail);
  const tags = optionalStringArray(body, 'Tags');
  if (isOutcome(tags)) return tags;
  const preferences = optionalStringArray(body, 'Preferences');
  if (isOutcome(preferences)) return preferences;
  const doubleOptIn = bodyField(body, 'HasExternalDoubleOptIn');
  if (doubleOptIn !== undefined && doubleOptIn !== null && typeof doubleOptIn !== 'boolean') {
    return refuse('VALIDATION_ERROR', 'HasExternalDoubleOptIn must be a boolean');
  }
  return { email, name: typeof name === 'string' ? name : undefined, fields: fields.pairs, tags, preferences };
}

export function subscribe(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  const email = requiredEmail(ctx.body);
  if (isOutcome(email)) return email;
  const input = upsertInput(ctx.body as Record<string, unknown>, email);
  if (isOutcome(input)) return input;
  // SubscribeMethod 2 "manually added", as the blueprint's subscribe example answers.
  const member = ctx.state.upsert(list, input, 'api:subscribe', 2);
  return done(wireSubscriber(list, member, ctx.dateOffset));
}

/**
 * The batch is checked as a whole first (shape, size, field syntax) so a malformed request writes
 * nothing; then invalid emails are skipped and named in `Error` while `Code` stays 0 (B.1, B.4).
 */
export function subscribeMany(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  if (!isRecord(ctx.body)) return refuse('VALIDATION_ERROR', 'the request body must be a JSON object');
  const subscribers = bodyField(ctx.body, 'Subscribers');
  if (!Array.isArray(subscribers) || subscribers.length === 0) return refuse('VALIDATION_ERROR', 'Subscribers must be a non-empty array');
  if (subscribers.length > SUBSCRIBE_MANY_MAX) {
    return refuse('VALIDATION_ERROR', `Subscribers holds ${subscribers.length} items; at most ${SUBSCRIBE_MANY_MAX} are allowed`);
  }
  const inputs: UpsertInput[] = [];
  const invalid: string[] = [];
  for (const [i, item] of subscribers.entries()) {
    if (!isRecord(item)) return refuse('VALIDATION_ERROR', `Subscribers[${i}] is not an object`);
    const email = bodyField(item, 'Email');
    if (!isValidEmail(email)) {
      invalid.push(typeof email === 'string' ? email : String(email ?? ''));
      continue;
    }
    const input = upsertInput(item, email.trim());
    if (isOutcome(input)) return input.ok ? input : refuse(input.error, `Subscribers[${i}]: ${input.detail}`);
    inputs.push(input);
  }
  // SubscribeMethod 1 "file import", as the blueprint's subscribe_many example answers.
  const members = inputs.map((input) => ctx.state.upsert(list, input, 'api:subscribe_many', 1));
  const note = invalid.length > 0 ? `${invalid.length} items with invalid email address were ignored: ${invalid.join(', ')}` : null;
  return done(
    members.map((m) => wireSubscriber(list, m, ctx.dateOffset)),
    note,
  );
}

export function updateSubscriber(ctx: RouteContext): Outcome {
  const list = ctx.state.list(ctx.params[0] ?? '');
  if (!list) return refuse('MAILING_LIST_NOT_FOUND', `no mailing list ${ctx.params[0]}`);
  const member = ctx.state.memberById(list.id, ctx.params[1] ?? '');
  if (!member) return refuse('MEMBER_NOT_FOUND', `no subscriber ${ctx.params[1]} in list ${list.id}`);
  const email = requiredEmail(ctx.body);
  if (isOutcome(email)) return email;
  const input = upsertInput(ctx.body as Record<string, unknown>, email);
  if (isOutcome(input)) return input;
  if (normalizeEmail(email) !== member.email) {
    // B.4: the email can be changed "if he has not unsubscribed" [S-M1, S-M7].
    if (member.subscribeType === SUBSCRIBE_TYPE.Unsubscribed) return refuse('VALIDATION_ERROR', 'an unsubscribed member’s email cannot be changed');
    if (ctx.state.member(list.id, email)) return refuse('VALIDATION_ERROR', `${email} is already in list ${list.id}`);
  }
  ctx.state.update(list, member, input, 'api:update');
  return done(wireSubscriber(list, member, ctx.dateOffset));
}
