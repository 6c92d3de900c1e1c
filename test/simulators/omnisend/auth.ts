import type { RecordedRequest } from '../shared/recordedRequest.ts';
import type { SimReply } from '../shared/simulatorServer.ts';
import { invalidField, unauthorized, versionRetired } from './problems.ts';

// 2026-03-15 auth (reference §A.1): `Authorization: Omnisend-API-Key <key>` plus the required header
// `Omnisend-Version: 2026-03-15`. Keys look like `<accountID>-<secret>`; limits are per brand, so the
// account part names the brand whose window a request counts in. OAuth Bearer tokens exist but the bridge
// uses keys: a Bearer header is refused like a wrong key. X-API-KEY (v3/v5) is not accepted on /api.

export const API_VERSION = '2026-03-15';

export type VersionPolicy = {
  /**
   * A request without Omnisend-Version. The 2026 spec marks the header `required: true`; a third-party
   * summary says it "defaults to the latest stable version" [UNCERTAIN]. Default 'reject' (400
   * ValidationProblem naming the header) so a bridge that forgets the header fails here, not in production
   * on the day the default moves; 'latest' treats it as 2026-03-15.
   */
  missing: 'reject' | 'latest';
  /** Versions answered 410 ("API version has been retired"), e.g. ['2026-03-15'] to rehearse a retirement. */
  retired: readonly string[];
};

export function brandOf(apiKey: string): string {
  const dash = apiKey.indexOf('-');
  if (dash <= 0 || dash === apiKey.length - 1) throw new Error(`Omnisend API keys look like <accountID>-<secret>; got "${apiKey}"`);
  return apiKey.slice(0, dash);
}

/** The brand of a valid key, or the 401 answer. */
export function authenticate(rec: RecordedRequest, keys: ReadonlySet<string>): { brand: string } | SimReply {
  const m = /^Omnisend-API-Key\s+(\S+)\s*$/i.exec(rec.headers['authorization'] ?? '');
  const key = m?.[1];
  if (key === undefined || !keys.has(key)) return unauthorized();
  return { brand: brandOf(key) };
}

/**
 * null when the version is served. [UNCERTAIN] answers: a dated version older than 2026-03-15 is
 * "retired" (410, the documented answer for retired versions); any other unknown value is a 400.
 */
export function checkVersion(rec: RecordedRequest, policy: VersionPolicy): SimReply | null {
  const version = rec.headers['omnisend-version']?.trim();
  if (version === undefined || version === '') {
    return policy.missing === 'latest' ? null : invalidField('Omnisend-Version', 'required', `Header Omnisend-Version is required (use ${API_VERSION})`);
  }
  if (policy.retired.includes(version)) return versionRetired(version);
  if (version === API_VERSION) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(version) && version < API_VERSION) return versionRetired(version);
  return invalidField('Omnisend-Version', 'invalid_value', `Unsupported API version ${version} (use ${API_VERSION})`);
}
