/**
 * Every leaf of a translation dictionary by dotted key, functions called with sample arguments:
 * the translation tests compare a language's leaves with English's and look for empty texts.
 */
export function dictionaryLeaves(text: object, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(text)) {
    const path = `${prefix}${key}`;
    if (typeof value === 'string') found.set(path, value);
    else if (typeof value === 'function') found.set(path, String((value as (...args: unknown[]) => unknown)('X', 'Y')));
    else for (const [leafKey, leaf] of dictionaryLeaves(value as object, `${path}.`)) found.set(leafKey, leaf);
  }
  return found;
}
