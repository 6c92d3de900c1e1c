/**
 * A labelled input whose testid and problem slot are keyed by the setting's path in the rules
 * (`moosend.apiKey`): the path a refused save names is the path the field answers to.
 */
import type { ComponentChildren } from 'preact';
import { useSettings } from './settingsContext.ts';

/** The save's problems about this setting or anything inside it (`omnisend.on.won.addTags.0`). */
export function useProblem(path: string): string | null {
  const state = useSettings().settings.saveState.value;
  if (state.phase !== 'invalid') return null;
  const found = state.problems.filter((problem) => problem.path === path || problem.path.startsWith(`${path}.`));
  return found.length > 0 ? found.map((problem) => problem.message).join(' ') : null;
}

export function FieldProblem({ path, problem }: { path: string; problem: string | null }) {
  if (problem === null) return null;
  return (
    <p class="keb-field-problem" id={problemId(path)} data-testid="keb-field-problem" data-path={path}>
      {problem}
    </p>
  );
}

export const inputId = (path: string) => `keb-field-${path}`;
const problemId = (path: string) => `keb-problem-${path}`;

/** Attributes every input of a setting carries: its id, testid and its problem's description. */
export function fieldAttributes(path: string, problem: string | null) {
  return {
    id: inputId(path),
    'data-testid': `keb-input-${path}`,
    'aria-invalid': problem !== null,
    'aria-describedby': problem !== null ? problemId(path) : undefined,
  };
}

export function TextField({ path, label, value, onInput, hint }: { path: string; label: string; value: string; onInput: (value: string) => void; hint?: ComponentChildren }) {
  const problem = useProblem(path);
  return (
    <div class="keb-field">
      <label for={inputId(path)}>{label}</label>
      <input
        {...fieldAttributes(path, problem)}
        class="keb-input"
        type="text"
        autocomplete="off"
        spellcheck={false}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
      />
      {hint}
      <FieldProblem path={path} problem={problem} />
    </div>
  );
}
