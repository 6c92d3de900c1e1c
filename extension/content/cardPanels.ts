import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { panelPaths } from '../../backend-lite/api/panelContract.ts';
import type { ExtensionMessage } from '../shared/backendMessages.ts';
import { accountProblem, connectionStateOf, type ConnectionState } from '../shared/connectionState.ts';
import { watchSettings } from '../shared/extensionSettings.ts';
import { askBackground } from './backendTransport.ts';
import { CARD_COLUMN_SELECTOR, waitForCardColumn } from './cardColumn.ts';
import { cardRouteOf } from './cardRoute.ts';
import { renderCardView, type CardView } from './cardView.ts';
import { cardViewStyles } from './cardViewStyles.ts';

/** How long a card may take to render its right column before the panel opens in the drawer instead. */
const COLUMN_WAIT_MS = 2_500;

function checkConnection(): Promise<ConnectionState> {
  return askBackground({ method: 'GET', path: panelPaths.me() }).then(connectionStateOf, (error: unknown) => ({
    ok: false,
    problem: { kind: 'unreachable', detail: error instanceof Error ? error.message : String(error) },
  }));
}

function openOptions(): void {
  const message: ExtensionMessage = { type: 'keb:open-options' };
  void browser.runtime.sendMessage(message);
}

/**
 * One panel per card page, following Kommo's single-page navigation: every URL change removes the
 * current panel before anything else happens, and only the newest navigation may mount, so two
 * quick clicks never leave two panels.
 */
export function startCardPanels(ctx: ContentScriptContext): void {
  let navigation = 0;
  let ui: ShadowRootContentScriptUi<CardView> | null = null;
  /** `/api/me` once per page and settings, not once per card; a failed check is retried on the next card. */
  let connection: Promise<ConnectionState> | null = null;

  async function show(url: string): Promise<void> {
    const current = ++navigation;
    ui?.remove();
    ui = null;
    const route = cardRouteOf(url);
    if (!route) return;

    const [waited, state] = await Promise.all([waitForCardColumn(ctx.signal, COLUMN_WAIT_MS), (connection ??= checkConnection())]);
    if (current !== navigation || ctx.isInvalid) return;
    // The URL changes before Kommo swaps the card: the column found then may be the old card's.
    const column = waited?.isConnected ? waited : document.querySelector(CARD_COLUMN_SELECTOR);
    if (!state.ok) connection = null;
    const problem = state.ok ? accountProblem(state.me, location.hostname) : state.problem;
    const layout = column ? 'inline' : 'drawer';

    const created = await createShadowRootUi<CardView>(ctx, {
      name: 'kommo-esp-bridge',
      position: 'inline',
      anchor: column ?? document.body,
      append: 'first',
      css: cardViewStyles,
      onMount: (container) => renderCardView(container, { route, problem, language: pageLanguage(), layout, openOptions }),
      onRemove: (view) => view?.unmount(),
    });
    if (current !== navigation || ctx.isInvalid) return;
    ui = created;
    ui.mount();
    if (!ui.shadowHost.isConnected) void show(location.href);
  }

  // Kommo may re-render the card's column after the panel went in (or drop it with the old card):
  // a panel no longer in the page is put back for the card the URL shows.
  const detached = new MutationObserver(() => {
    if (ui && !ui.shadowHost.isConnected) void show(location.href);
  });
  detached.observe(document.documentElement, { childList: true, subtree: true });
  ctx.onInvalidated(() => detached.disconnect());

  ctx.addEventListener(window, 'wxt:locationchange', (event) => void show(event.newUrl.href));
  ctx.onInvalidated(
    watchSettings(() => {
      connection = null;
      void show(location.href);
    }),
  );
  void show(location.href);
}

/** Kommo writes the user's language on <html lang>; the panel falls back to English for the rest. */
function pageLanguage(): string {
  return (document.documentElement.lang || navigator.language).slice(0, 2).toLowerCase();
}
