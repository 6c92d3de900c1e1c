import type { Rules } from '../config/rules.ts';
import type { Channel, ContactIdentity, ContactPush, EspName } from '../esp/espAdapter.ts';
import { derivedUlid } from './derivedUlid.ts';

/** Kommo's system stages, in every pipeline (reference/kommo.md §4.1). */
export const WON_STATUS_ID = 142;
export const LOST_STATUS_ID = 143;

export type PushTrigger =
  | { kind: 'stage'; stage: string }
  | { kind: 'plan-changed'; oldPlan: string | null }
  /** The panel's "Resync now": the deal's current state, no stage event replayed. */
  | { kind: 'resync'; stage: string | null };

export type DealFacts = {
  leadId: number;
  /** The change's time (lead updated_at), which also seeds event ids so a retry is the same event. */
  changedAt: number;
  plan: string | null;
  source: string | null;
  price: number | null;
};

export type PushPlanInput = {
  rules: Rules;
  accountKey: string;
  trigger: PushTrigger;
  deal: DealFacts;
  contact: ContactIdentity & { firstName: string | null; lastName: string | null };
  /** What the Kommo consent fields say; only they can make a new contact subscribed (SPEC §4.1). */
  consent: Record<Channel, boolean>;
};

/** SPEC §5.2: `won` and `lost` apply to 142 and 143 in every pipeline without being listed. */
export function stageOf(rules: Rules, statusId: number): string | null {
  const mapped = rules.kommo.stages[String(statusId)];
  if (mapped) return mapped;
  if (statusId === WON_STATUS_ID) return 'won';
  if (statusId === LOST_STATUS_ID) return 'lost';
  return null;
}

/** `{plan}` and `{source}` are the field values, lower-cased, spaces to `_`; a tag whose value is missing is dropped. */
export function renderTag(template: string, deal: DealFacts): string | null {
  let missing = false;
  const tag = template.replace(/\{(plan|source)\}/g, (_, name: 'plan' | 'source') => {
    const value = deal[name];
    if (!value) missing = true;
    return (value ?? '').trim().toLowerCase().replace(/\s+/g, '_');
  });
  return missing ? null : tag;
}

const renderTags = (templates: readonly string[], deal: DealFacts) =>
  templates.flatMap((template) => renderTag(template, deal) ?? []);

/**
 * What each connected ESP should receive for one contact of one deal (SPEC §4.1's table), or
 * nothing for an ESP the rules give no work. Pure: the adapters turn it into requests.
 */
export function planPushes(input: PushPlanInput): Partial<Record<EspName, ContactPush>> {
  const { rules } = input;
  const plans: Partial<Record<EspName, ContactPush>> = {};
  if (rules.omnisend) {
    const push = omnisendPush(input, rules.omnisend);
    if (push) plans.omnisend = push;
  }
  if (rules.moosend) {
    const push = moosendPush(input, rules.moosend);
    if (push) plans.moosend = push;
  }
  if (rules.customerio) {
    const push = customerioPush(input, rules.customerio);
    if (push) plans.customerio = push;
  }
  return plans;
}

function basePush({ contact, consent, deal }: PushPlanInput, newContactStatus: 'nonSubscribed' | 'subscribed'): ContactPush {
  const { firstName, lastName, ...identity } = contact;
  const status = (channel: Channel) =>
    newContactStatus === 'subscribed' && consent[channel] ? ('subscribed' as const) : ('not_subscribed' as const);
  return {
    identity,
    firstName,
    lastName,
    fields: { kommo_deal_id: deal.leadId, ...(deal.plan ? { plan: deal.plan } : {}) },
    addTags: [],
    removeTags: [],
    list: null,
    event: null,
    // SMS only with SMS consent, whatever the email default (SPEC §4.1).
    newContactStatus: { email: status('email'), ...(identity.phone && consent.sms ? { sms: status('sms') } : {}) },
  };
}

function wonFields(deal: DealFacts): ContactPush['fields'] {
  return {
    ...(deal.price !== null ? { mrr: deal.price } : {}),
    won_date: new Date(deal.changedAt).toISOString().slice(0, 10),
  };
}

/** The tag of the plan left behind: keeping it would leave the person on two plans (SPEC §4.1). */
function oldPlanTag(oldPlan: string | null, deal: DealFacts): string[] {
  const tag = oldPlan ? renderTag('plan_{plan}', { ...deal, plan: oldPlan }) : null;
  return tag ? [tag] : [];
}

function omnisendPush(input: PushPlanInput, rules: NonNullable<Rules['omnisend']>): ContactPush | null {
  const push = basePush(input, rules.newContactStatus);
  const { trigger, deal } = input;
  if (trigger.kind === 'plan-changed') {
    return { ...push, removeTags: oldPlanTag(trigger.oldPlan, deal), addTags: renderTags(['plan_{plan}', 'upgraded'], deal) };
  }
  const stage = trigger.stage;
  const action = stage ? rules.on[stage] : undefined;
  if (trigger.kind === 'stage' && !action) return null;
  return {
    ...push,
    fields: { ...push.fields, ...(stage === 'won' ? wonFields(deal) : {}) },
    addTags: renderTags(action?.addTags ?? [], deal),
    removeTags: renderTags(action?.removeTags ?? [], deal),
  };
}

function moosendPush(input: PushPlanInput, rules: NonNullable<Rules['moosend']>): ContactPush | null {
  // Moosend has no per-contact status default in the rules: new subscribers follow the consent field.
  const push = basePush(input, 'subscribed');
  const { trigger, deal } = input;
  if (trigger.kind === 'plan-changed') {
    return { ...push, removeTags: oldPlanTag(trigger.oldPlan, deal), addTags: renderTags(['plan_{plan}'], deal) };
  }
  const action = trigger.stage ? rules.on[trigger.stage] : undefined;
  const churned = trigger.stage === 'lost' ? ['churned'] : [];
  if (!action && churned.length === 0) return trigger.kind === 'resync' ? push : null;
  return {
    ...push,
    list: action?.list ?? null,
    fields: { ...push.fields, ...(trigger.stage === 'won' ? wonFields(deal) : {}) },
    addTags: [...renderTags(action?.addTags ?? [], deal), ...churned],
  };
}

function customerioPush(input: PushPlanInput, rules: NonNullable<Rules['customerio']>): ContactPush | null {
  const push = basePush(input, 'subscribed');
  const { trigger, deal, accountKey } = input;
  const eventId = (name: string) => derivedUlid(deal.changedAt, accountKey, deal.leadId, input.contact.kommoContactId, name);
  const attributes = { ...push.fields, ...(deal.price !== null ? { deal_amount: deal.price } : {}) };
  if (trigger.kind === 'plan-changed') {
    const data = { old_plan: trigger.oldPlan, plan: deal.plan, deal_id: deal.leadId };
    return { ...push, fields: attributes, event: { name: 'plan_changed', id: eventId(`plan_changed:${deal.plan}`), data } };
  }
  const action = trigger.stage ? rules.on[trigger.stage] : undefined;
  if (trigger.kind === 'stage' && !action) return null;
  const event =
    trigger.kind === 'stage' && action
      ? { name: action.event, id: eventId(action.event), data: { plan: deal.plan, deal_id: deal.leadId } }
      : null;
  return { ...push, fields: { ...attributes, ...(trigger.stage === 'won' ? { won_date: wonFields(deal)['won_date'] ?? null } : {}) }, event };
}
