import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { mintDisposableToken } from '../../test/support/disposableToken.ts';
import { DisposableTokenRejected, verifyDisposableToken, type TokenProblem } from './kommoDisposableToken.ts';

const secret = 'test-client-secret';
const audience = 'https://bridge.example.com';
const now = () => 1_800_000_000_000;
const mint = (over: Partial<Parameters<typeof mintDisposableToken>[0]> = {}) =>
  mintDisposableToken({ clientSecret: secret, subdomain: 'acme', audience, accountId: 31000001, userId: 8000001, clientUuid: 'client-uuid', issuedAt: 1_800_000_000 - 10, ...over });

function problemOf(token: string | undefined, options: { clientId?: string } = {}): TokenProblem | 'accepted' {
  try {
    verifyDisposableToken(token, { secret, audience, now, ...options });
    return 'accepted';
  } catch (error) {
    if (error instanceof DisposableTokenRejected) return error.problem;
    throw error;
  }
}

describe('verifyDisposableToken', () => {
  it('accepts a token Kommo minted for this integration and returns its claims', () => {
    const claims = verifyDisposableToken(mint(), { secret, audience: `${audience}/`, now, clientId: 'client-uuid' });
    expect(claims).toMatchObject({ account_id: 31000001, user_id: 8000001, subdomain: 'acme' });
  });

  it('names what is wrong with a token it refuses', () => {
    expect(problemOf(undefined)).toBe('missing');
    expect(problemOf('not-a-jwt')).toBe('malformed');
    expect(problemOf(mint({ clientSecret: 'another-integration-secret' }))).toBe('bad_signature');
    expect(problemOf(mint().slice(0, -4))).toBe('bad_signature');
    expect(problemOf(mint({ audience: 'https://evil.example.com' }))).toBe('wrong_audience');
    expect(problemOf(mint({ issuedAt: 1_800_000_000 - 3_600 }))).toBe('expired');
    expect(problemOf(mint({ issuedAt: 1_800_000_000 + 600 }))).toBe('not_yet_valid');
    expect(problemOf(mint(), { clientId: 'other-integration' })).toBe('wrong_integration');
  });

  it('refuses a token whose payload was changed after signing', () => {
    const [header, payload, signature] = mint().split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, account_id: 999 })).toString('base64url');
    expect(problemOf(`${header}.${forged}.${signature}`)).toBe('bad_signature');
  });

  it('refuses alg "none" and other algorithms even when signed', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = mint().split('.')[1] ?? '';
    const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    expect(problemOf(`${header}.${payload}.${signature}`)).toBe('malformed');
  });
});
