/**
 * The one entry both shells use: the Kommo widget (transport = Kommo's `$authorizedAjax`) and the
 * browser extension (transport = fetch with the personal token). The panel lives in a shadow root,
 * so Kommo's CSS cannot reach in and the panel's cannot leak out.
 */
import { render } from 'preact';
import { createPanelLocale } from './i18n/panelLocale.ts';
import { Panel } from './Panel.tsx';
import type { PanelTransport } from './panelApi.ts';
import { PanelContext } from './panelContext.ts';
import { createPanelModel } from './panelModel.ts';
import { panelStyles } from './panelStyles.ts';

export type { PanelRequest, PanelTransport } from './panelApi.ts';

export type PanelOptions = {
  leadId: number;
  /** Kommo's `APP.lang_id`: 'en', 'es' or 'pt'; any other language gets English. */
  language: string;
  transport: PanelTransport;
  now?: () => number;
  newIdempotencyKey?: () => string;
};

export function mountPanel(host: HTMLElement, options: PanelOptions): { unmount(): void; refresh(): void } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  // Kommo re-renders cards without always calling destroy: a panel left in this root is
  // unmounted properly (its timers stop) before the new one takes its place.
  render(null, root);
  root.replaceChildren();

  const model = createPanelModel(options);
  const locale = createPanelLocale(options.language);
  render(
    <PanelContext.Provider value={{ model, locale }}>
      <style>{panelStyles}</style>
      <Panel />
    </PanelContext.Provider>,
    root,
  );
  void model.load();

  return {
    unmount() {
      render(null, root);
      root.replaceChildren();
    },
    refresh() {
      void model.load();
    },
  };
}
