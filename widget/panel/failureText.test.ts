import { describe, expect, it } from 'vitest';
import { failureText } from './failureText.ts';
import { en } from './i18n/en.ts';

describe('failureText', () => {
  it('asks for a reload on 401, without the backend’s wording', () => {
    expect(failureText({ kind: 'http', status: 401, code: 'token_expired', message: 'expired' }, en)).toEqual({
      summary: 'Session expired — reload the page.',
      detail: null,
    });
  });

  it('names a server problem with its status and keeps the backend’s sentence as detail', () => {
    expect(failureText({ kind: 'http', status: 503, code: 'storage_unavailable', message: 'Try later.' }, en)).toEqual({
      summary: 'The bridge had a problem (HTTP 503).',
      detail: 'Try later.',
    });
  });

  it('tells a refused request, a network failure and an unreadable answer apart', () => {
    expect(failureText({ kind: 'http', status: 404, code: null, message: null }, en).summary).toBe('The bridge refused the request (HTTP 404).');
    expect(failureText({ kind: 'network', message: 'Failed to fetch' }, en).summary).toBe(en.failure.network);
    expect(failureText({ kind: 'unreadable', status: 200 }, en).summary).toBe(en.failure.unreadable);
  });
});
