import { OMNISEND_TRIGGER_PLACEHOLDER, type SettingsResponse } from '../api/adminContract.ts';
import { SECRET_HEADER } from '../api/unsignedEspWebhook.ts';
import type { Rules } from '../config/rules.ts';

/**
 * The body of the Omnisend automation's webhook step, in the shape parseUnsignedWebhook reads
 * (`{event, contactEmail, campaign, link}`), with Omnisend's merge tags where Omnisend fills the
 * values in. An automation has one trigger and Omnisend has no merge tag naming it, so the admin
 * types the event per automation; left as the placeholder, the body is parked, not misread.
 */
const omnisendBodyTemplate = JSON.stringify(
  { event: OMNISEND_TRIGGER_PLACEHOLDER, contactEmail: '[[contact.email]]', campaign: '[[event.raw.campaign_name]]', link: '[[event.raw.link]]' },
  null,
  2,
);

/** Moosend decides its own body (reference esps.md §B.9); what the bridge needs to find in it. */
const moosendBodyHint = JSON.stringify({ event: 'unsubscribed', email: 'jane.doe@example.com' }, null, 2);

/** Header names are case-insensitive; the page shows the spelling people type. */
const headerName = SECRET_HEADER.replace(/(^|-)[a-z]/g, (start) => start.toUpperCase());

/**
 * What the admin pastes into each ESP's automation step. The header value is the real secret: the
 * admin has to paste it, and only admins read this answer; the rules themselves stay masked.
 */
export function webhookSetupFor(rules: Rules): NonNullable<SettingsResponse['webhookSetup']> {
  const headerSecret = rules.omnisend?.webhookHeaderSecret;
  return {
    omnisend: rules.omnisend ? { bodyTemplate: omnisendBodyTemplate, header: headerSecret ? { name: headerName, value: headerSecret } : null } : null,
    moosend: rules.moosend ? { bodyHint: moosendBodyHint } : null,
  };
}
