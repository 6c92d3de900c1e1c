import { useRef, useState } from 'preact/hooks';
import type { SettingsResponse } from '../../backend-lite/api/adminContract.ts';
import { espDisplayName } from '../panel/espDisplayName.ts';
import { espNames } from './rulesDraft.ts';
import { useSettings } from './settingsContext.ts';

type WebhookOwner = keyof SettingsResponse['webhookUrls'];

export function WebhookUrls({ settings }: { settings: SettingsResponse }) {
  const { text } = useSettings().locale;
  const { webhookUrls, kommoWebhook } = settings;
  const espUrls = espNames.filter((esp) => webhookUrls[esp] !== null);
  return (
    <section class="keb-settings-section" aria-labelledby="keb-webhooks-title">
      <h3 id="keb-webhooks-title">{text.webhooks}</h3>
      {espUrls.length === 0 && <p class="keb-muted">{text.noWebhooks}</p>}
      {espUrls.map((esp) => (
        <WebhookUrl key={esp} owner={esp} name={espDisplayName[esp]} url={webhookUrls[esp] ?? ''} />
      ))}
      {kommoWebhook === 'subscribed' ? (
        <p class="keb-muted">{text.kommoSubscribed}</p>
      ) : (
        <div class="keb-warning" data-testid="keb-kommo-webhook-manual">
          <p>{text.kommoManual}</p>
          {webhookUrls.kommo !== null && <WebhookUrl owner="kommo" name="Kommo" url={webhookUrls.kommo} />}
          <ol class="keb-steps">
            {text.kommoSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}

function WebhookUrl({ owner, name, url }: { owner: WebhookOwner; name: string; url: string }) {
  const { text } = useSettings().locale;
  const input = useRef<HTMLInputElement>(null);
  const [outcome, setOutcome] = useState<'copied' | 'unavailable' | null>(null);

  // The clipboard API needs a secure context and the page's permission; Kommo's page may deny
  // either, so the address is then selected for a manual copy.
  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
      setOutcome('copied');
    } catch {
      input.current?.select();
      setOutcome('unavailable');
    }
  }

  const id = `keb-webhook-${owner}`;
  return (
    <div class="keb-field">
      <label for={id}>{text.webhookFor(name)}</label>
      <div class="keb-bar">
        <input ref={input} id={id} class="keb-input keb-input--url" data-testid={`keb-webhook-url-${owner}`} readOnly value={url} onFocus={(event) => event.currentTarget.select()} />
        <button type="button" class="keb-button" data-testid={`keb-copy-${owner}`} aria-label={text.copyLabel(name)} onClick={() => void copy()}>
          {text.copy}
        </button>
      </div>
      <p class="keb-muted" aria-live="polite" data-testid={`keb-copy-outcome-${owner}`}>
        {outcome === 'copied' ? text.copied : outcome === 'unavailable' ? text.copyUnavailable : ''}
      </p>
    </div>
  );
}
