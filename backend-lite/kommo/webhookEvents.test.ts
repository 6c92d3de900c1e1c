import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MalformedWebhookBody } from './malformedWebhookBody.ts';
import { MAX_ENTITIES_PER_WEBHOOK, parseKommoWebhook, type KommoWebhook } from './webhookEvents.ts';
import { parseNestedForm, type NestedObject } from './webhookForm.ts';

const fromFixture = (name: string): KommoWebhook =>
  parseKommoWebhook(parseNestedForm(readFileSync(new URL(`../../test/fixtures/kommo/${name}`, import.meta.url), 'utf8')));

const fromForm = (body: string): KommoWebhook => parseKommoWebhook(parseNestedForm(`${body}&account[subdomain]=acme`));

function malformedMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedWebhookBody);
    return (error as MalformedWebhookBody).message;
  }
  throw new Error('expected MalformedWebhookBody, nothing was thrown');
}

const acme = { subdomain: 'acme', id: 31000001 };

describe('parseKommoWebhook on the fixtures', () => {
  it('lead moved to won (142) with the Pro plan', () => {
    expect(fromFixture('kommo-lead-status-won.form')).toEqual({
      account: acme,
      events: [
        {
          kind: 'lead',
          action: 'status',
          leadId: 15318175,
          statusId: 142,
          oldStatusId: 67548607,
          pipelineId: 8572511,
          oldPipelineId: undefined,
          price: 1000,
          responsibleUserId: 8000001,
          modifiedUserId: 8000001,
          updatedAt: 1726572758,
          customFields: [
            { id: 512001, name: 'Plan', code: undefined, values: [{ value: 'Pro', enumId: 908107 }] },
            { id: 512002, name: 'Source', code: undefined, values: [{ value: 'Website', enumId: 908201 }] },
          ],
        },
      ],
      ignored: [],
    });
  });

  it('two leads in one POST, in order', () => {
    const { account, events, ignored } = fromFixture('kommo-lead-status-two-leads.form');
    expect(account).toEqual(acme);
    expect(ignored).toEqual([]);
    expect(events).toMatchObject([
      { kind: 'lead', action: 'status', leadId: 15318176, statusId: 143, oldStatusId: 67548607, pipelineId: 8572511 },
      { kind: 'lead', action: 'status', leadId: 15318177, statusId: 67548619, oldStatusId: 67548607, pipelineId: 8572511 },
    ]);
    expect(events[0]).toMatchObject({ price: undefined, updatedAt: undefined, customFields: [] });
  });

  it('contact update keeps phone, email and opt-in values exactly as sent', () => {
    const { account, events, ignored } = fromFixture('kommo-contact-update.form');
    expect(account).toEqual(acme);
    expect(ignored).toEqual([]);
    expect(events).toEqual([
      {
        kind: 'contact',
        action: 'update',
        contactId: 17611273,
        type: 'contact',
        name: 'Jane Doe',
        responsibleUserId: 8000001,
        modifiedUserId: undefined,
        updatedAt: 1726573130,
        customFields: [
          { id: 771906, name: 'Phone', code: 'PHONE', values: [{ value: '+44 7700 900123', enumId: 552476 }] },
          // Spaces and capitals stay: normalising the address is the consumer's job.
          { id: 771908, name: 'Email', code: 'EMAIL', values: [{ value: ' Jane.Doe@Example.com ', enumId: 552488 }] },
          { id: 512003, name: 'Email opt-in', code: undefined, values: [{ value: '1', enumId: undefined }] },
        ],
      },
    ]);
  });

  it('lead update carrying a plan change', () => {
    const { events } = fromFixture('kommo-lead-update-plan.form');
    expect(events).toEqual([
      expect.objectContaining({
        kind: 'lead',
        action: 'update',
        leadId: 15318175,
        statusId: 142,
        oldStatusId: 142,
        price: 1500,
        updatedAt: 1726579999,
        modifiedUserId: undefined,
        customFields: [{ id: 512001, name: 'Plan', code: undefined, values: [{ value: 'Enterprise', enumId: 908108 }] }],
      }),
    ]);
  });

  it('note added to a lead is ignored, not an error', () => {
    expect(fromFixture('kommo-lead-note-add.form')).toEqual({
      account: acme,
      events: [],
      ignored: [{ entity: 'leads', action: 'note', count: 1 }],
    });
  });
});

