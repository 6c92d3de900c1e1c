import { writeFileSync } from 'node:fs';
import { rulesJsonSchema } from './rulesJsonSchema.ts';

// `npm run schema`: regenerate after changing rules.ts; a test fails while the file is stale.
const target = new URL('../../bridge.config.schema.json', import.meta.url);
writeFileSync(target, rulesJsonSchema());
process.stdout.write(`wrote ${target.pathname}\n`);
