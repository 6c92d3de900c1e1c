import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './configError.ts';
import { loadRules } from './loadRules.ts';

const dir = mkdtempSync(join(tmpdir(), 'rules-'));
const write = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const exampleUrl = new URL('../../bridge.config.example.json', import.meta.url);

describe('loadRules', () => {
  it('starts without a rules file and says so', () => {
    const loaded = loadRules(join(dir, 'missing.json'), {});
    expect(loaded.found).toBe(false);
    expect(loaded.rules.kommo.stages).toEqual({});
    expect(loaded.rules.notes).toEqual({ afterPush: true, opened: false, clicked: true });
  });

  it('reads "env:NAME" values from the environment', () => {
    const path = write('env.json', { kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET' } });
    const secret = 'a'.repeat(32);
    expect(loadRules(path, { KOMMO_WEBHOOK_SECRET: secret }).rules.kommo.webhookSecret).toBe(secret);
  });

  it('names the setting and the missing variable', () => {
    const path = write('missing-env.json', { omnisend: { apiKey: 'env:OMNISEND_API_KEY', webhookSecret: 'b'.repeat(32) } });
    const error = (() => {
      try {
        loadRules(path, {});
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'omnisend.apiKey: refers to the environment variable OMNISEND_API_KEY, which is not set',
    ]);
  });

  it('refuses a guessable webhook secret and a stage map keyed by names', () => {
    const path = write('weak.json', { kommo: { webhookSecret: 'secret', stages: { won: 'won' } } });
    expect(() => loadRules(path, {})).toThrow(/kommo\.webhookSecret: must be at least 22[\s\S]*kommo\.stages\.won/);
  });

  it('reports broken JSON with the file name', () => {
    const path = write('broken.json', '{ "kommo": ');
    expect(() => loadRules(path, {})).toThrow(/rules file .*broken\.json is not valid:\n  - not valid JSON/);
  });

  it('accepts the example config shipped with the repository', () => {
    const env = {
      KOMMO_WEBHOOK_SECRET: 'k'.repeat(32),
      OMNISEND_API_KEY: 'omnisend-key',
      OMNISEND_WEBHOOK_SECRET: 'o'.repeat(32),
      MOOSEND_API_KEY: 'moosend-key',
      MOOSEND_WEBHOOK_SECRET: 'm'.repeat(32),
      CIO_SITE_ID: 'site',
      CIO_TRACK_API_KEY: 'track',
      CIO_APP_API_KEY: 'app',
      CIO_WEBHOOK_PATH_SECRET: 'c'.repeat(32),
      CIO_WEBHOOK_SIGNING_KEY: 'signing',
    };
    const loaded = loadRules(exampleUrl.pathname, env);
    expect(loaded.rules.kommo.stages['142']).toBe('won');
    expect(loaded.rules.omnisend?.on['won']?.addTags).toContain('plan_{plan}');
    expect(loaded.rules.customerio?.region).toBe('us');
  });
});
