import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** SPEC §4.1: Omnisend treats case as different people, so every ESP gets the same spelling. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim().toLowerCase() ?? '';
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/**
 * E.164 for the ESPs' SMS channels. Kommo stores phones as typed ("+44 7700 900123",
 * "(415) 555-1234"); a number without a country code needs the account's default country, and
 * one that cannot be read is left out rather than guessed. "Possible" (right length for its
 * country), not "valid": numbering plans change faster than the library, and the ESP checks too.
 */
export function normalisePhone(raw: string | null | undefined, defaultCountry?: CountryCode): string | null {
  if (!raw?.trim()) return null;
  const parsed = parsePhoneNumberFromString(raw, defaultCountry);
  return parsed?.isPossible() ? parsed.number : null;
}
