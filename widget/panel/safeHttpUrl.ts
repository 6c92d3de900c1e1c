/**
 * Links in the panel come from ESP data (a clicked link, a deep link); only http(s) ones become
 * hrefs, so a `javascript:` value an ESP stored cannot run inside Kommo's page.
 */
export function safeHttpUrl(value: string | null): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}
