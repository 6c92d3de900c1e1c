import { describe, expect, it } from 'vitest';
import { bounceType, profileFromCustomer, readsAsUnsubscribed } from './customerioProfile.ts';

describe('customerio profile mapping', () => {
  it('bounce type from the SMTP class of failure_message', () => {
    expect(bounceType('550 5.1.1 mailbox does not exist')).toBe('hard');
    expect(bounceType('452 4.2.2 mailbox full')).toBe('soft');
    expect(bounceType('5.7.1 blocked')).toBe('hard');
    expect(bounceType('rejected')).toBeNull();
    expect(bounceType(null)).toBeNull();
  });

  it('reads `unsubscribed` as Customer.io does (C.2)', () => {
    for (const v of [true, 1, '1', 'TRUE', 'true']) expect(readsAsUnsubscribed(v)).toBe(true);
    for (const v of [false, 0, 'false', 'yes', null, undefined]) expect(readsAsUnsubscribed(v)).toBe(false);
  });

  it('typed fields from the string attributes; not_subscribed until the flag is written again', () => {
    const base = {
      messages: [],
      clicks: [],
      fieldNames: ['plan', 'mrr', 'active', 'missing'],
      deepLink: null,
    };
    const customer = {
      identifiers: { cio_id: 'c1', email: 'a@b.c', id: null },
      attributes: { plan: 'Pro', mrr: '99.5', active: 'false', unsubscribed: 'true', kommo_email_status: 'not_subscribed' },
      timestamps: { unsubscribed: 100, kommo_email_status: 100 },
    };
    expect(profileFromCustomer({ ...base, customer })).toMatchObject({
      fields: { plan: 'Pro', mrr: 99.5, active: false },
      channels: { email: { status: 'not_subscribed', since: 100_000 } },
    });
    const later = { ...customer, timestamps: { unsubscribed: 200, kommo_email_status: 100 } };
    expect(profileFromCustomer({ ...base, customer: later })).toMatchObject({ channels: { email: { status: 'unsubscribed', since: 200_000 } } });
  });
});
