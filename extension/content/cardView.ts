import { mountPanel } from '../../widget/panel/mountPanel.tsx';
import type { ConnectionProblem } from '../shared/connectionState.ts';
import { problemText } from '../shared/connectionText.ts';
import { backendTransport } from './backendTransport.ts';
import type { CardRoute } from './cardRoute.ts';

export type CardViewOptions = {
  route: CardRoute;
  /** Known before mounting (no settings, token refused, another account); the panel is not mounted then. */
  problem: ConnectionProblem | null;
  language: string;
  layout: 'inline' | 'drawer';
  openOptions: () => void;
};

export type CardView = { unmount(): void };

const CONTACT_HINT = {
  title: 'Open a deal to see its contacts’ ESP data.',
  detail: 'The ESP Bridge panel shows a deal’s contacts; this contact’s deals are listed on the left.',
};

function noticeElement(reason: string, { title, detail }: { title: string; detail: string }, openOptions: (() => void) | null): HTMLElement {
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
  if (openOptions) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = 'Open ESP Bridge options';
    button.addEventListener('click', openOptions);
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
  let frame: HTMLElement;
  if (layout === 'drawer') {
    frame = drawerFrame(container);
  } else {
    frame = document.createElement('div');
    frame.className = 'keb-inline';
    container.append(frame);
  }

  if (problem) {
    frame.append(noticeElement(problem.kind, problemText(problem), openOptions));
    return { unmount: () => container.replaceChildren() };
  }
  if (route.kind === 'contact') {
    frame.append(noticeElement('hint', CONTACT_HINT, null));
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
      panelHost.replaceWith(noticeElement(later.kind, problemText(later), openOptions));
    }),
  });
  return {
    unmount() {
      panel.unmount();
      container.replaceChildren();
    },
  };
}
