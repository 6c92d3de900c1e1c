import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOmnisendSimulator, type OmnisendSimulator } from './index.ts';
import { call, json } from './testClient.ts';

interface Page {
  contacts: Array<Record<string, unknown>>;
  paging: { cursors: { after: string | null; before: string | null }; hasMore: boolean; limit: number };
}

const page = async (sim: OmnisendSimulator, query: string): Promise<Page> => {
  const res = await call(sim, `/api/contacts?${query}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};
const emails = (p: Page) => p.contacts.map((c) => c['email']);

describe('omnisend simulator: GET /api/contacts (reference §A.2)', () => {
  let sim: OmnisendSimulator;
  beforeAll(async () => {
    sim = await startOmnisendSimulator();
    for (let i = 1; i <= 5; i++) {
      sim.seedContact({
        email: `p${i}@example.com`,
        emailStatus: i % 2 === 0 ? 'unsubscribed' : 'subscribed',
        tags: i <= 2 ? ['vip'] : [],
        segments: i === 3 ? ['seg-1'] : [],
        createdAt: `2026-01-0${i}T00:00:00Z`,
        updatedAt: `2026-02-0${6 - i}T00:00:00Z`,
      });
    }
  });
  afterAll(() => sim.close());

  it('defaults: createdAt desc, limit 100, cursors null and hasMore false on a single page', async () => {
    const p = await page(sim, '');
    expect(emails(p)).toEqual(['p5@example.com', 'p4@example.com', 'p3@example.com', 'p2@example.com', 'p1@example.com']);
    expect(p.paging).toEqual({ cursors: { after: null, before: null }, hasMore: false, limit: 100 });
  });

  it('walks forward with paging.cursors.after and back with paging.cursors.before', async () => {
    const first = await page(sim, 'limit=2&sort=createdAt&direction=asc');
    expect(emails(first)).toEqual(['p1@example.com', 'p2@example.com']);
    expect(first.paging).toMatchObject({ hasMore: true, cursors: { before: null, after: expect.any(String) } });
    const second = await page(sim, `limit=2&sort=createdAt&direction=asc&after=${first.paging.cursors.after}`);
    expect(emails(second)).toEqual(['p3@example.com', 'p4@example.com']);
    expect(second.paging.hasMore).toBe(true);
    const third = await page(sim, `limit=2&sort=createdAt&direction=asc&after=${second.paging.cursors.after}`);
    expect(emails(third)).toEqual(['p5@example.com']);
    expect(third.paging).toMatchObject({ hasMore: false, cursors: { after: null, before: expect.any(String) } });
    const back = await page(sim, `limit=2&sort=createdAt&direction=asc&before=${third.paging.cursors.before}`);
    expect(emails(back)).toEqual(['p3@example.com', 'p4@example.com']);
    expect(back.paging.hasMore).toBe(true);
  });

  it('updatedAtFrom (inclusive) with sort=updatedAt is the poll for status changes', async () => {
    const p = await page(sim, 'updatedAtFrom=2026-02-03T00:00:00Z&sort=updatedAt&direction=asc');
    expect(emails(p)).toEqual(['p3@example.com', 'p2@example.com', 'p1@example.com']);
  });

  it('filters by exact email, phone, status, tag and segmentID', async () => {
    expect(emails(await page(sim, 'email=p2%40example.com'))).toEqual(['p2@example.com']);
    expect(emails(await page(sim, 'email=P2%40example.com'))).toEqual([]);
    expect(emails(await page(sim, 'status=unsubscribed'))).toEqual(['p4@example.com', 'p2@example.com']);
    expect(emails(await page(sim, 'tag=vip'))).toEqual(['p2@example.com', 'p1@example.com']);
    expect(emails(await page(sim, 'segmentID=seg-1'))).toEqual(['p3@example.com']);
  });

  it('refuses the documented incompatible combinations with a 400 ValidationProblem', async () => {
    const both = await call(sim, '/api/contacts?tag=vip&status=subscribed');
    expect(both.status).toBe(400);
    expect(await json(both)).toMatchObject({ type: 'https://problems.omnisend.com/validation', errors: [{ field: 'tag', code: 'incompatible_filters' }] });
    for (const other of ['email=a%40b.co', 'phone=%2B14155550100', 'status=subscribed', 'segmentID=s', 'tag=vip']) {
      const res = await call(sim, `/api/contacts?updatedAtFrom=2026-01-01T00:00:00Z&${other}`);
      expect(res.status).toBe(400);
      expect(await json(res)).toMatchObject({ errors: [{ field: 'updatedAtFrom', code: 'incompatible_filters' }] });
    }
  });

  it('validates limit, sort, direction, updatedAtFrom and cursors', async () => {
    const cases: Array<[string, string]> = [
      ['limit=0', 'limit'],
      ['limit=251', 'limit'],
      ['sort=email', 'sort'],
      ['direction=up', 'direction'],
      ['updatedAtFrom=2026-01-01', 'updatedAtFrom'],
      ['after=garbage', 'after'],
    ];
    for (const [query, field] of cases) {
      const res = await call(sim, `/api/contacts?${query}`);
      expect(res.status, query).toBe(400);
      expect(((await json(res))['errors'] as Array<{ field: string }>)[0]?.field).toBe(field);
    }
    // A cursor only works with the sort it was issued for.
    const first = await page(sim, 'limit=1&sort=updatedAt');
    const res = await call(sim, `/api/contacts?limit=1&sort=createdAt&after=${first.paging.cursors.after}`);
    expect(res.status).toBe(400);
  });
});
