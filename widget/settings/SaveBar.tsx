import { espDisplayName } from '../panel/espDisplayName.ts';
import { FailureNotice } from './FailureNotice.tsx';
import { useSettings } from './settingsContext.ts';

/** Save, and what came of it. A refusal tied to one ESP is shown at that ESP's block instead. */
export function SaveBar() {
  const { settings, locale } = useSettings();
  const { text } = locale;
  const state = settings.saveState.value;
  return (
    <div class="keb-save-bar">
      <button
        type="button"
        class="keb-button keb-button--primary"
        data-testid="keb-settings-save"
        aria-disabled={settings.saving.value}
        onClick={() => void settings.save()}
      >
        {state.phase === 'saving' && <span class="keb-spinner" aria-hidden="true" />}
        {state.phase === 'saving' ? text.saving : text.save}
      </button>
      <div class="keb-save-outcome" aria-live="polite">
        {state.phase === 'saved' && (
          <p class="keb-saved" data-testid="keb-settings-saved">
            {text.saved}
          </p>
        )}
        {state.phase === 'invalid' && (
          <div class="keb-error" role="alert" data-testid="keb-settings-error">
            <p>{text.invalid}</p>
            <ul class="keb-problem-list">
              {state.problems.length === 0 ? (
                <li>{state.message}</li>
              ) : (
                state.problems.map((problem) => (
                  <li key={problem.path}>
                    <code>{problem.path}</code>: {problem.message}
                  </li>
                ))
              )}
            </ul>
          </div>
        )}
        {state.phase === 'rejected' && state.esp === null && (
          <div class="keb-error" role="alert" data-testid="keb-settings-error">
            <p>{state.message}</p>
          </div>
        )}
        {state.phase === 'rejected' && state.esp !== null && (
          <p class="keb-error-inline">{text.rejected(espDisplayName[state.esp])}</p>
        )}
        {state.phase === 'failed' && (
          <>
            <p>{text.saveFailed}</p>
            <FailureNotice failure={state.failure} testId="keb-settings-error" onRetry={() => void settings.save()} />
          </>
        )}
      </div>
    </div>
  );
}
