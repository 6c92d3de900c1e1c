export type RecordedWrite = { method: string; url: string; body: unknown };

/** Query parameters that carry credentials (Moosend's apikey): never shown on the settings page. */
const secretParams = ['apikey', 'api_key', 'key', 'token'];

/**
 * A fetch for the dry run: reads (GETs, and every call to a read-only API origin) go to the ESP for real (the adapters read before they write, so
 * what they would send depends on what the ESP holds), writes are recorded and answered with an
 * empty success without leaving the process.
 */
export function createRecordingFetch(realFetch: typeof fetch = fetch, { readOrigins = [] }: { readOrigins?: readonly string[] } = {}) {
  const writes: RecordedWrite[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    // Some reads are POSTs (Customer.io's App API looks people up with POST /v1/customers/attributes).
    const isRead = request.method === 'GET' || request.method === 'HEAD' || readOrigins.includes(new URL(request.url).origin);
    if (isRead) return realFetch(request);
    const url = new URL(request.url);
    for (const name of secretParams) if (url.searchParams.has(name)) url.searchParams.set(name, '…');
    const text = await request.text();
    writes.push({ method: request.method, url: url.toString(), body: parseOrText(text) });
    return new Response(emptySuccess(url), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return { fetch: recordingFetch, writes };
}

function parseOrText(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Moosend answers every call in its {Code, Error, Context} envelope; the others accept an empty object. */
function emptySuccess(url: URL): string {
  return url.pathname.startsWith('/v3/') ? JSON.stringify({ Code: 0, Error: null, Context: null }) : '{}';
}
