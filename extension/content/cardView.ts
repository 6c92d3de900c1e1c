import { mountPanel } from '../../widget/panel/mountPanel.tsx';
import type { ConnectionProblem } from '../shared/connectionState.ts';
import { problemText } from '../shared/connectionText.ts';
import { extensionText } from '../shared/i18n/extensionText.ts';
import { backendTransport } from './backendTransport.ts';
import type { CardRoute } from './cardRoute.ts';

export type CardViewOptions = {
  route: CardRoute;
  /** Known before mounting (no settings, token refused, another account); the panel is not mounted then. */
  problem: ConnectionProblem | null;
  /** The page's language: the panel and the words around it speak it (English when neither knows it). */
  language: string;
  layout: 'inline' | 'drawer';
  openOptions: () => void;
};

export type CardView = { unmount(): void };

type Notice = { title: string; detail: string };
type OptionsButton = { label: string; open: () => void };

function noticeElement(reason: string, { title, detail }: Notice, optionsButton: OptionsButton | null): HTMLElement {
  const notice = document.createElement('div');
  notice.className = 'keb-notice';
  notice.setAttribute('role', reason === 'hint' ? 'status' : 'alert');
  notice.dataset['testid'] = 'keb-extension-notice';
  notice.dataset['reason'] = reason;
  const titleLine = document.createElement('p');
  titleLine.className = 'keb-notice-title';
  titleLine.textContent = title;
  const detailLine = document.createElement('p');
  detailLine.textContent = detail;
  notice.append(titleLine, detailLine);
  if (optionsButton) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = optionsButton.label;
    button.addEventListener('click', optionsButton.open);
    notice.append(button);
  }
  return notice;
}

/** The collapsible drawer used where the card has no right column to sit in. */
function drawerFrame(container: HTMLElement): HTMLElement {
  const drawer = document.createElement('div');
  drawer.className = 'keb-drawer';
  drawer.dataset['testid'] = 'keb-drawer';
  drawer.dataset['open'] = 'true';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'keb-drawer-toggle';
  toggle.dataset['testid'] = 'keb-drawer-toggle';
  toggle.textContent = 'ESP Bridge';
  toggle.setAttribute('aria-expanded', 'true');
  const body = document.createElement('div');
  body.className = 'keb-drawer-body';
  body.id = 'keb-drawer-body';
  toggle.setAttribute('aria-controls', body.id);
  toggle.addEventListener('click', () => {
    const open = drawer.dataset['open'] !== 'true';
    drawer.dataset['open'] = String(open);
    toggle.setAttribute('aria-expanded', String(open));
  });
  drawer.append(toggle, body);
  container.append(drawer);
  return body;
}

/**
 * What the extension shows in one card: the shared panel, or a sentence saying what to fix. A
 * connection problem that shows up later (token revoked while the card is open) swaps the panel
 * for that sentence, so the manager never looks at an empty or misleading panel.
 */
export function renderCardView(container: HTMLElement, { route, problem, language, layout, openOptions }: CardViewOptions): CardView {
  const text = extensionText(language);
  const optionsButton = { label: text.openOptions, open: openOptions };
  let frame: HTMLElement;
  if (layout === 'drawer') {
    frame = drawerFrame(container);
  } else {
    frame = document.createElement('div');
    frame.className = 'keb-inline';
    container.append(frame);
  }

  if (problem) {
    frame.append(noticeElement(problem.kind, problemText(problem, text), optionsButton));
    return { unmount: () => container.replaceChildren() };
  }
  if (route.kind === 'contact') {
    frame.append(noticeElement('hint', text.contactHint, null));
    return { unmount: () => container.replaceChildren() };
  }

  const panelHost = document.createElement('div');
  frame.append(panelHost);
  let shownProblem = false;
  const panel = mountPanel(panelHost, {
    leadId: route.id,
    language,
    transport: backendTransport((later) => {
      if (shownProblem) return;
      shownProblem = true;
      panel.unmount();
      panelHost.replaceWith(noticeElement(later.kind, problemText(later, text), optionsButton));
    }),
  });
  return {
    unmount() {
      panel.unmount();
      container.replaceChildren();
    },
  };
}
