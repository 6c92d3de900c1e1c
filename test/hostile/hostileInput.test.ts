import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailClicked, signReportingWebhook } from '../simulators/customerio/index.ts';
import { encodeKommoWebhookForm } from '../simulators/kommo/index.ts';
import { CURRENT_USER_ID } from '../simulators/kommo/index.ts';
import {
  CIO_PATH_SECRET,
  MOOSEND_PATH_SECRET,
  OMNISEND_HEADER_SECRET,
  OMNISEND_PATH_SECRET,
  startConnectedBridge,
  type ConnectedBridge,
} from '../support/connectedBridge.ts';
import { KOMMO_WEBHOOK_SECRET } from '../support/inProcessBridge.ts';
import { leadStatus, won } from '../support/kommoPayloads.ts';

/**
 * SPEC §6 reliability: thousands of malformed, truncated, oversized, wrongly-typed, deeply nested
 * and forged inputs at every endpoint → a 4xx with a JSON message (or the documented 2xx "parked"
 * for an authenticated webhook the bridge stores but cannot use), never a 5xx, and nothing
 * written beyond what the answer acknowledges. In-process (`app.request`) to keep thousands fast.
 */
let world: ConnectedBridge;
let personalToken: string;
let deadToken: string;

beforeAll(async () => {
  world = await startConnectedBridge({ deals: 1 });
  // Deal 5000 is known to the bridge, so the panel's ownership checks run against real rows.
  const seeded = await world.bridge.app.request(`/webhooks/kommo/${KOMMO_WEBHOOK_SECRET}`, form(encodeKommoWebhookForm(won(5000))));
  expect(seeded.status).toBe(200);
  const accountId = world.bridge.selfHosted!.id;
  personalToken = (await world.bridge.personalTokens.issue({ accountId, userId: CURRENT_USER_ID, label: 'hostile' })).token;
  const revoked = await world.bridge.personalTokens.issue({ accountId, userId: CURRENT_USER_ID, label: 'revoked' });
  await world.bridge.personalTokens.revoke(revoked.id, accountId);
  deadToken = revoked.token;
});
afterAll(() => world.close());

function form(body: string, contentType = 'application/x-www-form-urlencoded'): RequestInit {
  return { method: 'POST', headers: { 'Content-Type': contentType }, body };
}

