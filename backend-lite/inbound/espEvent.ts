import type { ActivityKind, EspName } from '../esp/espAdapter.ts';

/** One thing an ESP told the bridge about a person, whatever the ESP's wire format. */
export type EspEvent = {
  esp: EspName;
  kind: ActivityKind;
  /** Normalised like every identity the bridge sends (sync/identity.ts). */
  email: string;
  at: number;
  subject: string | null;
  link: string | null;
  /** Bounce type or failure message, for the note and the `email status` field. */
  detail: string | null;
  /** The ESP's id of the event (Customer.io event_id); dedupes re-deliveries. */
  sourceId: string;
  /**
   * The message the event is about (Customer.io delivery_id; a campaign id, else its name, in an
   * automation body), so that several opens of one email make one note. null: not known.
   */
  messageId: string | null;
};
