import { describe, expect, it } from 'vitest';
import { cardRouteOf } from './cardRoute.ts';

describe('cardRouteOf', () => {
  it('reads the deal and contact id from a card URL', () => {
    expect(cardRouteOf('https://acme.kommo.com/leads/detail/1001')).toEqual({ kind: 'lead', id: 1001 });
    expect(cardRouteOf('https://acme.amocrm.ru/contacts/detail/42/?tab=notes')).toEqual({ kind: 'contact', id: 42 });
  });

  it('sees no card on lists, new cards and id 0', () => {
    expect(cardRouteOf('https://acme.kommo.com/leads/pipeline/1')).toBeNull();
    expect(cardRouteOf('https://acme.kommo.com/leads/add/')).toBeNull();
    expect(cardRouteOf('https://acme.kommo.com/leads/detail/0')).toBeNull();
  });
});
