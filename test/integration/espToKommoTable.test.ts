import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  customerUnsubscribed,
  emailBounced,
  emailClicked,
  emailConverted,
  emailOpened,
  emailUnsubscribed,
  startCustomerioSimulator,
  type CustomerioSimulator,
  type ReportingEvent,
} from '../simulators/customerio/index.ts';
import { CURRENT_USER_ID, startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { automationWebhookBodies, DEFAULT_MOOSEND_API_KEY, sendAutomationWebhook as sendMoosend, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { DEFAULT_OMNISEND_API_KEY, renderFixtureWebhookBody, sendAutomationWebhook as sendOmnisend, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';

/**
 * SPEC §4.2, the table row by row, for every ESP that can tell the bridge about the event: what
 * Kommo received (the contact PATCH, notes, tasks) and what the activity log holds.
 *
 * Jane has two open deals, 900 (older, her first manager's) and 901 (most recent, another
 * manager's), and a won one, 902.
 */
const EMAIL = 'jane.doe@example.com';
const OTHER_MANAGER = 8000002;
const paths = { omnisend: 'omnisend-path-secret-0123456789', moosend: 'moosend-path-secret-0123456789ab', customerio: 'cio-path-secret-0123456789abcdef' };
const omnisendHeader = 'omnisend-header-secret-0123456789';

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let moosend: MoosendSimulator;
let cio: CustomerioSimulator;
let bridge: InProcessBridge | undefined;
let contactId: number;
let listId: string;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  moosend = await startMoosendSimulator({ rateWindowScale: 0.05 });
  cio = await startCustomerioSimulator();
  listId = moosend.seedList({ name: 'Customers', customFields: ['plan', 'kommo_deal_id'] }).id;
  contactId = kommo.addContact({ name: 'Jane Doe', email: EMAIL }).id;
  kommo.addLead({ id: 900, status_id: 67548607, updated_at: 1_700_000_000, contacts: [contactId], responsible_user_id: CURRENT_USER_ID });
  kommo.addLead({ id: 901, status_id: 67548619, updated_at: 1_700_000_500, contacts: [contactId], responsible_user_id: OTHER_MANAGER });
  kommo.addLead({ id: 902, status_id: 142, updated_at: 1_700_000_900, contacts: [contactId] });
});
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
  await Promise.all([kommo.close(), omnisend.close(), moosend.close(), cio.close()]);
});

async function start(notes: { opened?: boolean; clicked?: boolean } = {}) {
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET', fields: { emailOptIn: { entity: 'contact', id: 512003 }, emailStatus: { entity: 'contact', id: 512004 } } },
      omnisend: { apiKey: DEFAULT_OMNISEND_API_KEY, webhookSecret: paths.omnisend, webhookHeaderSecret: omnisendHeader },
      moosend: { apiKey: DEFAULT_MOOSEND_API_KEY, webhookSecret: paths.moosend, on: { won: { list: listId } } },
      customerio: { siteId, trackApiKey, appApiKey, webhookSecret: paths.customerio, webhookSigningKey },
      notes: { afterPush: true, opened: notes.opened ?? false, clicked: notes.clicked ?? true },
    },
    env: { OMNISEND_API_URL: omnisend.origin, MOOSEND_API_URL: moosend.origin, CUSTOMERIO_TRACK_URL: cio.trackOrigin, CUSTOMERIO_APP_URL: cio.appOrigin },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
  return bridge;
}

const who = { identifiers: { id: '42', email: 'Jane.Doe@Example.com', cio_id: 'd9c106000001' } };

/** How each ESP tells the bridge: a signed Reporting Webhook, an automation step, or the bridge's poll. */
const send = {
  async customerio(event: ReportingEvent) {
    const delivery = await cio.sendReportingWebhook({ url: `${bridge!.origin}/webhooks/customerio/${paths.customerio}`, body: event });
    expect(delivery.status).toBe(200);
  },
  async omnisend(facts: { event: string; campaign?: string; link?: string }) {
    const body = renderFixtureWebhookBody({ contactEmail: 'Jane.Doe@example.com', ...facts });
    const answer = await sendOmnisend({ url: `${bridge!.origin}/webhooks/omnisend/${paths.omnisend}`, headers: [{ key: 'X-Bridge-Secret', value: omnisendHeader }], body });
    expect(answer.status).toBe(200);
  },
  async moosend(body: Record<string, unknown>) {
    const answer = await sendMoosend({ url: `${bridge!.origin}/webhooks/moosend/${paths.moosend}`, body });
    expect(answer.status).toBe(200);
  },
  async poll() {
    await bridge!.schedulePolls();
  },
};