const count = (table: 'jobs' | 'webhooks') => (world.bridge.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

type Answer = { status: number; json: unknown; contentType: string };

/** Sends one request and checks what holds for every answer: no 5xx, a JSON message on refusal, nothing written on refusal. */
async function send(path: string, init: RequestInit): Promise<Answer> {
  const jobsBefore = count('jobs');
  const rowsBefore = count('webhooks');
  const response = await world.bridge.app.request(path, init);
  const contentType = response.headers.get('content-type') ?? '';
  const text = await response.text();
  const json = contentType.includes('application/json') ? (JSON.parse(text) as unknown) : undefined;
  const where = `${init.method ?? 'GET'} ${path.slice(0, 120)} → ${response.status} ${text.slice(0, 300)}`;
  expect(response.status, where).toBeLessThan(500);
  if (response.status >= 400) {
    expect(json, where).toEqual({ error: expect.any(String), message: expect.any(String) });
    expect(count('webhooks'), `${where}: a refused request stored a webhook`).toBe(rowsBefore);
    expect(count('jobs'), `${where}: a refused request queued a job`).toBe(jobsBefore);
  }
  if (response.status < 300 && json && typeof json === 'object' && 'queued' in json) {
    // The only jobs a request may add are the ones its answer acknowledges.
    expect(count('jobs') - jobsBefore, where).toBe((json as { queued: number }).queued);
  } else {
    expect(count('jobs'), `${where}: jobs appeared without being acknowledged`).toBe(jobsBefore);
  }
  return { status: response.status, json, contentType };
}

// ---- building blocks -------------------------------------------------------------------------

const deep = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth);
const junkText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', ' ', 'null', 'NaN', '-1', '1e309', '0x1F', '9'.repeat(40), '%', '%zz', '%00', '\u0000', '../../etc/passwd', '<script>', '{}', '[]'),
);
const junkBytes = fc.uint8Array({ maxLength: 400 });
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)),
  junkText,
  fc.integer({ min: 100, max: 20_000 }).map((d) => deep(d, '[', ']')),
  fc.integer({ min: 100, max: 20_000 }).map((d) => deep(d, '{"a":', '}')),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v).slice(0, -1)),
);
const realKommoForm = encodeKommoWebhookForm(leadStatus([{ id: 5000, statusId: 142 }, { id: 5001, statusId: 143 }]));
const kommoKeys = fc.constantFrom(
  'account[subdomain]',
  'account[id]',
  'leads[status][0][id]',
  'leads[status][0][status_id]',
  'leads[status][0][pipeline_id]',
  'leads[status][0][old_status_id]',
  'leads[update][0][id]',
  'contacts[update][0][id]',
  'leads[status][x][id]',
  'leads[status][][id]',
  'leads',
  'leads[status]',
  '__proto__[polluted]',
  'constructor[prototype][x]',
);
const kommoForm = fc.oneof(
  fc.array(fc.tuple(fc.oneof(kommoKeys, junkText), fc.oneof(junkText, fc.constantFrom('acme', 'evil', '142', '5000'))), { maxLength: 12 }).map((pairs) =>
    pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'),
  ),
  fc.integer({ min: 0, max: realKommoForm.length - 1 }).map((cut) => realKommoForm.slice(0, cut)),
  fc.integer({ min: 50, max: 5_000 }).map((d) => `account[subdomain]=acme&leads${'[status]'.repeat(d)}=1`),
  fc.constant(encodeKommoWebhookForm(leadStatus([{ id: 5000, statusId: 142 }], 'globex'))),
  junkText,
);
const contentTypes = fc.constantFrom<string | undefined>(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
  undefined,
);
const secretFor = (valid: string) => fc.oneof(fc.constant(valid), fc.constant(`${valid}x`), fc.constant(valid.slice(0, -1)), fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent));
const bodyOf = fc.oneof(junkBytes.map((b): string | Uint8Array<ArrayBuffer> => new Uint8Array(b)), jsonish, kommoForm);

const runs = { numRuns: 800 };

