import type { ChannelStatusWire } from '../../backend-lite/api/panelContract.ts';
import { usePanel } from './panelContext.ts';

/** A status in words and colour: the colour alone would fail colour-blind managers. */
export function StatusBadge({ status }: { status: ChannelStatusWire }) {
  const { locale } = usePanel();
  return (
    <span class={`keb-badge keb-badge--${status}`}>
      <span class="keb-dot" aria-hidden="true" />
      {locale.text.status[status]}
    </span>
  );
}
