import { describe, expect, it } from 'vitest';
import { ConfigError } from './configError.ts';
import { parseEnv } from './env.ts';

const problemsOf = (env: Record<string, string>) => {
  try {
    parseEnv(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('parseEnv', () => {
  it('starts with nothing set, on the documented defaults', () => {
    expect(parseEnv({})).toMatchObject({
      PORT: 8787,
      HOST: '127.0.0.1',
      DATABASE_URL: 'sqlite:./data/bridge.db',
      BRIDGE_CONFIG: './bridge.config.json',
    });
  });

  it('names the variable and says what is wrong', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT: must be a whole number/)]);
    expect(problemsOf({ KOMMO_API_ORIGIN: 'localhost:3000' })).toEqual([expect.stringMatching(/^KOMMO_API_ORIGIN: .*URL/)]);
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })).toEqual([expect.stringMatching(/^DATABASE_URL: must look like/)]);
    expect(problemsOf({ KOMMO_SUBDOMAIN: 'https://acme.kommo.com', KOMMO_ACCESS_TOKEN: 'x'.repeat(40) })).toEqual([
      expect.stringMatching(/^KOMMO_SUBDOMAIN: must be the account subdomain only/),
    ]);
  });

  it('asks for both halves of a credential pair', () => {
    expect(problemsOf({ KOMMO_SUBDOMAIN: 'acme' })).toEqual([
      'KOMMO_ACCESS_TOKEN: self-hosted mode needs both KOMMO_SUBDOMAIN and KOMMO_ACCESS_TOKEN',
    ]);
    expect(problemsOf({ KOMMO_CLIENT_SECRET: 'secret' })).toEqual([
      'KOMMO_CLIENT_ID: marketplace mode needs both KOMMO_CLIENT_ID and KOMMO_CLIENT_SECRET',
    ]);
  });

  it('treats empty variables as unset and trims a trailing slash from origins', () => {
    expect(parseEnv({ PORT: '', KOMMO_API_ORIGIN: 'http://127.0.0.1:9000/' })).toMatchObject({
      PORT: 8787,
      KOMMO_API_ORIGIN: 'http://127.0.0.1:9000',
    });
  });
});
