/**
 * Where Customer.io lives and the paths the adapter calls (reference esps.md §C.1–C.7), in one
 * place. Origins carry no path: the code appends `/api/v1/…`, `/api/v2/…` (Track) or `/v1/…` (App).
 */

export type CustomerioRegion = 'us' | 'eu';

/** C.1: an EU workspace must use the EU hosts; the App API fails outright across regions. */
export const CUSTOMERIO_ORIGINS: Readonly<Record<CustomerioRegion, { track: string; app: string }>> = {
  us: { track: 'https://track.customer.io', app: 'https://api.customer.io' },
  eu: { track: 'https://track-eu.customer.io', app: 'https://api-eu.customer.io' },
};

export type CustomerioOriginOptions = {
  region?: CustomerioRegion;
  trackOrigin?: string | undefined;
  appOrigin?: string | undefined;
  /** CUSTOMERIO_TRACK_URL / CUSTOMERIO_APP_URL (tests, demo) win over the region's hosts. */
  env?: Readonly<Record<string, string | undefined>>;
};

const trimSlash = (origin: string) => origin.replace(/\/+$/, '');

/** Explicit option, else the env variable, else the region's host. */
export function customerioOrigins({ region = 'us', trackOrigin, appOrigin, env = {} }: CustomerioOriginOptions = {}) {
  const pick = (explicit: string | undefined, fromEnv: string | undefined, fallback: string) =>
    trimSlash(explicit || fromEnv || fallback);
  return {
    track: pick(trackOrigin, env['CUSTOMERIO_TRACK_URL'], CUSTOMERIO_ORIGINS[region].track),
    app: pick(appOrigin, env['CUSTOMERIO_APP_URL'], CUSTOMERIO_ORIGINS[region].app),
  };
}

// Identifiers are percent-encoded like customerio-node does (C.11): `+` and `@` in an email must
// reach Customer.io intact. Paths are relative to the origin (ky's prefixUrl).
const id = (value: string) => encodeURIComponent(value);

/**
 * Each path has a `label` for errors and logs: the route with a placeholder, so an email never
 * lands in a log line or an error message.
 */
export const trackPaths = {
  region: { path: 'api/v1/accounts/region', label: 'Track API GET /api/v1/accounts/region' },
  identify: (email: string) => ({ path: `api/v1/customers/${id(email)}`, label: 'Track API PUT /api/v1/customers/{email}' }),
  event: (email: string) => ({ path: `api/v1/customers/${id(email)}/events`, label: 'Track API POST /api/v1/customers/{email}/events' }),
  batch: { path: 'api/v2/batch', label: 'Track API POST /api/v2/batch' },
} as const;

export const appPaths = {
  /** C.7: the email must be percent-encoded, or `a+b@x.com` quietly finds nobody. */
  byEmail: { path: 'v1/customers', label: 'App API GET /v1/customers?email={email}' },
  attributesBulk: { path: 'v1/customers/attributes', label: 'App API POST /v1/customers/attributes' },
  attributes: (cioId: string) => ({ path: `v1/customers/${id(cioId)}/attributes`, label: 'App API GET /v1/customers/{cio_id}/attributes' }),
  messages: (cioId: string) => ({ path: `v1/customers/${id(cioId)}/messages`, label: 'App API GET /v1/customers/{cio_id}/messages' }),
  activities: (cioId: string) => ({ path: `v1/customers/${id(cioId)}/activities`, label: 'App API GET /v1/customers/{cio_id}/activities' }),
} as const;
