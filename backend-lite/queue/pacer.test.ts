import { describe, expect, it } from 'vitest';
import { createPacer, TargetPaused } from './pacer.ts';

function fakeClock() {
  let time = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    advance: (ms: number) => {
      time += ms;
    },
    sleeps,
  };
}

describe('pacer', () => {
  it('spaces requests evenly at the configured rate', async () => {
    const clock = fakeClock();
    const pacer = createPacer('kommo:1', { ratePerSecond: 5, now: clock.now, sleep: clock.sleep });
    const start = clock.now();
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      await pacer.take();
      times.push(clock.now() - start);
    }
    expect(times).toEqual([0, 200, 400, 600, 800, 1000]);
  });

  it('serves concurrent callers in order without overshooting', async () => {
    const sleeps: number[] = [];
    const pacer = createPacer('kommo:1', {
      ratePerSecond: 4,
      now: () => 5_000,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    // Three callers at the same instant each reserve their own slot.
    await Promise.all([pacer.take(), pacer.take(), pacer.take()]);
    expect(sleeps).toEqual([250, 500]);
  });

  it('allows a burst after a quiet spell, then paces', async () => {
    const clock = fakeClock();
    const pacer = createPacer('esp', { ratePerSecond: 10, burst: 3, now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 4; i++) await pacer.take();
    expect(clock.sleeps).toEqual([100]);
  });

  it('throws TargetPaused instead of waiting out a long pause, and waits a short one', async () => {
    const clock = fakeClock();
    const pacer = createPacer('kommo:1', { ratePerSecond: 6, maxWaitMs: 2_000, now: clock.now, sleep: clock.sleep });
    pacer.pauseUntil(clock.now() + 300_000);
    const error = await pacer.take().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TargetPaused);
    expect((error as TargetPaused).retryAfterMs).toBe(300_000);
    expect((error as TargetPaused).notAttempted).toBe(true);
    clock.advance(299_000);
    await pacer.take();
    expect(clock.sleeps).toEqual([1_000]);
  });

  it('waitForSlot waits without reserving the slot', async () => {
    const clock = fakeClock();
    const pacer = createPacer('kommo:1', { ratePerSecond: 2, now: clock.now, sleep: clock.sleep });
    await pacer.take();
    await pacer.waitForSlot();
    expect(clock.sleeps).toEqual([500]);
    await pacer.take();
    expect(clock.sleeps).toEqual([500]);
  });
});
