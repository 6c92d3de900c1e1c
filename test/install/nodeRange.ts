/**
 * Just enough of npm's range grammar to read `engines.node` fields: `||`, space-separated
 * comparators, `>= <= > < = ^ ~`, x-ranges (`20.x`, `6.*`, `>= 0.6.x`) and `*`. Pre-releases and
 * hyphen ranges are not used by any engines field in the lock; an unknown form throws rather than
 * guess.
 */
type Version = [number, number, number];

const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

function parseVersion(text: string): Version {
  const parts = text.split('.').map(Number);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

function comparatorHolds(version: Version, comparator: string): boolean {
  const match = /^(>=|<=|>|<|=|\^|~)?v?(\*|x|\d+)(?:\.(\*|x|\d+))?(?:\.(\*|x|\d+))?$/i.exec(comparator);
  if (!match) throw new Error(`Cannot read the range part "${comparator}"`);
  const op = match[1] ?? '=';
  const fixed: number[] = [];
  for (const part of [match[2], match[3], match[4]]) {
    if (part === undefined || part === '*' || part.toLowerCase() === 'x') break;
    fixed.push(Number(part));
  }
  if (fixed.length === 0) return op !== '<' && op !== '>';
  const low: Version = [fixed[0] ?? 0, fixed[1] ?? 0, fixed[2] ?? 0];
  // The first version after everything the fixed parts match: 20.x → 21.0.0, 1.2.3 → 1.2.4.
  const after: Version = [...low];
  after[fixed.length - 1] = (fixed[fixed.length - 1] ?? 0) + 1;
  switch (op) {
    case '>=':
      return compare(version, low) >= 0;
    case '>':
      return compare(version, after) >= 0;
    case '<':
      return compare(version, low) < 0;
    case '<=':
      return compare(version, after) < 0;
    case '^': {
      const bumped = low[0] > 0 || fixed.length === 1 ? 0 : low[1] > 0 || fixed.length === 2 ? 1 : 2;
      const upper: Version = [0, 0, 0];
      for (let i = 0; i < bumped; i++) upper[i] = low[i] ?? 0;
      upper[bumped] = (low[bumped] ?? 0) + 1;
      return compare(version, low) >= 0 && compare(version, upper) < 0;
    }
    case '~': {
      const upper: Version = fixed.length >= 2 ? [low[0], low[1] + 1, 0] : [low[0] + 1, 0, 0];
      return compare(version, low) >= 0 && compare(version, upper) < 0;
    }
    default:
      return compare(version, low) >= 0 && compare(version, after) < 0;
  }
}

export function satisfiesRange(version: string, range: string): boolean {
  const parsed = parseVersion(version);
  return range.split('||').some((alternative) =>
    alternative
      .trim()
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .split(/\s+/)
      .filter(Boolean)
      .every((comparator) => comparatorHolds(parsed, comparator)),
  );
}
