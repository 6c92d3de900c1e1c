/**
 * The one interface the three ESPs implement (SPEC §4, issue #3), so the sync rules, the panel
 * and the tests never branch on which ESP they talk to. Vendor quirks (Moosend's destructive
 * upsert, Omnisend's newest-date-wins statuses, Customer.io's opt-out-by-attribute) stay inside
 * each adapter.
 */

export type EspName = 'omnisend' | 'moosend' | 'customerio';
export type Channel = 'email' | 'sms';

/** In words and colour on the panel (SPEC §3.1). */
export type ChannelStatus = 'subscribed' | 'not_subscribed' | 'unsubscribed' | 'bounced' | 'removed';

/** Who the bridge means: normalised identity (sync/identity.ts) plus the Kommo ids behind it. */
export type ContactIdentity = {
  email: string;
  phone: string | null;
  kommoContactId: number;
  kommoDealId: number | null;
};

export type ActivityKind = 'sent' | 'delivered' | 'opened' | 'clicked' | 'bounced' | 'unsubscribed' | 'converted' | 'spammed';

export type EspActivity = {
  kind: ActivityKind;
  at: number;
  subject: string | null;
  link: string | null;
  /** Bounce type, campaign name, … as the ESP reports it. */
  detail: string | null;
  /** The ESP's own id of the event, for dedupe. */
  sourceId: string | null;
};

export type EspProfile =
  | { found: false }
  | {
      found: true;
      espContactId: string;
      channels: Partial<Record<Channel, { status: ChannelStatus; since: number | null }>>;
      tags: string[];
      /** The few fields that matter on the panel: plan, MRR, kommo_deal_id … */
      fields: Record<string, string | number | boolean | null>;
      /** Moosend: membership per mailing list. */
      lists: { id: string; name: string | null; status: ChannelStatus }[];
      /** Customer.io's App API has per-person activity; the others return []. */
      activity: EspActivity[];
      /** The contact in the ESP's own web app, where it has one. */
      deepLink: string | null;
    };

/**
 * A push from Kommo. It never says "subscribed" on its own: consent is a separate, explicit
 * field that only a consent rule sets (SPEC §4.1: never subscribe because a deal was won).
 */
export type ContactPush = {
  identity: ContactIdentity;
  firstName: string | null;
  lastName: string | null;
  /** Only the fields the bridge manages; every other field on the ESP side must survive. */
  fields: Record<string, string | number | boolean | null>;
  addTags: string[];
  removeTags: string[];
  /** Moosend: the list to add or update the person in. */
  list: string | null;
  /** Customer.io: an event to send after the upsert; `id` is a ULID derived from the change. */
  event: { name: string; id: string; data: Record<string, unknown> } | null;
  /** Status for a contact the ESP does not know yet; existing contacts keep theirs. */
  newContactStatus: Partial<Record<Channel, 'subscribed' | 'not_subscribed'>>;
};

export type PushResult = {
  /** Created, updated, or left alone (e.g. Moosend: unsubscribed people are never re-subscribed). */
  outcome: 'created' | 'updated' | 'skipped';
  /** In words, for the note on the deal and the sync log. */
  summary: string;
  /**
   * The write itself left the person unsubscribed at the ESP (Customer.io: a new person without
   * consent is created with `unsubscribed: true`), so the ESP's "unsubscribed" report that follows
   * is the bridge's own echo, not the person's choice.
   */
  leftUnsubscribed?: boolean;
};

/** An opt-out or bounce that happened inside the ESP, found by polling (SPEC §4.2). */
export type EspStatusChange = {
  email: string;
  kind: 'unsubscribed' | 'bounced';
  at: number;
  /** Stable for the same change, so finding it twice makes one event. */
  sourceId: string;
};

export type EspAdapter = {
  readonly name: EspName;
  /** A cheap authenticated call: on save in the settings page, and on /healthz. */
  checkCredentials(): Promise<void>;
  readProfile(identity: ContactIdentity): Promise<EspProfile>;
  push(change: ContactPush): Promise<PushResult>;
  /** Many contacts at once (a mass move to Won) through the ESP's batch endpoint where it has one. */
  pushMany(changes: readonly ContactPush[]): Promise<PushResult[]>;
  optOut(identity: ContactIdentity, channels: readonly Channel[]): Promise<PushResult>;
  /**
   * For ESPs that send no event for it (Omnisend, Moosend): status changes since `since` (Unix ms),
   * and the watermark to ask from next time.
   */
  statusChangesSince?(since: number): Promise<{ changes: EspStatusChange[]; watermark: number }>;
};
