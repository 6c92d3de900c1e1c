import type { Rules } from '../config/rules.ts';
import type { LeadState } from '../store/leadSyncState.ts';
import { stageOf, type PushTrigger } from './pushPlan.ts';

/**
 * Which pushes a re-read deal calls for, judged against the previous read rather than the
 * webhook body: Kommo may drop or repeat webhooks, and a repeated "moved to Won" must not push
 * twice while a missed one is still caught by the next change.
 */
export function leadTriggers(rules: Rules, previous: LeadState | undefined, current: Pick<LeadState, 'statusId' | 'plan'>): PushTrigger[] {
  const triggers: PushTrigger[] = [];
  const stage = stageOf(rules, current.statusId);
  if (stage && previous?.statusId !== current.statusId) triggers.push({ kind: 'stage', stage });
  if (previous && previous.plan !== null && current.plan !== null && previous.plan !== current.plan) {
    triggers.push({ kind: 'plan-changed', oldPlan: previous.plan });
  }
  return triggers;
}
