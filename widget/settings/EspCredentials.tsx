import { espDisplayName } from '../panel/espDisplayName.ts';
import { fieldAttributes, FieldProblem, TextField, useProblem } from './FormField.tsx';
import { espNames, withCredential, type CustomerioBlock, type EspName } from './rulesDraft.ts';
import { useSettings } from './settingsContext.ts';

/** The credentials each ESP's block asks for, in the order its own dashboard shows them. */
const credentialKeys = {
  omnisend: ['apiKey'],
  moosend: ['apiKey'],
  customerio: ['siteId', 'trackApiKey', 'appApiKey', 'webhookSigningKey'],
} as const satisfies Record<EspName, readonly string[]>;

export function EspCredentials() {
  const { text } = useSettings().locale;
  return (
    <section class="keb-settings-section" aria-labelledby="keb-credentials-title">
      <h3 id="keb-credentials-title">{text.credentials}</h3>
      <p class="keb-muted">{text.maskedHint}</p>
      <div class="keb-esp-grid">
        {espNames.map((esp) => (
          <EspCredentialBlock key={esp} esp={esp} />
        ))}
      </div>
    </section>
  );
}

function EspCredentialBlock({ esp }: { esp: EspName }) {
  const { settings, locale } = useSettings();
  const { text } = locale;
  const block = settings.draft.value?.[esp];
  const name = espDisplayName[esp];
  const save = settings.saveState.value;
  const rejected = save.phase === 'rejected' && save.esp === esp ? save.message : null;
  const values = (block ?? {}) as Record<string, unknown>;

  return (
    <section class={`keb-esp${rejected !== null ? ' keb-esp--error' : ''}`} data-testid={`keb-esp-settings-${esp}`} data-connected={block !== undefined} aria-label={name}>
      <div class="keb-esp-head">
        <h4>{name}</h4>
        <label class="keb-check">
          <input
            type="checkbox"
            data-testid={`keb-connect-${esp}`}
            checked={block !== undefined}
            onChange={(event) => settings.setConnected(esp, event.currentTarget.checked)}
          />
          {text.connect(name)}
        </label>
      </div>
      {rejected !== null && (
        <div class="keb-error" role="alert" data-testid="keb-settings-error" data-esp={esp}>
          <strong>{text.rejected(name)}</strong>
          <p>{rejected}</p>
        </div>
      )}
      {block === undefined ? (
        <p class="keb-muted">{text.notConnected}</p>
      ) : (
        <>
          {credentialKeys[esp].map((key) => (
            <TextField
              key={key}
              path={`${esp}.${key}`}
              label={text.credential[key]}
              value={typeof values[key] === 'string' ? values[key] : ''}
              onInput={(value) => settings.edit((rules) => withCredential(rules, esp, key, value))}
            />
          ))}
          {esp === 'customerio' && <RegionField region={(block as CustomerioBlock).region} />}
        </>
      )}
    </section>
  );
}

function RegionField({ region }: { region: CustomerioBlock['region'] }) {
  const { settings, locale } = useSettings();
  const path = 'customerio.region';
  const problem = useProblem(path);
  return (
    <div class="keb-field">
      <label for={fieldAttributes(path, problem).id}>{locale.text.credential.region}</label>
      <select
        {...fieldAttributes(path, problem)}
        class="keb-input"
        value={region}
        onChange={(event) => settings.edit((rules) => withCredential(rules, 'customerio', 'region', event.currentTarget.value))}
      >
        <option value="us">{locale.text.region.us}</option>
        <option value="eu">{locale.text.region.eu}</option>
      </select>
      <FieldProblem path={path} problem={problem} />
    </div>
  );
}
