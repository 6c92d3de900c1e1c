import type { SubscribeStatus } from './types.ts';

// The destructive behaviours of Moosend's upsert that the bridge must work around (reference B.4,
// SPEC §4.1). They are on by default; switching one off exists only to show that a bridge test can fail.

export interface MoosendTraps {
  /**
   * Statuses that `subscribe.json` / `subscribe_many.json` turn back into Subscribed (1).
   * Unsubscribed: documented — "the subscriber is added regardless of whether the subscriber has
   * previously been unsubscribed" [S-M4]. Bounced and Removed: [UNCERTAIN], not documented either
   * way; re-subscribed here too, the stricter reading (SPEC §4.1: never call subscribe for them).
   */
  resubscribes: SubscribeStatus[];
  /**
   * Tags left out of an upsert. The clearing rule [S-M2] is documented for custom fields only, so tags
   * are kept by default [UNCERTAIN]; `true` clears them like custom fields.
   */
  omittedTagsCleared: boolean;
}

export const DEFAULT_TRAPS: MoosendTraps = {
  resubscribes: ['Unsubscribed', 'Bounced', 'Removed'],
  omittedTagsCleared: false,
};
