import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isUlid, startCustomerioSimulator, type CustomerioSimulator } from '../simulators/customerio/index.ts';
import { startKommoSimulator, type KommoSimulator } from '../simulators/kommo/index.ts';
import { DEFAULT_MOOSEND_API_KEY, startMoosendSimulator, type MoosendSimulator } from '../simulators/moosend/index.ts';
import { DEFAULT_OMNISEND_API_KEY, startOmnisendSimulator, type OmnisendSimulator } from '../simulators/omnisend/index.ts';
import type { RecordedRequest } from '../simulators/shared/recordedRequest.ts';
import { account, leadStatus } from '../support/kommoPayloads.ts';
import { KOMMO_TOKEN, queueDrained, startInProcessBridge, type InProcessBridge } from '../support/inProcessBridge.ts';

/**
 * SPEC §4.1, the table row by row, with all three ESPs connected at once: for each CRM event the
 * exact requests each ESP received (method, path, auth, body) and the notes the deal got.
 */
const LEAD = 800;
const DEMO_STAGE = 67548619;
const EMAIL = 'jane.doe@example.com';
const FIELDS = ['plan', 'mrr', 'kommo_deal_id', 'won_date', 'favorite_color'];

let kommo: KommoSimulator;
let omnisend: OmnisendSimulator;
let moosend: MoosendSimulator;
let cio: CustomerioSimulator;
let bridge: InProcessBridge;
let lists: { won: string; lost: string; demo: string };
let clock = 1_800_000_000;

beforeEach(async () => {
  kommo = await startKommoSimulator({ accessToken: KOMMO_TOKEN });
  omnisend = await startOmnisendSimulator({ asyncDelayMs: 5 });
  moosend = await startMoosendSimulator({ rateWindowScale: 0.05 });
  cio = await startCustomerioSimulator();
  lists = {
    won: moosend.seedList({ name: 'Customers', customFields: FIELDS }).id,
    lost: moosend.seedList({ name: 'Churned', customFields: FIELDS }).id,
    demo: moosend.seedList({ name: 'Demo booked', customFields: FIELDS }).id,
  };
  const contact = kommo.addContact({
    name: 'Jane Doe',
    first_name: 'Jane',
    last_name: 'Doe',
    email: ' Jane.Doe@Example.COM',
    custom_fields_values: [{ field_id: 512003, values: [{ value: true }] }],
  });
  clock = 1_800_000_000;
  kommo.addLead({
    id: LEAD,
    status_id: 67548607,
    price: 1500,
    updated_at: clock,
    contacts: [contact.id],
    custom_fields_values: [
      { field_id: 512001, values: [{ enum_id: 908107 }] },
      { field_id: 512002, values: [{ enum_id: 908201 }] },
    ],
  });
  const { siteId, trackApiKey, appApiKey, webhookSigningKey } = cio.credentials;
  bridge = await startInProcessBridge(kommo, {
    rules: {
      kommo: {
        webhookSecret: 'env:KOMMO_WEBHOOK_SECRET',
        stages: { [String(DEMO_STAGE)]: 'demo_scheduled' },
        fields: { plan: { entity: 'lead', id: 512001 }, source: { entity: 'lead', id: 512002 }, emailOptIn: { entity: 'contact', id: 512003 } },
      },
      omnisend: {
        apiKey: DEFAULT_OMNISEND_API_KEY,
        webhookSecret: 'omnisend-path-secret-0123456789',
        on: {
          won: { addTags: ['customer', 'plan_{plan}', 'source_{source}', 'active'], removeTags: ['churned'] },
          lost: { addTags: ['churned'], removeTags: ['active'] },
          demo_scheduled: { addTags: ['demo_scheduled'] },
        },
      },
      moosend: {
        apiKey: DEFAULT_MOOSEND_API_KEY,
        webhookSecret: 'moosend-path-secret-0123456789ab',
        on: { won: { list: lists.won, addTags: ['customer', 'plan_{plan}'] }, lost: { list: lists.lost }, demo_scheduled: { list: lists.demo, addTags: ['demo'] } },
      },
      customerio: {
        siteId,
        trackApiKey,
        appApiKey,
        webhookSecret: 'cio-path-secret-0123456789abcdef',
        webhookSigningKey,
        on: { won: { event: 'deal_won' }, lost: { event: 'deal_lost' }, demo_scheduled: { event: 'demo_scheduled' } },
      },
      notes: { afterPush: true },
    },
    env: { OMNISEND_API_URL: omnisend.origin, MOOSEND_API_URL: moosend.origin, CUSTOMERIO_TRACK_URL: cio.trackOrigin, CUSTOMERIO_APP_URL: cio.appOrigin },
    worker: { pollMs: 20 },
  });
  bridge.worker.start();
});
afterEach(async () => {
  await bridge.close();
  await Promise.all([kommo.close(), omnisend.close(), moosend.close(), cio.close()]);
});

