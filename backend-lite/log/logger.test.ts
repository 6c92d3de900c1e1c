import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('logger', () => {
  it('writes one JSON object per line and never a configured secret', () => {
    const lines: string[] = [];
    const secret = 'kommo-token-0123456789';
    const log = createLogger({ write: (l) => lines.push(l), secrets: () => [secret], now: () => 0 });
    log.child({ account: 1 }).warn('kommo.refused', { detail: `Bearer ${secret} was refused` });
    log.debug('hidden');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      time: '1970-01-01T00:00:00.000Z',
      level: 'warn',
      event: 'kommo.refused',
      account: 1,
      detail: 'Bearer [redacted] was refused',
    });
  });
});
