// Shapes stored by the Moosend simulator. Wire shapes (PascalCase) live in serialize.ts; these are the
// simulator's own records, in milliseconds and plain strings.

/** Reference B.3: 1 Subscribed, 2 Unsubscribed, 3 Bounced, 4 Removed — per mailing list. */
export const SUBSCRIBE_TYPE = { Subscribed: 1, Unsubscribed: 2, Bounced: 3, Removed: 4 } as const;
export type SubscribeType = (typeof SUBSCRIBE_TYPE)[keyof typeof SUBSCRIBE_TYPE];
export type SubscribeStatus = keyof typeof SUBSCRIBE_TYPE;

/** Reference B.3: 0 subscription form, 1 file import, 2 manually added. */
export type SubscribeMethod = 0 | 1 | 2;

/** Reference B.2: the names `customfields/create.json` takes in `CustomFieldType`. */
export type CustomFieldType = 'Text' | 'Number' | 'DateTime' | 'SingleSelectDropdown' | 'CheckBox';

export interface CustomFieldDefinition {
  id: string;
  name: string;
  type: CustomFieldType;
  isRequired: boolean;
  isHidden: boolean;
  /** SingleSelectDropdown choices; empty otherwise. */
  options: string[];
}

export interface MailingList {
  id: string;
  name: string;
  createdOn: number;
  updatedOn: number;
  customFields: CustomFieldDefinition[];
  confirmationPage: string | null;
  redirectAfterUnsubscribePage: string | null;
}

/** One person in one list. The same email in another list is another Member with its own ID. */
export interface Member {
  id: string;
  listId: string;
  /** Stored lower-cased: the blueprint's subscribe example answers `someemail@…` for `someEmail@…`. */
  email: string;
  name: string | null;
  createdOn: number;
  updatedOn: number;
  unsubscribedOn: number | null;
  unsubscribedFromId: string | null;
  removedOn: number | null;
  subscribeType: SubscribeType;
  subscribeMethod: SubscribeMethod;
  /** Field id → value; a cleared field has no entry. */
  fieldValues: Map<string, string>;
  tags: string[];
  preferences: string[];
  /** Insertion order, to keep sorting stable when two members share a millisecond. */
  seq: number;
}

/** Who changed a member: an API call (what the bridge did) or a person in Moosend (seed/app). */
export type ChangeSource =
  | 'seed'
  | 'api:subscribe'
  | 'api:subscribe_many'
  | 'api:update'
  | 'api:unsubscribe_account'
  | 'api:unsubscribe_list'
  | 'api:unsubscribe_campaign'
  | 'api:remove'
  | 'api:remove_many'
  | 'api:delete_list'
  | 'api:delete_account'
  | 'app:unsubscribe'
  | 'app:bounce'
  | 'app:remove';

export type HistoryEntry =
  | {
      kind: 'status';
      at: number;
      source: ChangeSource;
      /** null: the member did not exist in the list before. */
      from: SubscribeStatus | null;
      /** null: the member was deleted from the list. */
      to: SubscribeStatus | null;
    }
  | {
      kind: 'fields';
      at: number;
      source: ChangeSource;
      /** Field name → value, before and after the write. */
      before: Record<string, string>;
      after: Record<string, string>;
      /** Names that had a value and lost it because the request left them out (the B.4 trap). */
      cleared: string[];
      /** `Name=Value` names in the request that the list does not define (dropped). */
      ignored: string[];
    }
  | {
      kind: 'tags';
      at: number;
      source: ChangeSource;
      before: string[];
      after: string[];
    };
