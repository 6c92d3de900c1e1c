import { mountPanel } from '../panel/mountPanel.tsx';
import { authorizedTransport } from './authorizedTransport.ts';
import { kommoApp, type KommoWidget } from './kommoHost.ts';
import { backendUrlFrom } from './widgetSettings.ts';

export type CardMount = { unmount(): void };

const ROOT_CLASS = 'keb-widget-root';

/** The root `render_template` just placed in the right column: the newest one nobody has filled. */
function freshRoot(): HTMLElement | null {
  const roots = [...document.querySelectorAll<HTMLElement>(`.${ROOT_CLASS}`)].filter(
    (root) => !root.shadowRoot && !root.hasChildNodes(),
  );
  return roots.at(-1) ?? null;
}

function showText(root: HTMLElement, text: string): CardMount {
  const paragraph = document.createElement('p');
  paragraph.className = 'keb-widget-hint';
  paragraph.textContent = text;
  root.append(paragraph);
  return { unmount: () => paragraph.remove() };
}

/**
 * Fills the widget's block in the card's right column (`lcard-1`, `ccard-1`). The panel API is per
 * deal, so a contact card only points the manager to a deal. Returns null where there is no saved
 * card to show (other areas, a new card whose id is still 0).
 */
export function renderCardPanel(widget: KommoWidget): CardMount | null {
  const app = kommoApp();
  const card = app?.data?.current_card;
  const cardId = card ? Number(card.id) : 0;
  const area = widget.system().area;
  if (!Number.isInteger(cardId) || cardId <= 0 || (area !== 'lcard' && area !== 'ccard')) return null;

  widget.render_template({ caption: { class_name: 'keb-widget-caption' }, body: `<div class="${ROOT_CLASS}"></div>`, render: '' });
  const root = freshRoot();
  if (!root) return null;

  const texts = widget.i18n('card') ?? {};
  if (area === 'ccard') return showText(root, texts['contact_hint'] ?? 'card.contact_hint');
  const backendUrl = backendUrlFrom(widget.get_settings());
  if (!backendUrl) return showText(root, texts['no_backend_url'] ?? 'card.no_backend_url');

  return mountPanel(root, {
    leadId: cardId,
    language: app?.lang_id ?? 'en',
    transport: authorizedTransport(widget, backendUrl),
  });
}
