import type { EspView } from '../../backend-lite/api/panelContract.ts';
import { espDisplayName } from './espDisplayName.ts';
import { espBlockState } from './espBlockState.ts';
import { EspProfile } from './EspProfile.tsx';
import { usePanel } from './panelContext.ts';
import { safeHttpUrl } from './safeHttpUrl.ts';

export function EspBlock({ view }: { view: EspView }) {
  const { model, locale } = usePanel();
  const { text } = locale;
  const now = model.clock.value;
  const state = espBlockState(view, now);
  const name = espDisplayName[view.esp];
  const profile = view.state === 'found' ? view.profile : view.state === 'error' ? (view.lastKnown?.profile ?? null) : null;
  const deepLink = safeHttpUrl(profile?.deepLink ?? null);

  return (
    <section class={`keb-esp keb-esp--${state}`} data-testid={`keb-esp-${view.esp}`} data-state={state} aria-label={name}>
      <div class="keb-esp-head">
        <h4>{name}</h4>
        {deepLink !== null && (
          <a href={deepLink} target="_blank" rel="noopener noreferrer">
            {text.openIn(name)} <span aria-hidden="true">↗</span>
          </a>
        )}
      </div>
      {view.state === 'not_found' && <p class="keb-muted">{text.notInEsp}</p>}
      {view.state === 'error' && (
        <p class="keb-esp-error">
          <strong>{text.espFailure[view.failure.code]}</strong> <span class="keb-muted">{view.failure.message}</span>
        </p>
      )}
      {view.state === 'error' && view.lastKnown !== null && (
        <p class="keb-age" title={locale.absolute(view.lastKnown.fetchedAt)}>
          {view.lastKnown.profile === null
            ? text.notInEspAsOf(locale.ago(view.lastKnown.fetchedAt, now))
            : text.lastKnown(locale.ago(view.lastKnown.fetchedAt, now))}
        </p>
      )}
      {state === 'stale' && view.state === 'found' && (
        <p class="keb-age" title={locale.absolute(view.fetchedAt)}>
          {text.asOf(locale.ago(view.fetchedAt, now))}
        </p>
      )}
      {profile !== null && <EspProfile profile={profile} />}
    </section>
  );
}
