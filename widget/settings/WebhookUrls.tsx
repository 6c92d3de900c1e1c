import { useRef, useState } from 'preact/hooks';
import { OMNISEND_TRIGGER_PLACEHOLDER, type SettingsResponse } from '../../backend-lite/api/adminContract.ts';
import { espDisplayName } from '../panel/espDisplayName.ts';
import { espNames } from './rulesDraft.ts';
import { useSettings } from './settingsContext.ts';

type WebhookSetup = NonNullable<SettingsResponse['webhookSetup']>;

export function WebhookUrls({ settings }: { settings: SettingsResponse }) {
  const { text } = useSettings().locale;
  const { webhookUrls, kommoWebhook, webhookSetup } = settings;
  const espUrls = espNames.filter((esp) => webhookUrls[esp] !== null);
  return (
    <section class="keb-settings-section" aria-labelledby="keb-webhooks-title">
      <h3 id="keb-webhooks-title">{text.webhooks}</h3>
      {espUrls.length === 0 && <p class="keb-muted">{text.noWebhooks}</p>}
      {espUrls.map((esp) => (
        <div key={esp} class="keb-webhook">
          <CopyField
            id={`keb-webhook-${esp}`}
            testId={`keb-webhook-url-${esp}`}
            copyTestId={`keb-copy-${esp}`}
            label={text.webhookFor(espDisplayName[esp])}
            copyLabel={text.copyLabel(espDisplayName[esp])}
            value={webhookUrls[esp] ?? ''}
          />
          {esp === 'omnisend' && webhookSetup?.omnisend && <OmnisendStep setup={webhookSetup.omnisend} />}
          {esp === 'moosend' && webhookSetup?.moosend && (
            <div class="keb-field">
              <p class="keb-muted">{text.moosendBodyHint}</p>
              <pre class="keb-code" data-testid="keb-webhook-hint-moosend">
                {webhookSetup.moosend.bodyHint}
              </pre>
            </div>
          )}
        </div>
      ))}
      {kommoWebhook === 'subscribed' ? (
        <p class="keb-muted">{text.kommoSubscribed}</p>
      ) : (
        <div class="keb-warning" data-testid="keb-kommo-webhook-manual">
          <p>{text.kommoManual}</p>
          {webhookUrls.kommo !== null && (
            <CopyField id="keb-webhook-kommo" testId="keb-webhook-url-kommo" copyTestId="keb-copy-kommo" label={text.webhookFor('Kommo')} copyLabel={text.copyLabel('Kommo')} value={webhookUrls.kommo} />
          )}
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

/** Omnisend's webhook is a step the admin writes into each automation: its body and its secret header. */
function OmnisendStep({ setup }: { setup: NonNullable<WebhookSetup['omnisend']> }) {
  const { text } = useSettings().locale;
  const { header } = setup;
  return (
    <>
      <CopyField
        id="keb-webhook-template-omnisend"
        testId="keb-webhook-template-omnisend"
        copyTestId="keb-copy-template-omnisend"
        label={text.omnisendBody}
        copyLabel={text.copyBodyLabel}
        value={setup.bodyTemplate}
        multiline
        hint={text.omnisendBodyHint(OMNISEND_TRIGGER_PLACEHOLDER)}
      />
      {header ? (
        <CopyField
          id="keb-webhook-header-omnisend"
          testId="keb-webhook-header-omnisend"
          copyTestId="keb-copy-header-omnisend"
          label={text.headerValue(header.name)}
          copyLabel={text.copyHeaderLabel(header.name)}
          value={header.value}
          hint={text.headerHint(header.name)}
        />
      ) : (
        <p class="keb-note" data-testid="keb-webhook-header-omnisend-missing">
          {text.headerAfterSave}
        </p>
      )}
    </>
  );
}

type CopyFieldProps = { id: string; testId: string; copyTestId: string; label: string; copyLabel: string; value: string; multiline?: boolean; hint?: string };

/**
 * A value to paste elsewhere, shown whole: an address or a secret wraps onto as many lines as it
 * needs (an input would cut it at its width, and an admin copying by hand would miss the end).
 * The multi-line body keeps its own line breaks in a textarea.
 */
function CopyField({ id, testId, copyTestId, label, copyLabel, value, multiline = false, hint }: CopyFieldProps) {
  const { text } = useSettings().locale;
  const area = useRef<HTMLTextAreaElement>(null);
  const shown = useRef<HTMLOutputElement>(null);
  const [outcome, setOutcome] = useState<'copied' | 'unavailable' | null>(null);

  function selectValue() {
    if (area.current) area.current.select();
    else if (shown.current) shown.current.ownerDocument.getSelection()?.selectAllChildren(shown.current);
  }

  // The clipboard API needs a secure context and the page's permission; Kommo's page may deny
  // either, so the text is then selected for a manual copy.
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setOutcome('copied');
    } catch {
      selectValue();
      setOutcome('unavailable');
    }
  }

  return (
    <div class="keb-field">
      <label for={id}>{label}</label>
      {hint && <p class="keb-muted">{hint}</p>}
      <div class="keb-bar">
        {multiline ? (
          <textarea ref={area} id={id} class="keb-input keb-input--url" data-testid={testId} readOnly value={value} rows={value.split('\n').length} onFocus={selectValue} />
        ) : (
          // An <output> is labelable like an input, and wraps like text; a focus or click selects it whole.
          <output ref={shown} id={id} class="keb-input keb-input--url keb-copy-value" data-testid={testId} tabIndex={0} onFocus={selectValue}>
            {value}
          </output>
        )}
        <button type="button" class="keb-button" data-testid={copyTestId} aria-label={copyLabel} onClick={() => void copy()}>
          {text.copy}
        </button>
      </div>
      <p class="keb-muted" aria-live="polite" data-testid={`${copyTestId}-outcome`}>
        {outcome === 'copied' ? text.copied : outcome === 'unavailable' ? text.copyUnavailable : ''}
      </p>
    </div>
  );
}