describe('parseKommoWebhook: entity kinds', () => {
  it('returns companies (under contacts) as kind contact with type company', () => {
    const { events } = fromForm('contacts[add][0][id]=900&contacts[add][0][name]=Acme+Ltd&contacts[add][0][type]=company');
    expect(events).toEqual([expect.objectContaining({ kind: 'contact', action: 'add', contactId: 900, type: 'company', name: 'Acme Ltd' })]);
  });

  it('assumes a contact when type is absent, and refuses an unknown type', () => {
    expect(fromForm('contacts[update][0][id]=1').events[0]).toMatchObject({ type: 'contact' });
    expect(malformedMessage(() => fromForm('contacts[update][0][id]=1&contacts[update][0][type]=lead'))).toBe(
      'contacts[update][0][type] must be "contact" or "company" (got "lead")',
    );
  });

  it('maps every lead action we act on, and delete to lead-deleted', () => {
    const actions = ['add', 'update', 'status', 'responsible', 'restore'];
    const body = actions.map((action, i) => `leads[${action}][0][id]=${i + 1}`).join('&');
    const { events } = fromForm(`${body}&leads[delete][0][id]=9&leads[delete][0][status_id]=143&leads[delete][0][pipeline_id]=7`);
    expect(events.map((event) => (event.kind === 'lead' ? event.action : event.kind))).toEqual([...actions, 'lead-deleted']);
    expect(events.at(-1)).toEqual({ kind: 'lead-deleted', leadId: 9, statusId: 143, pipelineId: 7 });
  });

  it('maps contact add/update/restore/responsible and ignores contact delete', () => {
    const { events, ignored } = fromForm(
      'contacts[restore][0][id]=1&contacts[responsible][0][id]=2&contacts[delete][0][id]=3&contacts[delete][1][id]=4',
    );
    expect(events).toMatchObject([
      { kind: 'contact', action: 'restore', contactId: 1 },
      { kind: 'contact', action: 'responsible', contactId: 2 },
    ]);
    expect(ignored).toEqual([{ entity: 'contacts', action: 'delete', count: 2 }]);
  });

  it('ignores other and unknown kinds with their counts instead of failing', () => {
    const { events, ignored } = fromForm(
      [
        'contacts[note][0][note][text]=hi&contacts[note][0][type]=company',
        'task[add][0][id]=1&task[add][1][id]=2',
        'message[add][0][id]=m1',
        'talk[update][0][talk_id]=5',
        'unsorted[add][0][uid]=u',
        'catalogs[update][0][id]=3',
        'leads[merge][0][id]=not-checked',
        'brand_new_thing=1',
      ].join('&'),
    );
    expect(events).toEqual([]);
    expect(ignored).toEqual([
      { entity: 'contacts', action: 'note', count: 1 },
      { entity: 'task', action: 'add', count: 2 },
      { entity: 'message', action: 'add', count: 1 },
      { entity: 'talk', action: 'update', count: 1 },
      { entity: 'unsorted', action: 'add', count: 1 },
      { entity: 'catalogs', action: 'update', count: 1 },
      { entity: 'leads', action: 'merge', count: 1 },
      { entity: 'brand_new_thing', action: '', count: 1 },
    ]);
  });

  it('does not look actions up on Object.prototype', () => {
    const nested: NestedObject = { account: { subdomain: 'acme' }, leads: { toString: [{ id: '1' }] } };
    expect(parseKommoWebhook(nested).ignored).toEqual([{ entity: 'leads', action: 'toString', count: 1 }]);
  });
});

describe('parseKommoWebhook: field values', () => {
  it('reads custom field values in both shapes, bare and [value]/[enum]', () => {
    const { events } = fromForm(
      [
        'leads[add][0][id]=5',
        'leads[add][0][custom_fields][0][id]=1246491&leads[add][0][custom_fields][0][name]=Date',
        'leads[add][0][custom_fields][0][values][0]=1725915600',
        'leads[add][0][custom_fields][1][id]=1246489&leads[add][0][custom_fields][1][name]=Select',
        'leads[add][0][custom_fields][1][values][0][value]=2&leads[add][0][custom_fields][1][values][0][enum]=908107',
        'leads[add][0][custom_fields][1][values][1]=3',
      ].join('&'),
    );
    expect(events[0]).toMatchObject({
      customFields: [
        { id: 1246491, name: 'Date', values: [{ value: '1725915600', enumId: undefined }] },
        {
          id: 1246489,
          name: 'Select',
          values: [
            { value: '2', enumId: 908107 },
            { value: '3', enumId: undefined },
          ],
        },
      ],
    });
  });

  it('keeps a grouped custom field value as JSON instead of failing the webhook', () => {
    const { events } = fromForm(
      'leads[add][0][id]=5&leads[add][0][custom_fields][0][id]=7&leads[add][0][custom_fields][0][values][0][value][name]=Acme+Ltd',
    );
    expect(events[0]).toMatchObject({ customFields: [{ id: 7, values: [{ value: '{"name":"Acme Ltd"}' }] }] });
  });

  it('takes updated_at, else last_modified', () => {
    const { events } = fromForm(
      'leads[update][0][id]=1&leads[update][0][last_modified]=100&leads[update][0][updated_at]=200' +
        '&leads[update][1][id]=2&leads[update][1][last_modified]=100' +
        '&contacts[update][0][id]=3&contacts[update][0][last_modified]=300',
    );
    expect(events.map((event) => (event.kind === 'lead-deleted' ? undefined : event.updatedAt))).toEqual([200, 100, 300]);
  });

  it('treats empty optional values as absent and reads decimal prices', () => {
    const { events } = fromForm(
      'leads[update][0][id]=1&leads[update][0][price]=&leads[update][0][old_status_id]=&leads[update][0][custom_fields]=' +
        '&leads[update][1][id]=2&leads[update][1][price]=1500.50&leads[update][1][old_pipeline_id]=8572500',
    );
    expect(events[0]).toMatchObject({ price: undefined, oldStatusId: undefined, customFields: [] });
    expect(events[1]).toMatchObject({ price: 1500.5, oldPipelineId: 8572500 });
  });

  it('compacts sparse entity indexes', () => {
    const { events } = fromForm('leads[status][0][id]=10&leads[status][7][id]=17&leads[status][3][id]=13');
    expect(events.map((event) => (event.kind === 'lead' ? event.leadId : 0))).toEqual([10, 13, 17]);
  });
});

