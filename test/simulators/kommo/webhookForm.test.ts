import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKommoWebhookForm, startKommoSimulator, type KommoSimulator } from './index.ts';

const fixture = (name: string): string => readFileSync(`/work/shared/fixtures/${name}`, 'utf8');

const account = { subdomain: 'acme', id: '31000001', _links: { self: 'https://acme.kommo.com' } };

describe('encodeKommoWebhookForm', () => {
  let sim: KommoSimulator;
  beforeAll(async () => {
    sim = await startKommoSimulator();
  });
  afterAll(() => sim.close());

  it('reproduces kommo-lead-status-two-leads.form byte for byte', () => {
    const payload = {
      leads: {
        status: [
          { id: '15318176', status_id: '143', old_status_id: '67548607', pipeline_id: '8572511', account_id: '31000001' },
          { id: '15318177', status_id: '67548619', old_status_id: '67548607', pipeline_id: '8572511', account_id: '31000001' },
        ],
      },
      account,
    };
    expect(encodeKommoWebhookForm(payload)).toBe(fixture('kommo-lead-status-two-leads.form'));
    expect(sim.webhookForm(payload)).toBe(fixture('kommo-lead-status-two-leads.form'));
  });

  it('reproduces kommo-lead-status-won.form (UTF-8 em dash, spaces, numbers as strings)', () => {
    const payload = {
      leads: {
        status: [
          {
            id: 15318175,
            name: 'Annual plan — Acme Ltd',
            status_id: 142,
            old_status_id: 67548607,
            price: 1000,
            responsible_user_id: 8000001,
            last_modified: 1726572758,
            modified_user_id: 8000001,
            created_user_id: 8000001,
            date_create: 1726572752,
            pipeline_id: 8572511,
            account_id: 31000001,
            custom_fields: [
              { id: 512001, name: 'Plan', values: [{ value: 'Pro', enum: 908107 }] },
              { id: 512002, name: 'Source', values: [{ value: 'Website', enum: 908201 }] },
            ],
            created_at: 1726572752,
            updated_at: 1726572758,
          },
        ],
      },
      account,
    };
    expect(encodeKommoWebhookForm(payload)).toBe(fixture('kommo-lead-status-won.form'));
  });

  it('reproduces kommo-contact-update.form (+ and @ escaped, padded email kept)', () => {
    const payload = {
      contacts: {
        update: [
          {
            id: '17611273',
            name: 'Jane Doe',
            responsible_user_id: '8000001',
            date_create: '1726573127',
            last_modified: '1726573130',
            account_id: '31000001',
            type: 'contact',
            custom_fields: [
              { id: '771906', name: 'Phone', code: 'PHONE', values: [{ value: '+44 7700 900123', enum: '552476' }] },
              { id: '771908', name: 'Email', code: 'EMAIL', values: [{ value: ' Jane.Doe@Example.com ', enum: '552488' }] },
              { id: '512003', name: 'Email opt-in', values: [{ value: '1' }] },
            ],
            created_at: '1726573127',
            updated_at: '1726573130',
          },
        ],
      },
      account,
    };
    expect(encodeKommoWebhookForm(payload)).toBe(fixture('kommo-contact-update.form'));
  });

  it('follows http_build_query for booleans, nulls and "*"', () => {
    expect(encodeKommoWebhookForm({ a: { b: true, c: false, d: null, e: 'x*y' } })).toBe('a%5Bb%5D=1&a%5Bc%5D=0&a%5Be%5D=x%2Ay');
  });
});
