// The contact as Omnisend keeps it (reference §A.2 ContactResponse, §A.3 statuses). One identifier
// carries exactly one channel: an email identifier the `email` channel, a phone identifier `sms`.

export const CHANNEL_STATUSES = ['subscribed', 'unsubscribed', 'nonSubscribed'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];
export type ChannelName = 'email' | 'sms';
export type IdentifierType = 'email' | 'phone';

export const channelOf = (type: IdentifierType): ChannelName => (type === 'email' ? 'email' : 'sms');

export interface ChannelState {
  status: ChannelStatus;
  /** Epoch ms of `statusChangedAt`. */
  changedAt: number;
}

export interface StoredIdentifier {
  type: IdentifierType;
  /** Exactly as first written: email identifiers are case-sensitive (reference §A.2). */
  id: string;
  channel: ChannelState;
  source?: string;
}

export const PROFILE_FIELDS = ['firstName', 'lastName', 'country', 'countryCode', 'state', 'city', 'address', 'postalCode', 'gender', 'birthdate'] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];
export type Profile = Partial<Record<ProfileField, string>>;

export type CustomValue = string | number | boolean | string[];

export interface OptIn {
  channel: ChannelName;
  optInAt: number;
}

export interface Consent {
  channel: ChannelName;
  createdAt: number;
  ip?: string;
  source?: string;
  userAgent?: string;
}

export interface StoredContact {
  id: string;
  identifiers: StoredIdentifier[];
  profile: Profile;
  tags: string[];
  customProperties: Record<string, CustomValue>;
  segments: string[];
  optIns: OptIn[];
  consents: Consent[];
  createdAt: number;
  updatedAt: number;
}

/** One identifier of a write, already validated. */
export interface IdentifierWrite {
  type: IdentifierType;
  id: string;
  /** Absent when the request carried no status for the channel: the channel is then left as it is. */
  status?: ChannelState;
  consent?: Omit<Consent, 'channel'>;
  /** As sent; undefined means "not sent", which the 2026 API treats as true (reference §A.2). */
  sendWelcomeMessage?: boolean;
  source?: string;
}

/** A validated contact write (POST/PATCH body, event contact, batch item). */
export interface ContactWrite {
  identifiers: IdentifierWrite[];
  profile: Profile;
  tags?: string[];
  customProperties?: Record<string, CustomValue>;
}

/** What happened to one channel status a write (or the app) carried — the trap's audit trail. */
export interface StatusChange {
  contactId: string;
  identifier: string;
  channel: ChannelName;
  /** Status before the write; null when the identifier is new. */
  from: ChannelStatus | null;
  /** Status the write asked for. */
  requested: ChannelStatus;
  requestedChangedAt: string;
  /** Status after the write. */
  to: ChannelStatus;
  /**
   * created: new identifier; changed: status flipped; unchanged: same status (date refreshed);
   * ignored-older: the write's date was older than the stored one, nothing changed (reference §A.2).
   */
  outcome: 'created' | 'changed' | 'unchanged' | 'ignored-older';
  /** Which door the write came through, e.g. "POST /api/contacts", "app unsubscribe", "seed". */
  via: string;
  /** Wall-clock time the simulator applied it. */
  at: string;
}

/** A welcome message the account's welcome workflow would have sent (reference §A.2 sendWelcomeMessage). */
export interface WelcomeMessage {
  contactId: string;
  identifierType: IdentifierType;
  identifier: string;
  /** The flag as the request carried it; undefined = not sent, defaulted to true by the 2026 API. */
  sendWelcomeMessageSent: boolean | undefined;
  channelStatus: ChannelStatus;
  via: string;
  at: string;
}