describe('hostile webhooks', () => {
  it('POST /webhooks/kommo/:secret answers malformed, truncated, nested, wrongly-typed and forged forms with a 4xx and stores nothing', async () => {
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(secretFor(KOMMO_WEBHOOK_SECRET), contentTypes, bodyOf, async (secret, contentType, body) => {
        const headers: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType };
        const answer = await send(`/webhooks/kommo/${secret}`, { method: 'POST', headers, body });
        if (answer.status >= 400) refused += 1;
        if (answer.status < 300) {
          expect(secret).toBe(KOMMO_WEBHOOK_SECRET);
          expect(answer.json).toMatchObject({ received: expect.any(Number), queued: expect.any(Number), duplicate: expect.any(Boolean) });
        }
      }),
      runs,
    );
    expect(refused).toBeGreaterThan(runs.numRuns / 2);
  });

  it('POST /webhooks/customerio/:secret refuses unsigned, forged, stale and misaddressed bodies; a validly signed one it cannot use is parked', async () => {
    const signing = world.cio.credentials.webhookSigningKey;
    const realEvent = JSON.stringify(emailClicked({ identifiers: { id: 'x', email: 'buyer.0@example.com', cio_id: 'd9c106000001' }, href: 'https://e.example' }));
    const cioBody = fc.oneof(jsonish, junkBytes.map((b) => Buffer.from(b).toString('latin1')), fc.integer({ min: 0, max: realEvent.length - 1 }).map((n) => realEvent.slice(0, n)));
    const signature = fc.constantFrom('valid', 'wrong-key', 'missing', 'stale', 'future', 'non-numeric', 'truncated', 'uppercase');
    let parked = 0;
    await fc.assert(
      fc.asyncProperty(secretFor(CIO_PATH_SECRET), signature, cioBody, async (secret, how, body) => {
        const now = Math.floor(Date.now() / 1000);
        const timestamp = how === 'stale' ? now - 3_600 : how === 'future' ? now + 3_600 : how === 'non-numeric' ? 'yesterday' : now;
        let sig = signReportingWebhook(how === 'wrong-key' ? 'someone-elses-key-0123456789' : signing, timestamp, body);
        if (how === 'truncated') sig = sig.slice(0, 20);
        if (how === 'uppercase') sig = sig.toUpperCase();
        const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-CIO-Timestamp': String(timestamp) };
        if (how !== 'missing') headers['X-CIO-Signature'] = sig;
        const answer = await send(`/webhooks/customerio/${secret}`, { method: 'POST', headers, body });
        if (secret !== CIO_PATH_SECRET) expect(answer.status).toBe(404);
        else if (how !== 'valid' && how !== 'uppercase') expect(answer.status).toBe(401);
        if (answer.status < 300) {
          expect(answer.json).toEqual(expect.objectContaining({ parked: expect.any(String) }));
          parked += 1;
        }
      }),
      runs,
    );
    expect(parked).toBeGreaterThan(0);
  });

  it('POST /webhooks/omnisend|moosend/:secret refuses a wrong path or header secret; an authenticated body it cannot read is parked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('omnisend', 'moosend'),
        fc.boolean(),
        fc.constantFrom('valid', 'wrong', 'missing'),
        bodyOf,
        contentTypes,
        async (esp, rightPath, header, body, contentType) => {
          const pathSecret = esp === 'omnisend' ? OMNISEND_PATH_SECRET : MOOSEND_PATH_SECRET;
          const headers: Record<string, string> = contentType === undefined ? {} : { 'Content-Type': contentType };
          if (header !== 'missing') headers['X-Bridge-Secret'] = header === 'valid' ? OMNISEND_HEADER_SECRET : 'guess-0123456789';
          const answer = await send(`/webhooks/${esp}/${rightPath ? pathSecret : 'wrong-path-secret-0123456789'}`, { method: 'POST', headers, body });
          if (!rightPath) expect(answer.status).toBe(404);
          else if (esp === 'omnisend' && header !== 'valid') expect(answer.status).toBe(401);
          if (answer.status < 300) expect(answer.json).toEqual(expect.objectContaining({ parked: expect.any(String) }));
        },
      ),
      runs,
    );
  });

  it('refuses bodies over 1 MB on every webhook route with 413 before reading them', async () => {
    const routes = [
      `/webhooks/kommo/${KOMMO_WEBHOOK_SECRET}`,
      `/webhooks/customerio/${CIO_PATH_SECRET}`,
      `/webhooks/omnisend/${OMNISEND_PATH_SECRET}`,
      `/webhooks/moosend/${MOOSEND_PATH_SECRET}`,
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.integer({ min: 1024 * 1024 + 1, max: 3 * 1024 * 1024 }), fc.constantFrom('a', '[', '%'), async (route, size, fill) => {
        const body = `account[subdomain]=acme&x=${fill.repeat(size)}`;
        const answer = await send(route, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Bridge-Secret': OMNISEND_HEADER_SECRET }, body });
        expect(answer.status).toBe(413);
        expect(answer.json).toMatchObject({ error: 'body_too_large' });
      }),
      { numRuns: 12 },
    );
  });
});

