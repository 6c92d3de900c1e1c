import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBridgeMetrics, type WebhookOutcome } from '../../backend-lite/metrics/bridgeMetrics.ts';

const rules = readFileSync(new URL('../../deploy/alerts.yml', import.meta.url), 'utf8');

/** promtool checks the syntax and the firing (deploy/alerts.test.yml); this checks the rules watch what backend-lite exports. */
describe('deploy/alerts.yml', () => {
  it('names only metrics and label values that /metrics serves', async () => {
    const metrics = createBridgeMetrics({ queueStats: async () => ({ pending: 3, leased: 1, dead: 2, oldestPendingRunAt: null }) });
    const fiveXx: WebhookOutcome[] = ['unavailable', 'failed'];
    for (const outcome of fiveXx) metrics.webhookAnswered('kommo', outcome, 5);
    const served = await metrics.text();

    const exported = new Set([...served.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]));
    const used = [...new Set([...rules.matchAll(/\b(bridge_[a-z_]+)/g)].map((m) => m[1]))];
    expect(used.length).toBeGreaterThanOrEqual(3);
    expect(used.filter((name) => !exported.has(name))).toEqual([]);

    expect(served).toContain('bridge_queue_jobs{status="dead"} 2');
    expect(rules).toContain(`outcome=~"${fiveXx.join('|')}"`);
    for (const outcome of fiveXx) expect(served).toContain(`bridge_webhooks_received_total{source="kommo",outcome="${outcome}"} 1`);
  });
});
