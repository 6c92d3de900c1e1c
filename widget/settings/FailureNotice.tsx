import type { AdminFailure } from './adminApi.ts';
import { adminFailureText } from './adminFailureText.ts';
import { useSettings } from './settingsContext.ts';

/** A failed call in words, with the one Retry that repeats it. */
export function FailureNotice({ failure, testId, onRetry, busy = false }: { failure: AdminFailure; testId: string; onRetry?: () => void; busy?: boolean }) {
  const { text } = useSettings().locale;
  const { summary, detail } = adminFailureText(failure, text);
  return (
    <div class="keb-error" role="alert" data-testid={testId} data-kind={failure.kind} data-status={failure.kind === 'http' ? failure.status : undefined}>
      <p>{summary}</p>
      {detail !== null && <p class="keb-muted">{detail}</p>}
      {onRetry && (
        // aria-disabled, not disabled: focus stays on the button while the retry runs.
        <button type="button" class="keb-button" aria-disabled={busy} onClick={() => !busy && onRetry()}>
          {text.retry}
        </button>
      )}
    </div>
  );
}
