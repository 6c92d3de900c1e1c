import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rulesJsonSchema } from './rulesJsonSchema.ts';

describe('bridge.config.schema.json', () => {
  it('matches the zod schema (run `npm run schema` after changing rules.ts)', () => {
    const committed = readFileSync(new URL('../../bridge.config.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(rulesJsonSchema());
  });
});
