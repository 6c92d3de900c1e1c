import type { OptionsText } from './i18n/en.ts';
import type { OptionsModel } from './optionsModel.ts';

export function OptionsForm({ model, text }: { model: OptionsModel; text: OptionsText }) {
  const status = model.status.value;
  const busy = status.tone === 'busy';
  return (
    <main class="keb-options">
      <h1>Kommo ESP Bridge</h1>
      <p class="keb-muted">{text.options.intro}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void model.saveAndTest();
        }}
      >
        <label>
          {text.options.backendUrl}
          <input
            name="backendUrl"
            type="url"
            data-testid="keb-options-url"
            placeholder="https://bridge.example.com"
            autocomplete="url"
            value={model.backendUrl.value}
            onInput={(event) => (model.backendUrl.value = event.currentTarget.value)}
          />
        </label>
        <label>
          {text.options.token}
          <input
            name="token"
            type="password"
            data-testid="keb-options-token"
            placeholder="keb_…"
            autocomplete="off"
            value={model.token.value}
            onInput={(event) => (model.token.value = event.currentTarget.value)}
          />
        </label>
        <div class="keb-buttons">
          <button type="submit" data-testid="keb-options-save" aria-disabled={busy}>
            {text.options.save}
          </button>
          <button type="button" data-testid="keb-options-test" aria-disabled={busy} onClick={() => !busy && void model.test()}>
            {text.options.test}
          </button>
        </div>
      </form>
      <div class="keb-status" role="status" aria-live="polite" data-testid="keb-options-status" data-tone={status.tone}>
        {status.text && <p>{status.text}</p>}
        {status.detail && <p class="keb-muted">{status.detail}</p>}
      </div>
    </main>
  );
}
