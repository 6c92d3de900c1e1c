/**
 * Checks of what the admin types for a stage: the settings page runs them on every keystroke (with
 * the reason in the page's language) and the save runs them again (in English). Plain functions on
 * strings, so the widget bundles them without the rules' zod schema.
 */

/** Customer.io refuses an event name over 100 bytes (reference esps.md §C.2, "event name ≤ 100 bytes"). */
export const EVENT_NAME_MAX = 100;
/** Omnisend takes at most 100 tags in one request (reference esps.md §A.2, ContactRequest `tags` ≤ 100). */
export const TAGS_MAX = 100;
/** The values a tag template may name (SPEC §5.2); anything else in braces would reach Omnisend as typed. */
export const TAG_PLACEHOLDERS = ['plan', 'source'] as const;

const SNAKE_CASE = /^[a-z][a-z0-9_]*$/;

export type ActionProblem =
  | { kind: 'event-not-snake-case' }
  | { kind: 'event-too-long'; max: number; length: number }
  | { kind: 'too-many-tags'; max: number; count: number }
  | { kind: 'unknown-placeholder'; tag: string; placeholder: string };

/** The bridge's own events are lower_snake_case (deal_won); one spelling keeps segments findable. */
export function eventNameProblem(name: string): ActionProblem | null {
  if (!SNAKE_CASE.test(name)) return { kind: 'event-not-snake-case' };
  // ASCII from here on: its characters are Customer.io's bytes.
  if (name.length > EVENT_NAME_MAX) return { kind: 'event-too-long', max: EVENT_NAME_MAX, length: name.length };
  return null;
}

export function tagsProblem(tags: readonly string[]): ActionProblem | null {
  if (tags.length > TAGS_MAX) return { kind: 'too-many-tags', max: TAGS_MAX, count: tags.length };
  for (const tag of tags) {
    for (const [, placeholder = ''] of tag.matchAll(/\{([^}]*)\}/g)) {
      if (!(TAG_PLACEHOLDERS as readonly string[]).includes(placeholder)) return { kind: 'unknown-placeholder', tag, placeholder };
    }
  }
  return null;
}

/** Every stage action's problem, keyed by the setting's path (the path a refused save names). */
export function stageActionProblems(rules: {
  omnisend?: { on: Record<string, { addTags: string[]; removeTags: string[] }> } | undefined;
  customerio?: { on: Record<string, { event: string }> } | undefined;
}): { path: string; problem: ActionProblem }[] {
  const found: { path: string; problem: ActionProblem }[] = [];
  for (const [stage, action] of Object.entries(rules.omnisend?.on ?? {})) {
    for (const which of ['addTags', 'removeTags'] as const) {
      const problem = tagsProblem(action[which]);
      if (problem) found.push({ path: `omnisend.on.${stage}.${which}`, problem });
    }
  }
  for (const [stage, action] of Object.entries(rules.customerio?.on ?? {})) {
    const problem = eventNameProblem(action.event);
    if (problem) found.push({ path: `customerio.on.${stage}.event`, problem });
  }
  return found;
}

/** The save's refusal, for the page's problem list and for API callers. */
export function actionProblemInEnglish(problem: ActionProblem): string {
  switch (problem.kind) {
    case 'event-not-snake-case':
      return 'Event names are lower_snake_case: lower-case letters, digits and "_", starting with a letter (e.g. demo_scheduled).';
    case 'event-too-long':
      return `Customer.io takes event names of at most ${problem.max} characters; this one has ${problem.length}.`;
    case 'too-many-tags':
      return `Omnisend takes at most ${problem.max} tags at once; this stage has ${problem.count}.`;
    case 'unknown-placeholder':
      return `"{${problem.placeholder}}" in the tag "${problem.tag}" would reach Omnisend as typed: only {plan} and {source} are filled in.`;
  }
}