const drained = () => queueDrained(bridge!);
const patches = () => kommo.requests.filter((r) => r.method === 'PATCH').map((r) => [r.path, r.body]);
const notes = () => kommo.notes.map((n) => [n.entity_type, n.entity_id, n.params['text']]);
const tasks = () => kommo.tasks.map((t) => [t.entity_type, t.entity_id, t.text, t.responsible_user_id]);
const activity = () =>
  bridge!.db.prepare('SELECT esp, event, email, kommo_contact_id AS contact, subject, link, detail, message_id AS message FROM activity ORDER BY id').all();

const optedOut = { custom_fields_values: [{ field_id: 512003, values: [{ value: false }] }, { field_id: 512004, values: [{ value: 'unsubscribed' }] }] };
const UNSUBSCRIBE_TASK = 'Client unsubscribed — clarify preferences';
const VERIFY_TASK = 'Verify the email address';

describe('unsubscribed (any ESP) → opt-in no, status unsubscribed; a note on each open deal; a task for each deal’s manager', () => {
  const sources: [string, 'customerio' | 'omnisend' | 'moosend', string, () => Promise<void>][] = [
    ['Customer.io customer/unsubscribed', 'customerio', 'Customer.io: jane.doe@example.com unsubscribed from email.', () => send.customerio(customerUnsubscribed(who))],
    [
      'Customer.io email/unsubscribed (the email’s own link)',
      'customerio',
      'Customer.io: jane.doe@example.com unsubscribed from email (from “Monthly news”).',
      () => send.customerio(emailUnsubscribed({ ...who, subject: 'Monthly news' })),
    ],
    ['an Omnisend automation webhook', 'omnisend', 'Omnisend: jane.doe@example.com unsubscribed from email.', () => send.omnisend({ event: 'unsubscribed' })],
    [
      'the Omnisend poll',
      'omnisend',
      'Omnisend: jane.doe@example.com unsubscribed from email.',
      async () => {
        omnisend.seedContact({ email: EMAIL, emailStatus: 'subscribed', emailStatusChangedAt: '2026-01-01T00:00:00Z' });
        omnisend.setUnsubscribedInApp(EMAIL, new Date());
        await send.poll();
      },
    ],
    [
      'a Moosend automation webhook',
      'moosend',
      'Moosend: jane.doe@example.com unsubscribed from email.',
      () => send.moosend(automationWebhookBodies.pascalCase({ email: 'Jane.Doe@Example.com', event: 'Unsubscribed' })),
    ],
    [
      'the Moosend poll',
      'moosend',
      'Moosend: jane.doe@example.com unsubscribed from email.',
      async () => {
        moosend.seedSubscriber(listId, { email: EMAIL });
        moosend.unsubscribeInApp(listId, EMAIL, { at: Date.now() });
        await send.poll();
      },
    ],
  ];

  it.each(sources)('from %s', async (_, esp, note, deliver) => {
    await start();
    await deliver();
    await drained();

    expect(patches()).toEqual([[`/api/v4/contacts/${contactId}`, optedOut]]);
    expect(notes()).toEqual([
      ['leads', 900, note],
      ['leads', 901, note],
    ]);
    expect(tasks()).toEqual([
      ['leads', 900, UNSUBSCRIBE_TASK, CURRENT_USER_ID],
      ['leads', 901, UNSUBSCRIBE_TASK, OTHER_MANAGER],
    ]);
    expect(activity()).toEqual([expect.objectContaining({ esp, event: 'unsubscribed', email: EMAIL, contact: contactId })]);
  });
});

describe('bounced → a note and a task "Verify the email address" on the deal, with the bounce type; email status bounced_{type}', () => {
  // Omnisend has no bounce trigger for an automation and no bounced status to poll (reference §A.3, §A.8).
  const sources: [string, 'customerio' | 'moosend', 'hard' | 'soft', string, () => Promise<void>][] = [
    [
      'Customer.io, a hard bounce',
      'customerio',
      'hard',
      'Customer.io: email “Your invoice” to jane.doe@example.com bounced (hard: 550 5.1.1 mailbox does not exist).',
      () => send.customerio(emailBounced({ ...who, bounceType: 'hard', subject: 'Your invoice' })),
    ],
    [
      'Customer.io, a soft bounce',
      'customerio',
      'soft',
      'Customer.io: email “Your invoice” to jane.doe@example.com bounced (soft: 452 4.2.2 mailbox full).',
      () => send.customerio(emailBounced({ ...who, bounceType: 'soft', subject: 'Your invoice' })),
    ],
    [
      'a Moosend automation webhook',
      'moosend',
      'hard',
      'Moosend: email “Spring sale” to jane.doe@example.com bounced (hard).',
      () => send.moosend(automationWebhookBodies.lowerCase({ email: EMAIL, event: 'Bounced', subject: 'Spring sale' })),
    ],
    [
      'the Moosend poll',
      'moosend',
      'hard',
      'Moosend: email to jane.doe@example.com bounced (hard).',
      async () => {
        moosend.seedSubscriber(listId, { email: EMAIL });
        moosend.bounce(listId, EMAIL, { at: Date.now() });
        await send.poll();
      },
    ],
  ];

  it.each(sources)('from %s', async (_, esp, type, note, deliver) => {
    await start();
    await deliver();
    await drained();

    expect(patches()).toEqual([[`/api/v4/contacts/${contactId}`, { custom_fields_values: [{ field_id: 512004, values: [{ value: `bounced_${type}` }] }] }]]);
    expect(notes()).toEqual([['leads', 901, note]]);
    expect(tasks()).toEqual([['leads', 901, VERIFY_TASK, OTHER_MANAGER]]);
    expect(activity()).toEqual([expect.objectContaining({ esp, event: 'bounced', email: EMAIL, contact: contactId })]);
  });
});

