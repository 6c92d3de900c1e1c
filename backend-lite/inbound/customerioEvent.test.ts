import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCustomerioWebhook } from './customerioEvent.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/customerio/customerio-${name}.json`, import.meta.url), 'utf8')) as unknown;

describe('parseCustomerioWebhook', () => {
  it('reads each fixture into one event', () => {
    expect(parseCustomerioWebhook(fixture('email-clicked'))).toEqual({
      usable: true,
      event: {
        esp: 'customerio',
        kind: 'clicked',
        email: 'jane.doe@example.com',
        at: 1767225600000,
        subject: 'Welcome to Pro',
        link: 'https://example.com/pricing',
        detail: null,
        sourceId: '01HZX3K6Y5W8E2Q4M7N9P0R1AB',
        messageId: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY',
      },
    });
    expect(parseCustomerioWebhook(fixture('email-bounced'))).toMatchObject({
      event: { kind: 'bounced', detail: '550 5.1.1 mailbox does not exist', subject: 'Your invoice' },
    });
    expect(parseCustomerioWebhook(fixture('customer-unsubscribed'))).toMatchObject({ event: { kind: 'unsubscribed', messageId: null } });
    // The open and the click of the fixtures are about the same delivery.
    expect(parseCustomerioWebhook(fixture('email-opened'))).toMatchObject({ event: { kind: 'opened', messageId: 'RPILAgUBcRhIBqSfeiIwdIYJKxTY' } });
    expect(parseCustomerioWebhook(fixture('email-converted'))).toMatchObject({ event: { kind: 'converted' } });
  });

  it('parks what it cannot use instead of refusing it', () => {
    expect(parseCustomerioWebhook({ event_id: 'e1', object_type: 'email', metric: 'drafted', timestamp: 1, data: {} })).toEqual({
      usable: false,
      reason: 'email/drafted is not used by the bridge',
      eventId: 'e1',
    });
    expect(parseCustomerioWebhook({ event_id: 'e2', object_type: 'email', metric: 'opened', timestamp: 1, data: {} })).toMatchObject({
      usable: false,
      reason: 'email/opened names no email address',
    });
    expect(parseCustomerioWebhook([1, 2])).toMatchObject({ usable: false, eventId: null });
  });
});
