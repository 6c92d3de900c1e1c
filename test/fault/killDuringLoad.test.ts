import { describe, expect, it } from 'vitest';
import { runKillRounds } from './killRounds.ts';

describe('the backend SIGKILLed at random moments under a load of Kommo webhooks', () => {
  it('after 10 kills and restarts on the same database, every acknowledged webhook has its effect at the ESP exactly once', async () => {
    const report = await runKillRounds({ rounds: 10 });
    expect(report.acknowledged).toBeGreaterThan(50);
    expect(report.missing).toEqual([]);
    expect(report.duplicated).toEqual([]);
    expect(report.notDone).toEqual({});
  }, 90_000);
});