const drained = async () => {
  await queueDrained(bridge);
  await omnisend.settled();
};

/** What each ESP and the deal's notes received after this point. */
function mark() {
  const at = { omnisend: omnisend.requests.length, moosend: moosend.requests.length, cio: cio.requests.length, notes: kommo.notes.length };
  return {
    omnisend: () => omnisend.requests.slice(at.omnisend),
    moosend: () => moosend.requests.slice(at.moosend),
    cio: () => cio.requests.slice(at.cio),
    notes: () => kommo.notes.slice(at.notes).map((n): [number, unknown] => [n.entity_id, n.params['text']]),
  };
}

const route = (r: RecordedRequest) => `${r.method} ${r.path}`;

/** A manager's edit in Kommo: the deal changes there, and Kommo's webhook only says which deal. */
async function editDeal(change: { statusId?: number; plan?: number }) {
  const lead = kommo.leads.get(LEAD)!;
  const oldStatus = lead.status_id;
  clock += 100;
  lead.updated_at = clock;
  if (change.statusId !== undefined) lead.status_id = change.statusId;
  if (change.plan !== undefined) {
    const value = kommo.customFields.leads.find((f) => f.id === 512001)?.enums?.find((e) => e.id === change.plan)?.value;
    lead.custom_fields_values = lead.custom_fields_values.map((f) => (f.field_id === 512001 ? { ...f, values: [{ value: value!, enum_id: change.plan! }] } : f));
  }
  const payload =
    change.statusId !== undefined
      ? leadStatus([{ id: LEAD, statusId: change.statusId, oldStatusId: oldStatus, updatedAt: clock }])
      : { leads: { update: [{ id: String(LEAD), status_id: String(lead.status_id), updated_at: String(clock) }] }, account: account() };
  const answer = await bridge.postKommoWebhook(payload);
  expect(answer.status).toBe(200);
  await drained();
}

const OMNISEND_AUTH = { authorization: `Omnisend-API-Key ${DEFAULT_OMNISEND_API_KEY}`, 'omnisend-version': '2026-03-15' };

/** Omnisend: every request authenticated the 2026 way; returns the requests as route + body. */
function omnisendCalls(requests: RecordedRequest[]) {
  for (const r of requests) expect(r.headers, route(r)).toMatchObject(OMNISEND_AUTH);
  return requests.map((r) => [route(r), r.body]);
}

/**
 * Moosend: the API key in the query of every request; every write preceded by a read of the same
 * list's member (view.json), since subscribe.json clears what it is not sent. List catalogue reads
 * (details.json) are the adapter's cache and left out. Returns the reads as a set and the writes.
 */
function moosendCalls(requests: RecordedRequest[]) {
  for (const r of requests) expect(r.query.get('apikey'), route(r)).toBe(DEFAULT_MOOSEND_API_KEY);
  const calls = requests.filter((r) => !r.path.endsWith('/details.json'));
  const views = calls.filter((r) => r.path.endsWith('/view.json'));
  const writes = calls.filter((r) => r.method === 'POST');
  for (const view of views) expect(view.query.get('Email')).toBe(EMAIL);
  for (const write of writes) {
    const listId = write.path.split('/')[3];
    const read = calls.findIndex((r) => r.path === `/v3/subscribers/${listId}/view.json`);
    expect(read, `view.json of list ${listId} before its subscribe.json`).toBeGreaterThanOrEqual(0);
    expect(read).toBeLessThan(calls.indexOf(write));
  }
  expect(calls.length).toBe(views.length + writes.length);
  return { reads: views.map((r) => r.path).sort(), writes: writes.map((r) => [route(r), r.body]) };
}

/** Customer.io: Track API with Basic site id + key, App API (the "does this person exist" read) with the Bearer key. */
function customerioCalls(requests: RecordedRequest[]) {
  for (const r of requests) {
    const track = r.path.startsWith('/api/');
    expect(r.headers['authorization'], route(r)).toBe(track ? cio.trackAuthorization() : cio.appAuthorization());
  }
  return requests.map((r) => [route(r), r.body]);
}

