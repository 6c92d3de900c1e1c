// Reference B.1: dates are .NET JSON dates, `/Date(1465379934028)/` or `/Date(1461777152597+0100)/`.
// The number is always epoch milliseconds UTC; the offset only says which zone the server displayed
// it in. A client that adds the offset to the number is an hour off — the default offset (+0100, as
// in the fixture) is there to catch that.

export const DEFAULT_DATE_OFFSET = '+0100';

export function dotNetDate(ms: number, offset: string | null = DEFAULT_DATE_OFFSET): string {
  return `/Date(${Math.round(ms)}${offset ?? ''})/`;
}

export function dotNetDateOrNull(ms: number | null, offset: string | null): string | null {
  return ms === null ? null : dotNetDate(ms, offset);
}

/** Epoch milliseconds of a .NET JSON date (either form); undefined when the text is not one. */
export function parseDotNetDate(text: string): number | undefined {
  const m = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(text);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}