const clicks: [string, 'customerio' | 'omnisend' | 'moosend', () => Promise<void>][] = [
  ['Customer.io', 'customerio', () => send.customerio(emailClicked({ ...who, subject: 'Welcome to Pro', href: 'https://example.com/pricing', deliveryId: 'd-1' }))],
  ['Omnisend', 'omnisend', () => send.omnisend({ event: 'clicked message', campaign: 'Welcome to Pro', link: 'https://example.com/pricing' })],
  ['Moosend', 'moosend', () => send.moosend(automationWebhookBodies.pascalCase({ email: EMAIL, event: 'Clicked', subject: 'Welcome to Pro', link: 'https://example.com/pricing', campaignId: 'c-1' }))],
];
const label = { customerio: 'Customer.io', omnisend: 'Omnisend', moosend: 'Moosend' } as const;

describe('clicked → a note with subject and link on the most recent open deal (configurable)', () => {
  it.each(clicks)('from %s', async (_, esp, deliver) => {
    await start();
    await deliver();
    await drained();

    expect(notes()).toEqual([['leads', 901, `${label[esp]}: jane.doe@example.com clicked https://example.com/pricing in “Welcome to Pro”.`]]);
    expect(tasks()).toEqual([]);
    expect(patches()).toEqual([]);
    expect(activity()).toEqual([expect.objectContaining({ esp, event: 'clicked', email: EMAIL, contact: contactId, subject: 'Welcome to Pro', link: 'https://example.com/pricing' })]);
  });

  it('with notes.clicked false: no note and no Kommo request at all, but every click in the activity log', async () => {
    await start({ clicked: false });
    for (const [, , deliver] of clicks) await deliver();
    await drained();

    expect(kommo.requests).toEqual([]);
    expect(activity()).toEqual(
      (['customerio', 'omnisend', 'moosend'] as const).map((esp) => expect.objectContaining({ esp, event: 'clicked', email: EMAIL, link: 'https://example.com/pricing' })),
    );
  });
});

describe('opened → in the activity log; a note only if configured, at most one per message', () => {
  const opens: [string, 'customerio' | 'omnisend' | 'moosend', (message: 'a' | 'b', nth: number) => Promise<void>][] = [
    ['Customer.io', 'customerio', (message) => send.customerio(emailOpened({ ...who, subject: `Welcome ${message}`, deliveryId: `delivery-${message}` }))],
    // The published template carries no time: a second open of one campaign is the same body, deduped on arrival.
    ['Omnisend', 'omnisend', (message) => send.omnisend({ event: 'opened message', campaign: `Welcome ${message}` })],
    [
      'Moosend',
      'moosend',
      (message, nth) => send.moosend(automationWebhookBodies.lowerCase({ email: EMAIL, event: 'Opened', subject: `Welcome ${message}`, campaignId: `c-${message}`, at: 1_767_225_600_000 + nth * 60_000 })),
    ],
  ];

  it('with notes.opened false (the default): no note and no Kommo request, every open logged', async () => {
    await start();
    for (const [, , open] of opens) {
      await open('a', 1);
      await open('a', 2);
    }
    await drained();

    expect(kommo.requests).toEqual([]);
    expect(activity()).toEqual([
      expect.objectContaining({ esp: 'customerio', event: 'opened', message: 'delivery-a' }),
      expect.objectContaining({ esp: 'customerio', event: 'opened', message: 'delivery-a' }),
      expect.objectContaining({ esp: 'omnisend', event: 'opened', message: 'Welcome a' }),
      expect.objectContaining({ esp: 'moosend', event: 'opened', message: 'c-a' }),
      expect.objectContaining({ esp: 'moosend', event: 'opened', message: 'c-a' }),
    ]);
  });

  it.each(opens)('with notes.opened true, from %s: two opens of a message make one note, another message another', async (_, esp, open) => {
    await start({ opened: true });
    await open('a', 1);
    await drained();
    const requestsAfterFirst = kommo.requests.length;
    await open('a', 2);
    await drained();
    // The repeat is known from the activity log: it costs no Kommo request.
    expect(kommo.requests.length).toBe(requestsAfterFirst);
    await open('b', 3);
    await drained();

    expect(notes()).toEqual([
      ['leads', 901, `${label[esp]}: jane.doe@example.com opened “Welcome a”.`],
      ['leads', 901, `${label[esp]}: jane.doe@example.com opened “Welcome b”.`],
    ]);
    expect(tasks()).toEqual([]);
    const logged = activity() as { event: string }[];
    expect(logged.every((row) => row.event === 'opened')).toBe(true);
    expect(logged).toHaveLength(esp === 'omnisend' ? 2 : 3);
  });
});

