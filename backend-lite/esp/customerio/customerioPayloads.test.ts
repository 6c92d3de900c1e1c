import { describe, expect, it } from 'vitest';
import { derivedUlid } from '../../sync/derivedUlid.ts';
import { eventPayload, identifyOperation, identifyPayload, isReservedAttribute, optOutPayload, ulidTime } from './customerioPayloads.ts';
import { change } from './customerioTestKit.ts';

const NOW = Date.UTC(2026, 0, 1, 12);

describe('customerio payloads', () => {
  it('a new person without an explicit consent (status absent) is created unsubscribed', () => {
    const { attributes, createdAs } = identifyPayload(change({ newContactStatus: {} }), true, NOW);
    expect(createdAs).toBe('not_subscribed');
    expect(attributes).toMatchObject({ unsubscribed: true, kommo_email_status: 'not_subscribed', created_at: NOW / 1000 });
  });

  it('an existing person gets neither created_at nor any consent attribute, whatever the status says', () => {
    for (const email of ['subscribed', 'not_subscribed'] as const) {
      const { attributes, createdAs } = identifyPayload(change({ newContactStatus: { email } }), false, NOW);
      expect(createdAs).toBeNull();
      expect(attributes).not.toHaveProperty('unsubscribed');
      expect(attributes).not.toHaveProperty('created_at');
      expect(attributes).not.toHaveProperty('kommo_email_status');
    }
  });

  it('leaves out null fields and empty names; a tag both added and removed stays', () => {
    const { attributes } = identifyPayload(change({ firstName: null, lastName: '', fields: { plan: null, mrr: 0 }, addTags: ['a'], removeTags: ['a', 'b'] }), false, NOW);
    expect(attributes).toEqual({ email: 'jane@example.com', kommo_contact_id: 501, kommo_deal_id: 9001, mrr: 0, tag_a: true, tag_b: false });
  });

  it('reserves identifiers, consent, control keys, topics and the tag namespace', () => {
    for (const name of ['email', 'id', 'cio_id', 'unsubscribed', '_update', '_timestamp', 'created_at', 'cio_subscription_preferences.topics.topic_1', 'tag_x', 'kommo_email_status']) {
      expect(isReservedAttribute(name), name).toBe(true);
    }
    expect(isReservedAttribute('plan')).toBe(false);
  });

  it('the opt-out only ever says unsubscribed: true; update-only when the person was not found', () => {
    expect(optOutPayload('a@b.c', false)).toEqual({ email: 'a@b.c', unsubscribed: true, kommo_email_status: 'unsubscribed' });
    expect(optOutPayload('a@b.c', true)).toMatchObject({ _update: true });
  });

  it('the event timestamp is the ULID time in seconds (the same on every retry), clamped to now', () => {
    const changedAt = NOW - 90_000;
    const id = derivedUlid(changedAt, 'x');
    expect(ulidTime(id)).toBe(changedAt);
    expect(eventPayload({ name: 'deal_won', id, data: {} }, NOW)).toEqual({ name: 'deal_won', id, timestamp: (NOW - 90_000) / 1000, data: {} });
    expect(eventPayload({ name: 'e', id: derivedUlid(NOW + 60_000, 'x'), data: {} }, NOW).timestamp).toBe(NOW / 1000);
    expect(eventPayload({ name: 'e', id: 'not-a-ulid', data: {} }, NOW).timestamp).toBe(NOW / 1000);
  });

  it('a v2 identify names the person in identifiers only', () => {
    expect(identifyOperation('a@b.c', { email: 'a@b.c', plan: 'Pro' })).toEqual({ type: 'person', identifiers: { email: 'a@b.c' }, action: 'identify', attributes: { plan: 'Pro' } });
  });
});
