import type { ChannelWire, EspProfileView } from '../../backend-lite/api/panelContract.ts';
import { usePanel } from './panelContext.ts';
import { StatusBadge } from './StatusBadge.tsx';

const channels: ChannelWire[] = ['email', 'sms'];

/** What one ESP knows about a person: channel statuses, tags, key fields, list memberships. */
export function EspProfile({ profile }: { profile: EspProfileView }) {
  const { locale } = usePanel();
  const { text } = locale;
  const fields = Object.entries(profile.fields);
  return (
    <div class="keb-profile">
      <ul class="keb-channels">
        {channels.map((channel) => {
          const state = profile.channels[channel];
          if (state === undefined) return null;
          return (
            <li
              key={channel}
              data-testid={`keb-status-${channel}`}
              data-status={state.status}
              title={state.since === null ? undefined : locale.absolute(state.since)}
            >
              <span class="keb-label">{text.channel[channel]}</span>
              <StatusBadge status={state.status} />
            </li>
          );
        })}
      </ul>
      {profile.tags.length > 0 && (
        <ul class="keb-tags" aria-label={text.tags}>
          {profile.tags.map((tag) => (
            <li key={tag} class="keb-tag" data-testid="keb-tag">
              {tag}
            </li>
          ))}
        </ul>
      )}
      {fields.length > 0 && (
        <dl class="keb-fields" aria-label={text.fields}>
          {fields.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value === null ? '—' : typeof value === 'boolean' ? (value ? text.yes : text.no) : String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
      {profile.lists.length > 0 && <p class="keb-caption">{text.lists}</p>}
      {profile.lists.length > 0 && (
        <ul class="keb-lists" aria-label={text.lists}>
          {profile.lists.map((list) => (
            <li key={list.id} data-testid="keb-list" data-status={list.status}>
              <span class="keb-label">{list.name ?? list.id}</span>
              <StatusBadge status={list.status} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
