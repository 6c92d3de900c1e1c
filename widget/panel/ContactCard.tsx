import { useEffect, useRef, useState } from 'preact/hooks';
import type { PanelContact } from '../../backend-lite/api/panelContract.ts';
import { EspBlock } from './EspBlock.tsx';
import { OptOutConfirm } from './OptOutConfirm.tsx';
import { usePanel } from './panelContext.ts';

export function ContactCard({ contact }: { contact: PanelContact }) {
  const { model, locale } = usePanel();
  const { text } = locale;
  const [confirming, setConfirming] = useState(false);
  const optOutButton = useRef<HTMLButtonElement>(null);
  // Focus goes back to the button that opened the confirm step, not to the top of Kommo's page.
  const returnFocus = useRef(false);
  const name = contact.name ?? contact.email ?? text.unnamedContact;
  const headingId = `keb-contact-name-${contact.kommoContactId}`;

  useEffect(() => {
    if (!confirming && returnFocus.current) {
      returnFocus.current = false;
      optOutButton.current?.focus();
    }
  }, [confirming]);

  function close() {
    returnFocus.current = true;
    setConfirming(false);
  }

  return (
    <article class="keb-contact" data-testid={`keb-contact-${contact.kommoContactId}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{contact.name ?? text.unnamedContact}</h3>
      <p class="keb-ids">
        {contact.email !== null && <span>{contact.email}</span>}
        {contact.phone !== null && <span>{contact.phone}</span>}
      </p>
      {contact.email === null ? (
        <p class="keb-note">{text.noEmail}</p>
      ) : (
        <p class="keb-muted" title={contact.lastSyncedAt === null ? undefined : locale.absolute(contact.lastSyncedAt)}>
          {contact.lastSyncedAt === null ? text.neverSynced : text.lastSynced(locale.ago(contact.lastSyncedAt, model.clock.value))}
        </p>
      )}
      {contact.esps.map((view) => (
        <EspBlock key={view.esp} view={view} />
      ))}
      {contact.email !== null &&
        (confirming ? (
          <OptOutConfirm
            contactId={contact.kommoContactId}
            contactName={name}
            onCancel={close}
            onConfirm={(channels) => {
              close();
              void model.optOut(contact.kommoContactId, channels);
            }}
          />
        ) : (
          <button
            type="button"
            ref={optOutButton}
            class="keb-button keb-button--quiet-danger"
            data-testid={`keb-optout-${contact.kommoContactId}`}
            aria-label={text.optOutOf(name)}
            // aria-disabled, not disabled: focus returns here after the confirm step while the opt-out runs.
            aria-disabled={model.actionRunning.value}
            onClick={() => {
              if (!model.actionRunning.value) setConfirming(true);
            }}
          >
            {text.optOut}
          </button>
        ))}
    </article>
  );
}
