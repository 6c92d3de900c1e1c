import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type WebhookSource = 'kommo' | 'customerio' | 'omnisend' | 'moosend';
/** 2xx outcomes come from the route; the rest from the status the error handler answered. */
export type WebhookOutcome = 'queued' | 'duplicate' | 'ignored' | 'parked' | 'refused' | 'too_large' | 'unavailable' | 'failed';
/** `paused`: the target asked us to slow down, so the job waited without calling it. */
export type JobOutcome = 'done' | 'retry' | 'dead' | 'paused';

const targetKinds = new Set(['kommo', 'omnisend', 'moosend', 'customerio']);

export type QueueStats = { pending: number; leased: number; dead: number; oldestPendingRunAt: number | null };

export type BridgeMetricsOptions = {
  queueStats: () => Promise<QueueStats>;
  now?: () => number;
};

export type BridgeMetrics = ReturnType<typeof createBridgeMetrics>;

/**
 * The bridge's Prometheus metrics in a registry of its own (several bridges in one test process
 * must not share counters). Queue figures are read from the database at scrape time, so they
 * hold across restarts and other workers.
 */
export function createBridgeMetrics({ queueStats, now = Date.now }: BridgeMetricsOptions) {
  const registry = new Registry();
  const webhooks = new Counter({
    name: 'bridge_webhooks_received_total',
    help: 'Webhooks answered, by sender and by what came of them.',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  const ackSeconds = new Histogram({
    name: 'bridge_webhook_ack_duration_seconds',
    help: 'From request to answer of a webhook; Kommo counts a failure after 2 s.',
    labelNames: ['source'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [registry],
  });
  const jobs = new Counter({
    name: 'bridge_job_outcomes_total',
    help: 'Job runs by target (kommo, omnisend, moosend, customerio) and outcome (done, retry, dead, paused).',
    labelNames: ['target', 'outcome'] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: 'bridge_job_duration_seconds',
    help: 'How long one run of a job took, by job kind.',
    labelNames: ['kind'] as const,
    buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const retries = new Counter({
    name: 'bridge_job_retries_total',
    help: 'Runs that failed and were scheduled again, by job kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'bridge_dead_letters_total',
    help: 'Jobs that gave up and became dead letters (shown in the sync log and the panel), by job kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'bridge_queue_jobs',
    help: 'Jobs in the queue now, by status (pending, leased, dead).',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const stats = await queueStats();
      for (const status of ['pending', 'leased', 'dead'] as const) this.set({ status }, stats[status]);
    },
  });
  new Gauge({
    name: 'bridge_queue_oldest_pending_age_seconds',
    help: 'How long the oldest pending job has been due; 0 when nothing is waiting.',
    registers: [registry],
    async collect() {
      const oldest = (await queueStats()).oldestPendingRunAt;
      this.set(oldest === null ? 0 : Math.max(0, (now() - oldest) / 1000));
    },
  });

  return {
    registry,
    webhookAnswered(source: WebhookSource, outcome: WebhookOutcome, durationMs: number): void {
      webhooks.inc({ source, outcome });
      ackSeconds.observe({ source }, durationMs / 1000);
    },
    jobSettled({ kind, target, outcome, durationMs }: { kind: string; target: string; outcome: JobOutcome; durationMs: number }): void {
      const prefix = target.split(':', 1)[0] ?? '';
      jobs.inc({ target: targetKinds.has(prefix) ? prefix : 'other', outcome });
      jobSeconds.observe({ kind }, durationMs / 1000);
      if (outcome === 'retry') retries.inc({ kind });
      if (outcome === 'dead') deadLetters.inc({ kind });
    },
    text: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
