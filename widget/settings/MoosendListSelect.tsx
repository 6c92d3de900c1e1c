import type { MoosendList } from '../../backend-lite/api/adminContract.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { fieldAttributes, FieldProblem, useProblem } from './FormField.tsx';
import { useSettings } from './settingsContext.ts';

/** The list's name as the picker shows it: with its active members when Moosend counted them. */
export function useListLabel() {
  const { locale } = useSettings();
  return (list: MoosendList) => locale.text.moosend.listOption(list.name, list.activeMembers === null ? null : locale.count(list.activeMembers));
}

/** Where the lists stand, once above the table: loading, or why they cannot be shown. */
export function MoosendListsStatus() {
  const { moosendLists, locale } = useSettings();
  const state = moosendLists.state.value;
  if (state.phase === 'loading') {
    return (
      <p class="keb-muted" role="status" data-testid="keb-moosend-lists-loading">
        <span class="keb-spinner" aria-hidden="true" /> {locale.text.moosend.loading}
      </p>
    );
  }
  if (state.phase === 'unsaved') {
    return (
      <p class="keb-note" data-testid="keb-moosend-lists-unsaved">
        {locale.text.moosend.unsaved}
      </p>
    );
  }
  if (state.phase === 'failed') return <FailureNotice failure={state.failure} testId="keb-moosend-lists-error" onRetry={() => void moosendLists.load()} />;
  return null;
}

/**
 * A stage's Moosend list, picked from the account's lists. A saved ID Moosend no longer has stays
 * selected, named as not found, so the admin sees it and picks another instead of it vanishing.
 * Until the lists arrive (or when they cannot), the current choice is shown by its ID.
 */
export function MoosendListSelect({ stage, value, onValue }: { stage: string; value: string; onValue: (list: string) => void }) {
  const { moosendLists, locale } = useSettings();
  const { text } = locale;
  const labelOf = useListLabel();
  const path = `moosend.on.${stage}.list`;
  const problem = useProblem(path);
  const state = moosendLists.state.value;
  const lists = state.phase === 'loaded' ? state.lists : null;
  const missing = lists !== null && value !== '' && !lists.some((list) => list.id === value);
  const shownProblem = problem ?? (missing ? text.moosend.notFoundHint(value) : null);
  const attributes = fieldAttributes(path, shownProblem);
  return (
    <>
      <select
        {...attributes}
        class="keb-input"
        aria-label={`${text.moosendList} · ${stage}`}
        aria-busy={state.phase === 'loading'}
        value={value}
        onChange={(event) => onValue(event.currentTarget.value)}
      >
        <option value="">{text.moosend.noList}</option>
        {value !== '' && (lists === null || missing) && (
          <option value={value} data-testid="keb-moosend-list-missing">
            {lists === null ? value : text.moosend.notFound(value)}
          </option>
        )}
        {lists?.map((list) => (
          <option key={list.id} value={list.id}>
            {labelOf(list)}
          </option>
        ))}
      </select>
      <FieldProblem path={path} problem={shownProblem} />
    </>
  );
}
