import { useState } from 'preact/hooks';
import type { TimelineEntry } from '../../backend-lite/api/panelContract.ts';
import { espDisplayName } from './espDisplayName.ts';
import { usePanel } from './panelContext.ts';
import { safeHttpUrl } from './safeHttpUrl.ts';

/** Enough to see the last campaign's story in a 300 px column; the rest is one click away. */
const FIRST_ENTRIES = 12;

const icons = {
  sent: '➜',
  delivered: '✓',
  opened: '◉',
  clicked: '↗',
  bounced: '⚠',
  unsubscribed: '⊘',
  converted: '★',
  spammed: '⚑',
} satisfies Record<TimelineEntry['kind'], string>;

export function Timeline({ entries, showEmail }: { entries: TimelineEntry[]; showEmail: boolean }) {
  const { text } = usePanel().locale;
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? entries : entries.slice(0, FIRST_ENTRIES);
  return (
    <section class="keb-timeline" data-testid="keb-timeline" aria-label={text.timeline}>
      <h3>{text.timeline}</h3>
      {entries.length === 0 ? (
        <p class="keb-muted">{text.noActivity}</p>
      ) : (
        <ol>
          {shown.map((entry, index) => (
            <TimelineRow key={`${entry.at}-${entry.esp}-${entry.kind}-${index}`} entry={entry} showEmail={showEmail} />
          ))}
        </ol>
      )}
      {shown.length < entries.length && (
        <button type="button" class="keb-button keb-button--link" onClick={() => setExpanded(true)}>
          {text.showAllActivity(entries.length)}
        </button>
      )}
    </section>
  );
}

function TimelineRow({ entry, showEmail }: { entry: TimelineEntry; showEmail: boolean }) {
  const { model, locale } = usePanel();
  const { text } = locale;
  const link = entry.kind === 'clicked' ? safeHttpUrl(entry.link) : null;
  const word = entry.kind === 'bounced' && entry.detail !== null ? text.bouncedWithType(entry.detail) : text.activity[entry.kind];
  return (
    <li class={`keb-entry keb-entry--${entry.kind}`} data-testid="keb-timeline-entry" data-kind={entry.kind}>
      <span class="keb-entry-icon" aria-hidden="true">
        {icons[entry.kind]}
      </span>
      <div class="keb-entry-body">
        <div class="keb-entry-head">
          <strong>{word}</strong>
          <span class="keb-muted"> · {espDisplayName[entry.esp]} · </span>
          <time class="keb-muted" dateTime={new Date(entry.at).toISOString()} title={locale.absolute(entry.at)}>
            {locale.ago(entry.at, model.clock.value)}
          </time>
        </div>
        {entry.subject !== null && <div class="keb-entry-subject">{entry.subject}</div>}
        {link !== null && (
          <a class="keb-entry-link" href={link} target="_blank" rel="noopener noreferrer">
            {link}
          </a>
        )}
        {showEmail && <div class="keb-muted">{entry.email}</div>}
      </div>
    </li>
  );
}
