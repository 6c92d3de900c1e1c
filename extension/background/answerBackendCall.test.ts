import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathNotAllowed } from '../shared/backendCall.ts';
import { answerBackendCall } from './answerBackendCall.ts';

/** A stand-in backend that records what reached it and answers 401 to everything but /api/leads/7/panel. */
const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => (body += chunk.toString()));
  request.on('end', () => {
    received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });
    if (request.url === '/api/leads/7/panel') response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"leadId":7}');
    else response.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"token_revoked","message":"Revoked."}');
  });
});
let origin = '';
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const granted = (pattern: string) => Promise.resolve(pattern === `${origin}/*`);

describe('answerBackendCall', () => {
  it('sends the personal token as a Bearer header and returns status and JSON', async () => {
    const answer = answerBackendCall({ loadSettings: async () => ({ backendUrl: `${origin}/`, token: 'keb_abc' }), hasHostPermission: granted });
    expect(await answer({ method: 'GET', path: '/api/leads/7/panel' })).toEqual({ kind: 'answer', status: 200, body: { leadId: 7 } });
    expect(received.at(-1)?.headers['authorization']).toBe('Bearer keb_abc');

    const optOut = await answer({ method: 'POST', path: '/api/contacts/9/opt-out', body: { channels: ['email'] }, headers: { 'Idempotency-Key': 'k1' } });
    expect(optOut).toEqual({ kind: 'answer', status: 401, body: { error: 'token_revoked', message: 'Revoked.' } });
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/api/contacts/9/opt-out', body: '{"channels":["email"]}' });
    expect(received.at(-1)?.headers['idempotency-key']).toBe('k1');
  });

  it('sends the token nowhere but the panel API', async () => {
    const answer = answerBackendCall({ loadSettings: async () => ({ backendUrl: origin, token: 'keb_abc' }), hasHostPermission: granted });
    const before = received.length;
    await expect(answer({ method: 'GET', path: '/api/admin/settings' })).rejects.toBeInstanceOf(PathNotAllowed);
    expect(received.length).toBe(before);
  });

  it('says what is missing instead of calling: settings, then access to the origin', async () => {
    const unset = answerBackendCall({ loadSettings: async () => null, hasHostPermission: granted });
    expect(await unset({ method: 'GET', path: '/api/me' })).toEqual({ kind: 'not_configured' });
    const elsewhere = answerBackendCall({ loadSettings: async () => ({ backendUrl: 'https://bridge.example.com', token: 't' }), hasHostPermission: granted });
    expect(await elsewhere({ method: 'GET', path: '/api/me' })).toEqual({ kind: 'no_permission', origin: 'https://bridge.example.com' });
  });

  it('reports a backend that does not answer as unreachable', async () => {
    const closed = answerBackendCall({ loadSettings: async () => ({ backendUrl: 'http://127.0.0.1:9', token: 't' }), hasHostPermission: async () => true });
    const reply = await closed({ method: 'GET', path: '/api/me' });
    expect(reply.kind).toBe('unreachable');
  });
});