describe('converted (Customer.io) → a note "conversion from email"', () => {
  it('notes the most recent open deal', async () => {
    await start();
    await send.customerio(emailConverted({ ...who, subject: 'Welcome to Pro' }));
    await drained();

    expect(notes()).toEqual([['leads', 901, 'Customer.io: conversion from email “Welcome to Pro”.']]);
    expect(tasks()).toEqual([]);
    expect(activity()).toEqual([expect.objectContaining({ esp: 'customerio', event: 'converted', contact: contactId, subject: 'Welcome to Pro' })]);
  });
});

describe('finding the deal: kommo_deal_id on the ESP profile first, else the contact’s most recent open deal', () => {
  const profiles: [string, 'customerio' | 'omnisend' | 'moosend', (dealId: number) => void][] = [
    ['Customer.io', 'customerio', (dealId) => cio.seedPerson({ id: '42', email: EMAIL, cioId: 'd9c106000001', attributes: { kommo_deal_id: dealId } })],
    ['Omnisend', 'omnisend', (dealId) => omnisend.seedContact({ email: EMAIL, customProperties: { kommo_deal_id: dealId } })],
    ['Moosend', 'moosend', (dealId) => moosend.seedSubscriber(listId, { email: EMAIL, customFields: { kommo_deal_id: String(dealId) } })],
  ];
  const clickFrom = Object.fromEntries(clicks.map(([, esp, deliver]) => [esp, deliver]));

  it.each(profiles)('%s: the click note lands on the older open deal the profile names', async (_, esp, seed) => {
    seed(900);
    await start();
    await clickFrom[esp]!();
    await drained();

    expect(notes()).toEqual([['leads', 900, expect.stringContaining(`${label[esp]}: jane.doe@example.com clicked`)]]);
  });

  it('a profile naming a closed deal falls back to the most recent open one', async () => {
    profiles[0]![2](902);
    await start();
    await clickFrom['customerio']!();
    await drained();

    expect(notes()).toEqual([['leads', 901, expect.stringContaining('Customer.io: jane.doe@example.com clicked')]]);
  });

  it('the profile finds the deal even when no Kommo contact has the address any more', async () => {
    profiles[0]![2](900);
    const email = kommo.contacts.get(contactId)!.custom_fields_values.find((f) => f.field_code === 'EMAIL')!;
    email.values = [{ ...email.values[0]!, value: 'jane@new-job.example' }];
    await start();
    await send.customerio(emailBounced({ ...who, bounceType: 'hard' }));
    await drained();

    expect(patches()).toEqual([]);
    expect(tasks()).toEqual([['leads', 900, VERIFY_TASK, CURRENT_USER_ID]]);
    expect(activity()).toEqual([expect.objectContaining({ event: 'bounced', contact: null })]);
  });

  it('an ESP that cannot be read does not hold the note back: the most recent open deal gets it', async () => {
    profiles[0]![2](900);
    cio.down(true, 'app');
    await start();
    await clickFrom['customerio']!();
    await drained();

    expect(notes()).toEqual([['leads', 901, expect.stringContaining('Customer.io: jane.doe@example.com clicked')]]);
    expect(bridge!.logs.filter((l) => l.event === 'esp.event_profile_unread')).toHaveLength(1);
  });

  it('a bounce goes to the deal the profile names, and the status field still to the contact', async () => {
    profiles[0]![2](900);
    await start();
    await send.customerio(emailBounced({ ...who, bounceType: 'hard' }));
    await drained();

    expect(patches()).toEqual([[`/api/v4/contacts/${contactId}`, { custom_fields_values: [{ field_id: 512004, values: [{ value: 'bounced_hard' }] }] }]]);
    expect(tasks()).toEqual([['leads', 900, VERIFY_TASK, CURRENT_USER_ID]]);
  });
});