describe('parseKommoWebhook: malformed bodies', () => {
  it('names the key of a non-numeric id', () => {
    const body = 'leads[status][0][id]=1&leads[status][1][id]=abc';
    expect(malformedMessage(() => fromForm(body))).toBe('leads[status][1][id] must be a positive whole number (got "abc")');
  });

  it('names the key of a missing or nested id', () => {
    expect(malformedMessage(() => fromForm('leads[status][0][status_id]=142'))).toBe('leads[status][0][id] is missing');
    expect(malformedMessage(() => fromForm('leads[status][0][id][x]=1'))).toBe(
      'leads[status][0][id] must be a single value, not a nested group',
    );
  });

  it('names the key of a bad number deep in a custom field', () => {
    const body = 'contacts[add][0][id]=1&contacts[add][0][custom_fields][0][id]=2&contacts[add][0][custom_fields][0][values][0][enum]=x';
    expect(malformedMessage(() => fromForm(body))).toBe(
      'contacts[add][0][custom_fields][0][values][0][enum] must be a whole number (got "x")',
    );
  });

  it('refuses known entities with the wrong shape', () => {
    expect(malformedMessage(() => fromForm('leads=1'))).toMatch(/^leads must be a group of fields/);
    expect(malformedMessage(() => fromForm('leads[status]=1'))).toMatch(/^leads\[status\] must be a list/);
    expect(malformedMessage(() => fromForm('leads[status][0]=1'))).toMatch(/^leads\[status\]\[0\] must be a group of fields/);
    expect(malformedMessage(() => fromForm('leads[status][x][id]=1'))).toMatch(/^leads\[status\] must be a list/);
  });

  it.each([
    ['an empty body', ''],
    ['no account', 'leads[status][0][id]=1'],
    ['an account without subdomain', 'account[id]=31000001'],
    ['an empty subdomain', 'account[subdomain]='],
    ['account as a plain value', 'account=acme'],
  ])('refuses %s', (_, body) => {
    expect(malformedMessage(() => parseKommoWebhook(parseNestedForm(body)))).toBe(
      'the body has no account[subdomain] — is this a Kommo webhook?',
    );
  });

  it('refuses a bad account id or a subdomain that is not a hostname label', () => {
    expect(malformedMessage(() => parseKommoWebhook(parseNestedForm('account[subdomain]=acme&account[id]=x')))).toBe(
      'account[id] must be a whole number (got "x")',
    );
    expect(malformedMessage(() => parseKommoWebhook(parseNestedForm('account[subdomain]=evil.example%2Fx')))).toMatch(
      /^account\[subdomain\] is not a Kommo subdomain/,
    );
  });

  it(`accepts ${MAX_ENTITIES_PER_WEBHOOK} entities and refuses one more, ignored ones included`, () => {
    const leads = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i + 1) }));
    const body = (n: number): NestedObject => ({ account: { subdomain: 'acme' }, leads: { status: leads(n) } });
    expect(parseKommoWebhook(body(MAX_ENTITIES_PER_WEBHOOK)).events).toHaveLength(MAX_ENTITIES_PER_WEBHOOK);
    expect(malformedMessage(() => parseKommoWebhook(body(MAX_ENTITIES_PER_WEBHOOK + 1)))).toMatch(/501 entities; at most 500/);
    const mixed: NestedObject = { account: { subdomain: 'acme' }, leads: { status: leads(300) }, task: { add: leads(201) } };
    expect(malformedMessage(() => parseKommoWebhook(mixed))).toMatch(/501 entities/);
  });
});
