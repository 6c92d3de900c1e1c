/**
 * The card's right column, where Kommo puts widget blocks (`lcard-1`): `#widgets_block` holding
 * `.card-widgets__elements`, as public widgets that mount there by hand select it. Kommo renders a
 * card after the URL changes, so the column is waited for, briefly, before the drawer takes over.
 */
export const CARD_COLUMN_SELECTOR = '#widgets_block .card-widgets__elements';

export function waitForCardColumn(signal: AbortSignal, timeoutMs: number): Promise<Element | null> {
  const found = document.querySelector(CARD_COLUMN_SELECTOR);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const finish = (column: Element | null) => {
      observer.disconnect();
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(column);
    };
    const onAbort = () => finish(null);
    const observer = new MutationObserver(() => {
      const column = document.querySelector(CARD_COLUMN_SELECTOR);
      if (column) finish(column);
    });
    const timer = setTimeout(() => finish(null), timeoutMs);
    signal.addEventListener('abort', onAbort);
    observer.observe(document.documentElement, { childList: true, subtree: true });
  });
}
