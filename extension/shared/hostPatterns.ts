/**
 * Where the content script runs: every page of a Kommo (or legacy amoCRM) account, not only card
 * URLs. Kommo is a single-page app; a manager who opens the pipeline and then clicks a deal never
 * loads a card URL, so a card-only match would miss the usual way into a card. cardRoute.ts decides
 * which pages get a panel.
 */
export const kommoAccountPatterns = ['https://*.kommo.com/*', 'https://*.amocrm.com/*', 'https://*.amocrm.ru/*'];

/** Declared as optional: at run time the manager grants exactly the one backend origin they typed. */
export const backendOriginPatterns = ['https://*/*', 'http://*/*'];

/** The permission pattern for one backend URL, e.g. `https://bridge.example.com/*`. */
export function originPattern(backendUrl: string): string {
  return `${new URL(backendUrl).origin}/*`;
}
