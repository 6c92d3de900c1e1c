import { randomBytes } from 'node:crypto';
import { SECRET_MASK } from '../api/adminContract.ts';

/** Settings that are credentials: the browser sees only their last 4 characters. */
const secretPaths = [
  ['kommo', 'webhookSecret'],
  ['omnisend', 'apiKey'],
  ['omnisend', 'webhookSecret'],
  ['omnisend', 'webhookHeaderSecret'],
  ['moosend', 'apiKey'],
  ['moosend', 'webhookSecret'],
  ['customerio', 'trackApiKey'],
  ['customerio', 'appApiKey'],
  ['customerio', 'webhookSecret'],
  ['customerio', 'webhookSigningKey'],
] as const;

type Json = Record<string, unknown>;
const blockOf = (rules: Json, name: string): Json | undefined => {
  const block = rules[name];
  return block && typeof block === 'object' && !Array.isArray(block) ? (block as Json) : undefined;
};

export function maskSecrets(rules: object): Json {
  const copy = structuredClone(rules) as Json;
  for (const [block, key] of secretPaths) {
    const holder = blockOf(copy, block);
    const value = holder?.[key];
    if (holder && typeof value === 'string') holder[key] = SECRET_MASK + value.slice(-4);
  }
  return copy;
}

const freshSecret = () => randomBytes(24).toString('base64url');

/**
 * What the admin sent, with every still-masked secret replaced by the stored one, a fresh webhook
 * path secret for an ESP block that has none (the admin copies the URL, never types it), and a
 * fresh X-Bridge-Secret for an Omnisend block without one, so its automations carry the header
 * SPEC §4.2 asks for (the page shows it to copy into the step).
 */
export function unmaskSecrets(incoming: Json, stored: object | undefined): Json {
  const merged = structuredClone(incoming);
  for (const [block, key] of secretPaths) {
    const holder = blockOf(merged, block);
    const value = holder?.[key];
    if (!holder || typeof value !== 'string' || !value.startsWith(SECRET_MASK)) continue;
    const kept = stored ? blockOf(stored as Json, block)?.[key] : undefined;
    if (typeof kept === 'string') holder[key] = kept;
    else delete holder[key];
  }
  for (const esp of ['omnisend', 'moosend', 'customerio']) {
    const holder = blockOf(merged, esp);
    if (!holder) continue;
    if (!holder['webhookSecret']) holder['webhookSecret'] = freshSecret();
    // A new Omnisend address (made here, or by the page) also gets the header secret. An address
    // already in use keeps working without one: adding it would make live automations answer 401
    // after any unrelated save.
    const inUse = stored ? blockOf(stored as Json, esp)?.['webhookSecret'] : undefined;
    if (esp === 'omnisend' && holder['webhookSecret'] !== inUse && !holder['webhookHeaderSecret']) holder['webhookHeaderSecret'] = freshSecret();
  }
  return merged;
}
