import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnBridge, type ChildBridge } from '../support/childBridge.ts';

let running: ChildBridge | undefined;
afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill('SIGKILL');
    await running.exited;
  }
  running = undefined;
});

const dir = () => mkdtempSync(join(tmpdir(), 'bridge-start-'));

describe('npm start', () => {
  it('starts with no configuration, answers /healthz and says what is missing', async () => {
    const data = dir();
    running = spawnBridge({ DATABASE_URL: `sqlite:${join(data, 'bridge.db')}`, BRIDGE_CONFIG: join(data, 'bridge.config.json') });
    const port = await running.listening;
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { status: string; setup: string[] };
    expect(body.status).toBe('ok');
    expect(body.setup).toEqual([
      expect.stringMatching(/^No Kommo account is connected: set KOMMO_SUBDOMAIN .* and KOMMO_ACCESS_TOKEN/),
      expect.stringMatching(/^The deal-card panel is closed: set KOMMO_CLIENT_ID and KOMMO_CLIENT_SECRET/),
      expect.stringMatching(/^No rules file at .*bridge\.config\.json/),
      expect.stringMatching(/^Kommo webhooks are not accepted yet: set kommo\.webhookSecret/),
    ]);
    await expect.poll(() => running!.stdout()).toMatch(/before it can sync:\n  • No Kommo account is connected/);

    running.child.kill('SIGTERM');
    expect(await running.exited).toEqual({ code: 0, signal: null });
    expect(running.stdout()).toMatch(/"event":"server\.stopped"/);
  });

  it('exits non-zero naming the variable that is wrong', async () => {
    running = spawnBridge({ PORT: 'eighty', KOMMO_SUBDOMAIN: 'acme' });
    const { code } = await running.exited;
    expect(code).toBe(1);
    expect(running.stderr()).toContain('Kommo ESP Bridge cannot start.');
    expect(running.stderr()).toMatch(/  - PORT: must be a whole number between 1 and 65535/);
    expect(running.stderr()).toMatch(/  - KOMMO_ACCESS_TOKEN: self-hosted mode needs both KOMMO_SUBDOMAIN and KOMMO_ACCESS_TOKEN/);
  });

  it('exits non-zero on a rules file it cannot use, naming the setting', async () => {
    const data = dir();
    const rules = join(data, 'rules.json');
    writeFileSync(rules, JSON.stringify({ kommo: { webhookSecret: 'env:KOMMO_WEBHOOK_SECRET' } }));
    running = spawnBridge({ DATABASE_URL: `sqlite:${join(data, 'bridge.db')}`, BRIDGE_CONFIG: rules });
    expect((await running.exited).code).toBe(1);
    expect(running.stderr()).toMatch(/kommo\.webhookSecret: refers to the environment variable KOMMO_WEBHOOK_SECRET, which is not set/);
  });
});
