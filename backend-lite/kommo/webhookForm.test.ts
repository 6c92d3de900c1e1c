import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MalformedWebhookBody } from './malformedWebhookBody.ts';
import { parseNestedForm } from './webhookForm.ts';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/kommo/${name}`, import.meta.url), 'utf8');

function expectMalformed(body: string, message: RegExp, limits?: { maxKeys?: number; maxDepth?: number }) {
  let caught: unknown;
  try {
    parseNestedForm(body, limits);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(MalformedWebhookBody);
  expect((caught as MalformedWebhookBody).name).toBe('MalformedWebhookBody');
  expect((caught as MalformedWebhookBody).message).toMatch(message);
}

describe('parseNestedForm', () => {
  it('nests PHP-style keys into objects and arrays', () => {
    expect(parseNestedForm('leads[status][0][custom_fields][0][values][0][value]=Pro&account[id]=1')).toEqual({
      leads: { status: [{ custom_fields: [{ values: [{ value: 'Pro' }] }] }] },
      account: { id: '1' },
    });
  });

  it('decodes like URLSearchParams: + is a space, percent escapes, UTF-8', () => {
    expect(parseNestedForm('a%5Bb%5D=Jane+Doe&c=%2B44%20700&d=%E2%80%94&e')).toEqual({
      a: { b: 'Jane Doe' },
      c: '+44 700',
      d: '—',
      e: '',
    });
  });

  it('reads a real fixture with encoded brackets', () => {
    const parsed = parseNestedForm(fixture('kommo-lead-status-won.form'));
    expect(parsed['account']).toEqual({ subdomain: 'acme', id: '31000001', _links: { self: 'https://acme.kommo.com' } });
    expect(parsed).toMatchObject({
      leads: { status: [{ id: '15318175', name: 'Annual plan — Acme Ltd', custom_fields: [{ id: '512001' }, { id: '512002' }] }] },
    });
  });

  it('returns an empty object for an empty body', () => {
    expect(parseNestedForm('')).toEqual({});
  });

  describe('arrays', () => {
    it('compacts sparse indexes in index order, not arrival order', () => {
      expect(parseNestedForm('a[10]=z&a[0]=x&a[9]=w&a[2]=y')).toEqual({ a: ['x', 'y', 'w', 'z'] });
    });

    it('keeps a level with any non-index key as an object', () => {
      expect(parseNestedForm('a[0]=x&a[b]=y&c[01]=z')).toEqual({ a: { 0: 'x', b: 'y' }, c: { '01': 'z' } });
    });

    it('appends with empty brackets, after the highest index so far', () => {
      expect(parseNestedForm('a[]=1&a[]=2')).toEqual({ a: ['1', '2'] });
      expect(parseNestedForm('a[3]=x&a[]=y')).toEqual({ a: ['x', 'y'] });
      expect(parseNestedForm('a[][id]=1&a[][id]=2')).toEqual({ a: [{ id: '1' }, { id: '2' }] });
    });

    it('keeps the root an object even when every name is a number', () => {
      expect(parseNestedForm('0=a&1=b')).toEqual({ 0: 'a', 1: 'b' });
      expect(Array.isArray(parseNestedForm('0=a'))).toBe(false);
    });
  });

  describe('hostile input', () => {
    it.each([
      '__proto__[polluted]=yes',
      'a[__proto__][polluted]=yes',
      'a[constructor][prototype][polluted]=yes',
      'leads%5B__proto__%5D%5Bpolluted%5D=yes',
      'prototype=1',
    ])('refuses prototype keys: %s', (body) => {
      expectMalformed(body, /reserved name "(__proto__|constructor|prototype)"/);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    });

    it('allows names that merely look like Object.prototype members', () => {
      const parsed = parseNestedForm('toString=1&a[hasOwnProperty]=2');
      expect(parsed).toEqual({ toString: '1', a: { hasOwnProperty: '2' } });
    });

    it('refuses a depth bomb without building it', () => {
      expectMalformed(`a${'[x]'.repeat(100_000)}=1`, /nested more than 10 levels deep/);
    });

    it('accepts exactly maxDepth levels and honours a custom maxDepth', () => {
      expect(() => parseNestedForm(`a${'[x]'.repeat(9)}=1`)).not.toThrow();
      expectMalformed(`a${'[x]'.repeat(10)}=1`, /more than 10 levels/);
      expectMalformed('a[b][c]=1', /more than 2 levels/, { maxDepth: 2 });
    });

    it('refuses too many keys and honours a custom maxKeys', () => {
      const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=v`).join('&');
      expect(Object.keys(parseNestedForm(keys(5_000)))).toHaveLength(5_000);
      expectMalformed(keys(5_001), /more than 5000 keys/);
      expectMalformed(keys(3), /more than 2 keys/, { maxKeys: 2 });
    });

    it('refuses a key that is both a leaf and a branch, in either order', () => {
      expectMalformed('a=1&a[b]=2', /"a\[b\]" uses "a" as a group, but "a" already gave it a plain value/);
      expectMalformed('a[b]=2&a=1', /"a" gives "a" a plain value, but "a\[b\]" already uses it as a group/);
      expectMalformed('x[0][id]=1&x[0][id][y]=2', /uses "x\[0\]\[id\]" as a group/);
    });

    it('refuses a key sent twice rather than guessing which value wins', () => {
      expectMalformed('account[subdomain]=acme&account[subdomain]=evil', /"account\[subdomain\]" appears more than once/);
    });

    it.each([
      ['a[b=1', /unbalanced or stray brackets/],
      ['a[b]c=1', /unbalanced or stray brackets/],
      ['a[b[c]]=1', /unbalanced or stray brackets/],
      ['a]=1', /"]" without a matching "\["/],
      ['[a]=1', /no name before its first "\["/],
      ['=1', /empty name/],
    ])('refuses the malformed key in %s', (body, message) => {
      expectMalformed(body, message);
    });

    it('keeps error messages short when the key is huge', () => {
      let message = '';
      try {
        parseNestedForm(`${'k'.repeat(50_000)}[=1`);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message.length).toBeLessThan(300);
    });
  });
});
