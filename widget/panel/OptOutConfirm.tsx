import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChannelWire } from '../../backend-lite/api/panelContract.ts';
import { usePanel } from './panelContext.ts';

type OptOutConfirmProps = {
  contactId: number;
  contactName: string;
  onConfirm: (channels: ChannelWire[]) => void;
  onCancel: () => void;
};

/** The confirm step of "opt out everywhere", inside the panel: window.confirm would block Kommo's page. */
export function OptOutConfirm({ contactId, contactName, onConfirm, onCancel }: OptOutConfirmProps) {
  const { text } = usePanel().locale;
  const [chosen, setChosen] = useState<Record<ChannelWire, boolean>>({ email: true, sms: false });
  const firstControl = useRef<HTMLInputElement>(null);
  const channels = (['email', 'sms'] as const).filter((channel) => chosen[channel]);
  const questionId = `keb-optout-question-${contactId}`;

  useEffect(() => firstControl.current?.focus(), []);

  return (
    <div
      class="keb-confirm"
      role="dialog"
      aria-labelledby={questionId}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <p id={questionId} class="keb-confirm-question">
        {text.optOutQuestion(contactName)}
      </p>
      <fieldset>
        <legend>{text.optOutChannels}</legend>
        {(['email', 'sms'] as const).map((channel, index) => (
          <label key={channel}>
            <input
              type="checkbox"
              ref={index === 0 ? firstControl : undefined}
              checked={chosen[channel]}
              onChange={(event) => setChosen({ ...chosen, [channel]: event.currentTarget.checked })}
            />
            {text.channel[channel]}
          </label>
        ))}
      </fieldset>
      <div class="keb-row">
        <button
          type="button"
          class="keb-button keb-button--danger"
          data-testid="keb-optout-confirm"
          disabled={channels.length === 0}
          onClick={() => onConfirm(channels)}
        >
          {text.optOutConfirm}
        </button>
        <button type="button" class="keb-button" data-testid="keb-optout-cancel" onClick={onCancel}>
          {text.cancel}
        </button>
      </div>
    </div>
  );
}
