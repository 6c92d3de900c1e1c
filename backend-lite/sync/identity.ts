/** SPEC §4.1: Omnisend treats case as different people, so every ESP gets the same spelling. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  const email = raw?.trim().toLowerCase() ?? '';
  return email.includes('@') ? email : null;
}
