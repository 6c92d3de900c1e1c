import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOmnisendSimulator, type OmnisendSimulator } from './index.ts';
import { call, json } from './testClient.ts';

describe('omnisend simulator: POST/DELETE /api/contacts/tags (reference §A.2)', () => {
  let sim: OmnisendSimulator;
  beforeAll(async () => {
    sim = await startOmnisendSimulator({ asyncDelayMs: 100, timestampPrecision: 'milliseconds' });
    sim.seedContact({ id: 'c1', email: 'tag1@example.com', tags: ['active'] });
    sim.seedContact({ id: 'c2', email: 'tag2@example.com', phone: '+14155550444', tags: ['active'] });
    sim.seedContact({ id: 'c3', email: 'tag3@example.com', segments: ['seg-9'] });
  });
  afterAll(() => sim.close());

  it('answers 202 with no body and applies the tags later, not at once', async () => {
    const res = await call(sim, '/api/contacts/tags', { method: 'POST', body: { tags: ['customer', 'plan_pro'], emails: ['tag1@example.com'] } });
    expect(res.status).toBe(202);
    expect(await res.text()).toBe('');
    expect(sim.contacts.byId('c1')?.['tags']).toEqual(['active']);
    expect(sim.tagOperations.at(-1)).toMatchObject({ action: 'add', appliedAt: null });
    await sim.settled();
    expect(sim.contacts.byId('c1')?.['tags']).toEqual(['active', 'customer', 'plan_pro']);
    expect(sim.tagOperations.at(-1)).toMatchObject({ action: 'add', tags: ['customer', 'plan_pro'], emails: ['tag1@example.com'], matchedContactIds: ['c1'], appliedAt: expect.any(String) });
  });

  it('selectors add up (contactIDs, emails, phones, segmentID), each contact once; unknown and differently-cased emails are silently ignored', async () => {
    const res = await call(sim, '/api/contacts/tags', {
      method: 'POST',
      body: { tags: ['x'], contactIDs: ['c1', 'nope'], emails: ['tag1@example.com', 'TAG2@example.com', 'ghost@example.com'], phones: ['+14155550444'], segmentID: 'seg-9' },
    });
    expect(res.status).toBe(202);
    await sim.settled();
    expect(sim.tagOperations.at(-1)?.matchedContactIds.sort()).toEqual(['c1', 'c2', 'c3']);
    expect(sim.contacts.allByEmailIgnoringCase('ghost@example.com')).toEqual([]);
  });

  it('DELETE removes tags asynchronously and bumps updatedAt', async () => {
    const before = sim.contacts.byId('c2')?.['updatedAt'];
    const res = await call(sim, '/api/contacts/tags', { method: 'DELETE', body: { tags: ['active'], contactIDs: ['c2'] } });
    expect(res.status).toBe(202);
    expect(sim.contacts.byId('c2')?.['tags']).toContain('active');
    await sim.settled();
    expect(sim.contacts.byId('c2')?.['tags']).not.toContain('active');
    expect(sim.contacts.byId('c2')?.['updatedAt']).not.toBe(before);
    expect(sim.tagOperations.at(-1)).toMatchObject({ action: 'remove', matchedContactIds: ['c2'] });
  });

  it('validates: tags required (1–100), a selector required, ≤250 per selector', async () => {
    const cases: Array<[unknown, string, string]> = [
      [{ emails: ['a@b.co'] }, 'tags', 'required'],
      [{ tags: [], emails: ['a@b.co'] }, 'tags', 'required'],
      [{ tags: Array.from({ length: 101 }, (_, i) => `t${i}`), emails: ['a@b.co'] }, 'tags', 'too_many_items'],
      [{ tags: ['t'] }, 'contactIDs', 'required'],
      [{ tags: ['t'], emails: [] }, 'contactIDs', 'required'],
      [{ tags: ['t'], emails: Array.from({ length: 251 }, (_, i) => `e${i}@b.co`) }, 'emails', 'too_many_items'],
      [{ tags: ['t'], phones: [1] }, 'phones.0', 'invalid_type'],
    ];
    for (const [body, field, code] of cases) {
      const res = await call(sim, '/api/contacts/tags', { method: 'POST', body });
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ type: 'https://problems.omnisend.com/validation', errors: [{ field, code }] });
    }
  });
});
