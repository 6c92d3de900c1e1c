import { describe, expect, it } from 'vitest';
import { customerioOrigins } from './customerioPaths.ts';

describe('customerio origins (C.1)', () => {
  it('US by default, EU hosts for an EU workspace', () => {
    expect(customerioOrigins({ env: {} })).toEqual({ track: 'https://track.customer.io', app: 'https://api.customer.io' });
    expect(customerioOrigins({ region: 'eu', env: {} })).toEqual({ track: 'https://track-eu.customer.io', app: 'https://api-eu.customer.io' });
  });

  it('CUSTOMERIO_TRACK_URL / CUSTOMERIO_APP_URL win over the region; explicit options over both', () => {
    const env = { CUSTOMERIO_TRACK_URL: 'http://127.0.0.1:4001/', CUSTOMERIO_APP_URL: 'http://127.0.0.1:4002' };
    expect(customerioOrigins({ region: 'eu', env })).toEqual({ track: 'http://127.0.0.1:4001', app: 'http://127.0.0.1:4002' });
    expect(customerioOrigins({ env, appOrigin: 'http://localhost:9' })).toEqual({ track: 'http://127.0.0.1:4001', app: 'http://localhost:9' });
  });
});
