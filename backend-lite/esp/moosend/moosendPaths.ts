/**
 * Moosend API v3 paths, in one place (reference esps.md §B.1: base `/v3`, the format is a path
 * extension, `.json` here). ky's prefixUrl takes paths without a leading slash.
 */
export const MOOSEND_API_VERSION = 'v3';

/** The public API origin; MOOSEND_API_URL replaces it (tests, the demo's simulator). */
export const MOOSEND_DEFAULT_ORIGIN = 'https://api.moosend.com';

const v = MOOSEND_API_VERSION;
const seg = (value: string) => encodeURIComponent(value);

export const moosendPaths = {
  /** B.2: every list with its member counts; it answers one page too, and says how many there are. */
  lists: () => `${v}/lists.json`,
  /** Paged lists (B.2): a page of one is the cheapest authenticated call there is. */
  listsPage: (page: number, pageSize: number) => `${v}/lists/${page}/${pageSize}.json`,
  listDetails: (listId: string) => `${v}/lists/${seg(listId)}/details.json`,
  /** B.2: a custom field must exist on the list before a subscriber's value for it is kept. */
  createCustomField: (listId: string) => `${v}/lists/${seg(listId)}/customfields/create.json`,
  /** B.3: a list's members with one status, paged; how unsubscribes and bounces are found. */
  membersByStatus: (listId: string, status: 'Unsubscribed' | 'Bounced') => `${v}/lists/${seg(listId)}/subscribers/${status}.json`,
  /** B.3: by email, per list. */
  view: (listId: string) => `${v}/subscribers/${seg(listId)}/view.json`,
  /** B.4: the destructive upsert (fields replaced, unsubscribed people re-subscribed). */
  subscribe: (listId: string) => `${v}/subscribers/${seg(listId)}/subscribe.json`,
  subscribeMany: (listId: string) => `${v}/subscribers/${seg(listId)}/subscribe_many.json`,
  /** B.5: account-wide unsubscribe (every list, suppression kept). */
  unsubscribeAccount: () => `${v}/subscribers/unsubscribe.json`,
} as const;