describe('hostile panel API calls', () => {
  const panelPaths = (id: string) => [`/api/leads/${id}/panel`, `/api/leads/${id}/resync`, `/api/contacts/${id}/opt-out`, `/api/me`, `/api/leads/${id}`, `/api/${id}`];
  // Ids the bridge has not seen or cannot parse: a valid token with a real deal would be a real click.
  const junkId = fc.oneof(
    fc.constantFrom('0', '-1', '1e3', '0x10', '9'.repeat(13), '99999999', '5000.5', ' 5000', '%2e%2e', '..', 'null', ''),
    fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
  );
  const tokens = fc.constantFrom('disposable', 'forged', 'expired', 'wrong-audience', 'other-account', 'garbage', 'personal', 'revoked-personal', 'random-bearer', 'none', 'both');

  function authHeaders(kind: string, garbage: string): Record<string, string> {
    const token = world.token;
    switch (kind) {
      case 'disposable': return { 'X-Auth-Token': token() };
      case 'forged': return { 'X-Auth-Token': token({ clientSecret: 'not-the-client-secret-0123456789' }) };
      case 'expired': return { 'X-Auth-Token': token({ issuedAt: Math.floor(Date.now() / 1000) - 7_200 }) };
      case 'wrong-audience': return { 'X-Auth-Token': token({ audience: 'https://evil.example' }) };
      case 'other-account': return { 'X-Auth-Token': token({ subdomain: 'globex', accountId: 999 }) };
      case 'garbage': return { 'X-Auth-Token': garbage };
      case 'personal': return { Authorization: `Bearer ${personalToken}` };
      case 'revoked-personal': return { Authorization: `Bearer ${deadToken}` };
      case 'random-bearer': return { Authorization: `Bearer ${garbage.replace(/\s/g, '') || 'x'}` };
      case 'both': return { Authorization: `Bearer ${garbage.replace(/\s/g, '') || 'x'}`, 'X-Auth-Token': token() };
      default: return {};
    }
  }

  it('answers junk ids, bodies and headers with forged or valid tokens with a 4xx JSON message and writes nothing', async () => {
    const printable = fc.string({ maxLength: 300 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
        junkId,
        fc.nat(5),
        tokens,
        printable,
        fc.option(printable, { nil: undefined }),
        fc.option(fc.oneof(jsonish, fc.constant('{"channels":["email"]}'), fc.constant('{"channels":[]}'), fc.constant('{"channels":"email"}')), { nil: undefined }),
        contentTypes,
        async (method, id, which, tokenKind, garbage, idempotencyKey, body, contentType) => {
          const path = panelPaths(id)[which]!;
          const headers: Record<string, string> = { ...authHeaders(tokenKind, garbage), Origin: 'https://acme.kommo.com' };
          if (idempotencyKey !== undefined) headers['Idempotency-Key'] = idempotencyKey;
          if (contentType !== undefined) headers['Content-Type'] = contentType;
          const hasBody = body !== undefined && method !== 'GET';
          const answer = await send(path, { method, headers, ...(hasBody ? { body } : {}) });
          if (answer.status < 300) {
            // Only reads of the caller's own identity may succeed on junk.
            expect(`${method} ${path}`).toBe('GET /api/me');
            expect(['disposable', 'personal', 'both']).toContain(tokenKind);
          }
        },
      ),
      { numRuns: 1_200 },
    );
  });

  it('refuses panel bodies over 16 KB with 413 before checking the token', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/contacts/5000/opt-out', '/api/leads/5000/resync'), fc.integer({ min: 16 * 1024 + 1, max: 200_000 }), fc.boolean(), async (path, size, withToken) => {
        const headers: Record<string, string> = { 'Content-Type': 'application/json', 'Idempotency-Key': `big-${size}` };
        if (withToken) headers['X-Auth-Token'] = world.token();
        const answer = await send(path, { method: 'POST', headers, body: JSON.stringify({ channels: ['email'], pad: 'x'.repeat(size) }) });
        expect(answer.status).toBe(413);
        expect(answer.json).toMatchObject({ error: 'body_too_large' });
      }),
      { numRuns: 20 },
    );
  });
});

describe('hostile requests elsewhere', () => {
  it('answers /healthz, /metrics and unknown paths with any method and junk with 200 for the two reads, a 4xx JSON message otherwise', async () => {
    const paths = fc.oneof(
      fc.constantFrom('/healthz', '/metrics', '/', '/webhooks', '/webhooks/kommo', '/webhooks/kommo/', '/api', '/oauth/kommo/callback', '/%', '/..%2f..%2fetc/passwd'),
      fc.array(fc.string({ minLength: 1, maxLength: 12 }).map(encodeURIComponent), { minLength: 1, maxLength: 6 }).map((parts) => `/${parts.join('/')}`),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH'), paths, fc.option(bodyOf, { nil: undefined }), async (method, path, body) => {
        const withBody = body !== undefined && method !== 'GET' && method !== 'HEAD';
        const jobsBefore = count('jobs');
        const response = await world.bridge.app.request(path, { method, ...(withBody ? { body } : {}) });
        const where = `${method} ${path} → ${response.status}`;
        expect(response.status, where).toBeLessThan(500);
        const readOk = (method === 'GET' || method === 'HEAD') && (path === '/healthz' || path === '/metrics');
        if (readOk) expect(response.status, where).toBe(200);
        else if (method !== 'HEAD' && response.status >= 400) expect(await response.json(), where).toEqual({ error: expect.any(String), message: expect.any(String) });
        expect(count('jobs')).toBe(jobsBefore);
      }),
      runs,
    );
  });
});
