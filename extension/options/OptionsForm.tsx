import type { OptionsModel } from './optionsModel.ts';

export function OptionsForm({ model }: { model: OptionsModel }) {
  const status = model.status.value;
  const busy = status.tone === 'busy';
  return (
    <main class="keb-options">
      <h1>Kommo ESP Bridge</h1>
      <p class="keb-muted">
        Shows what Omnisend, Moosend and Customer.io know about a deal’s contacts, inside the Kommo deal card. Your
        company’s ESP Bridge backend serves the data; your Kommo admin gives you its address and a personal token.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!busy) void model.saveAndTest();
        }}
      >
        <label>
          Backend URL
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
          Personal token
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
            Save
          </button>
          <button type="button" data-testid="keb-options-test" aria-disabled={busy} onClick={() => !busy && void model.test()}>
            Test connection
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
