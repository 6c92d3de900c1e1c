import { Agent, request } from 'node:http';

export type LoadResult = { sent: number; ok: number; failed: number; latenciesMs: number[]; elapsedMs: number };

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(url: URL, body: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
      },
    );
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
    req.end(body);
  });
}

/**
 * Open loop: requests leave on schedule whether or not earlier ones were answered, so a slow
 * server shows up as latency instead of quietly lowering the offered rate.
 */
export async function constantRate(url: URL, ratePerSecond: number, seconds: number, body: (i: number) => string): Promise<LoadResult> {
  const total = Math.round(ratePerSecond * seconds);
  const interval = 1000 / ratePerSecond;
  const started = performance.now();
  const pending: Promise<{ status: number; ms: number }>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(post(url, body(i)));
  }
  const results = await Promise.all(pending);
  return summarise(results, performance.now() - started);
}

/** Closed loop with `connections` callers: the most the server accepts per second. */
export async function saturate(url: URL, connections: number, seconds: number, body: (i: number) => string): Promise<LoadResult> {
  const results: { status: number; ms: number }[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) results.push(await post(url, body(next++)));
    }),
  );
  return summarise(results, performance.now() - started);
}

function summarise(results: { status: number; ms: number }[], elapsedMs: number): LoadResult {
  const ok = results.filter((r) => r.status >= 200 && r.status < 300);
  return {
    sent: results.length,
    ok: ok.length,
    failed: results.length - ok.length,
    latenciesMs: ok.map((r) => r.ms).sort((a, b) => a - b),
    elapsedMs,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
