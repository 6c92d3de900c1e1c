import { z } from 'zod';
import { pathSecret, rulesSchema } from './rules.ts';

/**
 * The JSON Schema shipped beside the example config so editors autocomplete the rules file.
 * Generated from the zod schema (input side: defaults are optional to write).
 */
export function rulesJsonSchema(): string {
  const schema = z.toJSONSchema(rulesSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      // Secrets are usually written as "env:NAME" in the file; the pattern applies once resolved.
      if (ctx.zodSchema === pathSecret) ctx.jsonSchema.pattern = '^(env:[A-Za-z_][A-Za-z0-9_]*|[A-Za-z0-9_-]{22,})$';
    },
  });
  return JSON.stringify({ ...schema, title: 'Kommo ESP Bridge rules file' }, null, 2) + '\n';
}