const notesOnDeal = (texts: [number, unknown][]) => [...texts].sort((a, b) => String(a[1]).localeCompare(String(b[1])));
const identify = `PUT /api/v1/customers/jane.doe%40example.com`;
const track = `POST /api/v1/customers/jane.doe%40example.com/events`;
const exists = ['POST /v1/customers/attributes', { ids: [EMAIL] }];
const view = (list: string) => `/v3/subscribers/${list}/view.json`;
const subscribe = (list: string) => `POST /v3/subscribers/${list}/subscribe.json`;
const eventId = expect.toSatisfy(isUlid, 'a ULID');
const at = expect.any(Number);
const jane = { email: EMAIL, kommo_contact_id: expect.any(Number), kommo_deal_id: LEAD, first_name: 'Jane', last_name: 'Doe' };
const upsert = { identifiers: [{ type: 'email', id: EMAIL, sendWelcomeMessage: false }], firstName: 'Jane', lastName: 'Doe' };
const WON_DATE = new Date(1_800_000_100 * 1000).toISOString().slice(0, 10);

describe('SPEC §4.1, every row with Omnisend, Moosend and Customer.io connected', () => {
  it('deal Won: upsert with the won tags and properties; the Won list; identify + deal_won', async () => {
    const m = mark();
    await editDeal({ statusId: 142 });

    expect(omnisendCalls(m.omnisend())).toEqual([
      ['POST /api/contacts', { ...upsert, tags: ['customer', 'plan_pro', 'source_website', 'active'], customProperties: { kommo_deal_id: LEAD, plan: 'Pro', mrr: 1500, won_date: WON_DATE } }],
    ]);
    expect(moosendCalls(m.moosend())).toEqual({
      reads: [view(lists.won)],
      writes: [[subscribe(lists.won), { Email: EMAIL, Name: 'Jane Doe', CustomFields: ['kommo_deal_id=800', 'plan=Pro', 'mrr=1500', `won_date=${WON_DATE}`], Tags: ['customer', 'plan_pro'], HasExternalDoubleOptIn: false }]],
    });
    expect(customerioCalls(m.cio())).toEqual([
      exists,
      [identify, { ...jane, plan: 'Pro', deal_amount: 1500, won_date: WON_DATE, created_at: at }],
      [track, { name: 'deal_won', id: eventId, timestamp: at, data: { plan: 'Pro', deal_id: LEAD } }],
    ]);
    expect(notesOnDeal(m.notes())).toEqual([
      [LEAD, expect.stringMatching(/^Kommo ESP Bridge → customerio: created jane\.doe@example\.com .*event deal_won$/)],
      [LEAD, expect.stringMatching(/^Kommo ESP Bridge → moosend: added to list "Customers"/)],
      [LEAD, expect.stringMatching(/^Kommo ESP Bridge → omnisend: added jane\.doe@example\.com to Omnisend .*tags added: customer, plan_pro, source_website, active/)],
    ]);
  });

  it('plan field changed: plan tag swapped (+upgraded) and plan updated everywhere; plan_changed event', async () => {
    await editDeal({ statusId: 142 });
    const m = mark();
    await editDeal({ plan: 908108 });

    // The old tag goes through the tag endpoint: an upsert's tags only ever add (reference §A.2).
    expect(omnisendCalls(m.omnisend())).toEqual([
      ['POST /api/contacts', { ...upsert, tags: ['plan_enterprise', 'upgraded'], customProperties: { kommo_deal_id: LEAD, plan: 'Enterprise' } }],
      ['DELETE /api/contacts/tags', { tags: ['plan_pro'], emails: [EMAIL] }],
    ]);
    expect(omnisend.contacts.byEmail(EMAIL)?.['tags']).toEqual(['customer', 'source_website', 'active', 'plan_enterprise', 'upgraded']);
    // A change without a list looks in every mapped list and updates where Jane is a member.
    expect(moosendCalls(m.moosend())).toEqual({
      reads: [view(lists.won), view(lists.lost), view(lists.demo)].sort(),
      writes: [[subscribe(lists.won), { Email: EMAIL, Name: 'Jane Doe', CustomFields: ['mrr=1500', `won_date=${WON_DATE}`, 'kommo_deal_id=800', 'plan=Enterprise'], Tags: ['customer', 'plan_enterprise'], HasExternalDoubleOptIn: false }]],
    });
    expect(customerioCalls(m.cio())).toEqual([
      exists,
      [identify, { ...jane, plan: 'Enterprise', deal_amount: 1500 }],
      [track, { name: 'plan_changed', id: eventId, timestamp: at, data: { old_plan: 'Pro', plan: 'Enterprise', deal_id: LEAD } }],
    ]);
    expect(notesOnDeal(m.notes())).toEqual([
      [LEAD, 'Kommo ESP Bridge → customerio: updated jane.doe@example.com; attributes kommo_deal_id, plan, deal_amount; event plan_changed'],
      [LEAD, 'Kommo ESP Bridge → moosend: updated in list "Customers" (fields plan; tags +plan_enterprise; tags -plan_pro)'],
      [LEAD, expect.stringMatching(/^Kommo ESP Bridge → omnisend: updated .*tags added: plan_enterprise, upgraded; tags removed: plan_pro; properties: kommo_deal_id=800, plan=Enterprise$/)],
    ]);
  });

  it('deal Lost: active off and churned on; the Lost list with tag churned; deal_lost', async () => {
    await editDeal({ statusId: 142 });
    const m = mark();
    await editDeal({ statusId: 143 });

    expect(omnisendCalls(m.omnisend())).toEqual([
      ['POST /api/contacts', { ...upsert, tags: ['churned'], customProperties: { kommo_deal_id: LEAD, plan: 'Pro' } }],
      ['DELETE /api/contacts/tags', { tags: ['active'], emails: [EMAIL] }],
    ]);
    expect(omnisend.contacts.byEmail(EMAIL)?.['tags']).toEqual(['customer', 'plan_pro', 'source_website', 'churned']);
    expect(moosendCalls(m.moosend())).toEqual({
      reads: [view(lists.lost)],
      writes: [[subscribe(lists.lost), { Email: EMAIL, Name: 'Jane Doe', CustomFields: ['kommo_deal_id=800', 'plan=Pro'], Tags: ['churned'], HasExternalDoubleOptIn: false }]],
    });
    expect(customerioCalls(m.cio())).toEqual([
      exists,
      [identify, { ...jane, plan: 'Pro', deal_amount: 1500 }],
      [track, { name: 'deal_lost', id: eventId, timestamp: at, data: { plan: 'Pro', deal_id: LEAD } }],
    ]);
    expect(notesOnDeal(m.notes())).toEqual([
      [LEAD, 'Kommo ESP Bridge → customerio: updated jane.doe@example.com; attributes kommo_deal_id, plan, deal_amount; event deal_lost'],
      [LEAD, 'Kommo ESP Bridge → moosend: added to list "Churned" with email consent (fields kommo_deal_id, plan; tags +churned)'],
      [LEAD, expect.stringMatching(/^Kommo ESP Bridge → omnisend: updated .*tags added: churned; tags removed: active;/)],
    ]);
  });

  it('deal moved to a mapped stage: tags per mapping; the stage list, fields merged; the mapped event', async () => {
    moosend.seedSubscriber(lists.demo, { email: EMAIL, name: 'Jane', customFields: { favorite_color: 'blue' }, tags: ['webinar'] });
    const m = mark();
    await editDeal({ statusId: DEMO_STAGE });

    expect(omnisendCalls(m.omnisend())).toEqual([['POST /api/contacts', { ...upsert, tags: ['demo_scheduled'], customProperties: { kommo_deal_id: LEAD, plan: 'Pro' } }]]);
    // Moosend has no event API: the list (and its tags) is what starts the automation.
    expect(moosendCalls(m.moosend())).toEqual({
      reads: [view(lists.demo)],
      writes: [[subscribe(lists.demo), { Email: EMAIL, Name: 'Jane Doe', CustomFields: ['favorite_color=blue', 'kommo_deal_id=800', 'plan=Pro'], Tags: ['webinar', 'demo'], HasExternalDoubleOptIn: false }]],
    });
    expect(customerioCalls(m.cio())).toEqual([
      exists,
      [identify, { ...jane, plan: 'Pro', deal_amount: 1500, created_at: at }],
      [track, { name: 'demo_scheduled', id: eventId, timestamp: at, data: { plan: 'Pro', deal_id: LEAD } }],
    ]);
    expect(notesOnDeal(m.notes())).toEqual([
      [LEAD, expect.stringMatching(/^Kommo ESP Bridge → customerio: created jane\.doe@example\.com .*event demo_scheduled$/)],
      [LEAD, 'Kommo ESP Bridge → moosend: updated in list "Demo booked" (fields kommo_deal_id, plan; tags +demo)'],
      [LEAD, expect.stringMatching(/^Kommo ESP Bridge → omnisend: added jane\.doe@example\.com to Omnisend .*tags added: demo_scheduled;/)],
    ]);
  });
});
