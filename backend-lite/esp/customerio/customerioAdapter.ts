import type { EspAdapter } from '../espAdapter.ts';
import { EspRejectedInput } from '../espErrors.ts';
import { createCustomerioHttp, CustomerioBadCredentials } from './customerioHttp.ts';
import { createCustomerioPacers, type CustomerioPacers } from './customerioLimits.ts';
import { regionSchema } from './customerioModels.ts';
import { customerioOrigins, trackPaths, type CustomerioRegion } from './customerioPaths.ts';
import type { PersonLink } from './customerioProfile.ts';
import { createCustomerioReader } from './customerioRead.ts';
import { createCustomerioWriter } from './customerioPush.ts';

export type CustomerioAdapterOptions = {
  /** Track API credentials (HTTP Basic `site_id:api_key`, C.1). */
  siteId: string;
  trackApiKey: string;
  /** App API key (Bearer, C.1): reads only. */
  appApiKey: string;
  /** C.1: picks the US or EU hosts; the App API fails across regions. */
  region?: CustomerioRegion;
  /** CUSTOMERIO_TRACK_URL / CUSTOMERIO_APP_URL as parsed at start, else the region's hosts. */
  trackOrigin?: string;
  appOrigin?: string;
  env?: Readonly<Record<string, string | undefined>>;
  /** Share one pair per workspace between adapters; default a pair of its own at 8/s (App) and 800/s (Track). */
  pacers?: CustomerioPacers;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
  /** Attributes the panel shows as fields. */
  profileFields?: readonly string[];
  messagesLimit?: number;
  /** The person in Customer.io's web app; none by default (the reference gives no URL pattern). */
  personUrl?: (person: PersonLink) => string | null;
};

export function createCustomerioAdapter({
  siteId,
  trackApiKey,
  appApiKey,
  region = 'us',
  trackOrigin,
  appOrigin,
  env,
  pacers,
  fetch,
  now = Date.now,
  timeoutMs,
  profileFields,
  messagesLimit,
  personUrl,
}: CustomerioAdapterOptions): EspAdapter {
  const http = createCustomerioHttp({
    origins: customerioOrigins({ region, trackOrigin, appOrigin, ...(env ? { env } : {}) }),
    siteId,
    trackApiKey,
    appApiKey,
    pacers: pacers ?? createCustomerioPacers(`customerio:${siteId}`, { now }),
    now,
    ...(fetch ? { fetch } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
  });
  const reader = createCustomerioReader({
    http,
    ...(profileFields ? { fieldNames: profileFields } : {}),
    ...(messagesLimit !== undefined ? { messagesLimit } : {}),
    ...(personUrl ? { personUrl } : {}),
  });
  const writer = createCustomerioWriter({ http, reader, now });

  /** C.1: the region endpoint answers with Track auth; a wrong region would break every App read. */
  async function checkTrack(): Promise<void> {
    const answer = await http.call('track', { method: 'GET', ...trackPaths.region }, regionSchema);
    if (answer.region && answer.region.toLowerCase() !== region) {
      throw new EspRejectedInput(
        'customerio',
        trackPaths.region.label,
        `the workspace is in the ${answer.region.toUpperCase()} region but the bridge is set to "${region}" — set "region": "${answer.region.toLowerCase()}" in the Customer.io settings`,
      );
    }
  }

  return {
    name: 'customerio',

    /** Both keys must work: the Track key writes, the App key reads. The error says which failed. */
    async checkCredentials() {
      const [track, app] = await Promise.allSettled([checkTrack(), reader.probe()]);
      if (track.status === 'rejected' && app.status === 'rejected' && track.reason instanceof CustomerioBadCredentials && app.reason instanceof CustomerioBadCredentials) {
        throw new CustomerioBadCredentials('both the Track API (site id + Track API key) and the App API (App API key)', `Track: ${track.reason.reason}; App: ${app.reason.reason}`);
      }
      if (track.status === 'rejected') throw track.reason;
      if (app.status === 'rejected') throw app.reason;
    },

    readProfile: reader.readProfile,
    push: writer.push,
    pushMany: writer.pushMany,
    optOut: writer.optOut,
  };
}
