export type RetryUnauthorizedOptions = {
  fetch?: typeof fetch;
  /** A usable token in place of the one Kommo just refused (refreshes it, once for all callers). */
  replaceToken: (rejected: string) => Promise<string>;
};

/**
 * A fetch for the Kommo client: when Kommo answers 401 (the access token was revoked or expired
 * early), it gets a fresh token and sends the same request once more. The second send is not
 * paced: it replaces a request Kommo refused before doing anything.
 */
export function retryUnauthorizedOnce({ fetch: fetchImpl = fetch, replaceToken }: RetryUnauthorizedOptions): typeof fetch {
  return async function retryUnauthorizedOnce(input, init) {
    const request = new Request(input, init);
    const again = request.clone();
    const response = await fetchImpl(request);
    const rejected = /^Bearer\s+(\S+)$/i.exec(request.headers.get('Authorization') ?? '')?.[1];
    if (response.status !== 401 || !rejected) return response;
    const token = await replaceToken(rejected);
    await response.body?.cancel();
    again.headers.set('Authorization', `Bearer ${token}`);
    return fetchImpl(again);
  };
}
