// Moosend → bridge. Moosend has no webhook registry: an automation's "Then post a webhook" action
// POSTs to a URL the admin enters (reference B.9). Its body is NOT documented anywhere found, nor is
// any signature — every body built here is a GUESS. They exist so the bridge's tolerant parser
// (SPEC §4.2: "an email address and an event name, in the common field spellings") is tested against
// several plausible spellings, and stores the raw body whatever it is.

/** Events an automation can be wired to post (B.9 / [S-M10]); any string is allowed. */
export type MoosendAutomationEvent = 'Subscribed' | 'Unsubscribed' | 'Bounced' | 'Opened' | 'Clicked' | 'CustomFieldChanged' | (string & {});

export interface AutomationWebhookFacts {
  email: string;
  event: MoosendAutomationEvent;
  name?: string;
  listId?: string;
  listName?: string;
  campaignId?: string;
  subject?: string;
  link?: string;
  /** Epoch ms; default now. */
  at?: number;
}

/** GUESSES, one per common spelling. None is known to be what Moosend sends. */
export const automationWebhookBodies = {
  /** PascalCase at the top level, as Moosend's API spells its own fields. */
  pascalCase(f: AutomationWebhookFacts): Record<string, unknown> {
    return compact({
      Event: f.event,
      Email: f.email,
      Name: f.name,
      MailingListID: f.listId,
      MailingListName: f.listName,
      CampaignID: f.campaignId,
      Subject: f.subject,
      Link: f.link,
      Timestamp: new Date(f.at ?? Date.now()).toISOString(),
    });
  },
  /** lower-case keys, as generic webhook tools tend to post. */
  lowerCase(f: AutomationWebhookFacts): Record<string, unknown> {
    return compact({
      event: f.event.toLowerCase(),
      email: f.email,
      name: f.name,
      list_id: f.listId,
      campaign_id: f.campaignId,
      subject: f.subject,
      url: f.link,
      timestamp: Math.floor((f.at ?? Date.now()) / 1000),
    });
  },
  /** The person nested under `Subscriber`, the event under `EventType`. */
  nestedSubscriber(f: AutomationWebhookFacts): Record<string, unknown> {
    return compact({
      EventType: f.event,
      Subscriber: compact({ Email: f.email, Name: f.name }),
      MailingList: f.listId === undefined ? undefined : compact({ ID: f.listId, Name: f.listName }),
      Campaign: f.campaignId === undefined ? undefined : compact({ ID: f.campaignId, Subject: f.subject }),
      Link: f.link,
      CreatedOn: `/Date(${f.at ?? Date.now()})/`,
    });
  },
  /** A member-style envelope with a .NET date, closest to the API's own subscriber shape. */
  memberEnvelope(f: AutomationWebhookFacts): Record<string, unknown> {
    return compact({
      Type: f.event,
      Member: compact({ Email: f.email, Name: f.name, MailingListID: f.listId }),
      Date: `/Date(${f.at ?? Date.now()})/`,
    });
  },
} as const;

export type AutomationWebhookSpelling = keyof typeof automationWebhookBodies;

function compact(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export interface SendAutomationWebhookOptions {
  url: string;
  /** An object is sent as JSON; a string is sent byte for byte (to test raw, odd or non-JSON bodies). */
  body: unknown;
  /** [UNCERTAIN] Moosend's own headers are unknown; default only `content-type: application/json`. */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface AutomationWebhookResult {
  status: number;
  text: string;
}

/** POSTs one automation webhook, as Moosend's "post a webhook" action would. */
export async function sendAutomationWebhook({ url, body, headers = {}, signal }: SendAutomationWebhookOptions): Promise<AutomationWebhookResult> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  const init: RequestInit = { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload };
  if (signal) init.signal = signal;
  const res = await fetch(url, init);
  return { status: res.status, text: await res.text() };
}
