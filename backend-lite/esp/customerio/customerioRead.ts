import type { ContactIdentity, EspProfile } from '../espAdapter.ts';
import type { CustomerioHttp } from './customerioHttp.ts';
import { ATTRIBUTES_BULK_MAX } from './customerioLimits.ts';
import { activitiesSchema, attributesBulkSchema, attributesSchema, byEmailSchema, messagesSchema, type CustomerioCustomer } from './customerioModels.ts';
import { appPaths } from './customerioPaths.ts';
import { DEFAULT_PROFILE_FIELDS, profileFromCustomer, type PersonLink } from './customerioProfile.ts';

export type CustomerioReaderOptions = {
  http: CustomerioHttp;
  /** Attributes shown on the panel as fields. */
  fieldNames?: readonly string[];
  /** Deliveries read for the timeline (C.7: default 50, max 1000). */
  messagesLimit?: number;
  /**
   * The person in Customer.io's web app. The reference documents no URL pattern for it, so there
   * is none by default; a deployment that knows its workspace's URL passes one.
   */
  personUrl?: (person: PersonLink) => string | null;
};

const emailKey = (email: string) => email.trim().toLowerCase();

/** Reads through the App API (C.7), which allows 10 requests/s: every call here is paced. */
export function createCustomerioReader({ http, fieldNames = DEFAULT_PROFILE_FIELDS, messagesLimit = 50, personUrl = () => null }: CustomerioReaderOptions) {
  /**
   * Who already exists, by email (lower-cased; Customer.io emails are case-insensitive, C.2), in
   * requests of 100 (C.7). Pushes need it: only a new person gets `created_at` and a consent state.
   */
  async function existing(emails: readonly string[]): Promise<Map<string, CustomerioCustomer>> {
    const wanted = [...new Set(emails.map(emailKey))];
    const found = new Map<string, CustomerioCustomer>();
    for (let i = 0; i < wanted.length; i += ATTRIBUTES_BULK_MAX) {
      const ids = wanted.slice(i, i + ATTRIBUTES_BULK_MAX);
      const answer = await http.call(
        'app',
        { method: 'POST', ...appPaths.attributesBulk, searchParams: new URLSearchParams({ id_type: 'email' }), json: { ids } },
        attributesBulkSchema,
      );
      for (const { customer } of answer.customers) {
        const email = customer.identifiers.email ?? (typeof customer.attributes['email'] === 'string' ? customer.attributes['email'] : null);
        if (email) found.set(emailKey(email), customer);
      }
    }
    return found;
  }

  /** A cheap authenticated App call: a search that finds nobody still needs a valid key. */
  async function probe(): Promise<void> {
    await http.call('app', { method: 'GET', ...appPaths.byEmail, searchParams: new URLSearchParams({ email: 'credentials-check@kommo-esp-bridge.invalid' }) }, byEmailSchema);
  }

  async function readProfile(identity: ContactIdentity): Promise<EspProfile> {
    const email = emailKey(identity.email);
    if (email === '') return { found: false };
    // URLSearchParams percent-encodes `+` and `@`; an unencoded `+` would search for a space (C.7).
    const search = await http.call('app', { method: 'GET', ...appPaths.byEmail, searchParams: new URLSearchParams({ email }) }, byEmailSchema);
    // The search may list several people (C.7); the exact email wins.
    const match = search.results.find((r) => r.email !== null && r.email !== undefined && emailKey(r.email) === email) ?? search.results[0];
    if (!match) return { found: false };

    const byCio = new URLSearchParams({ id_type: 'cio_id' });
    // The panel waits for this: attributes and messages need only the cio_id, so they go together.
    const [person, messagePage] = await Promise.all([
      http.call('app', { method: 'GET', ...appPaths.attributes(match.cio_id), searchParams: byCio, missing: 'person with that cio_id' }, attributesSchema, {
        missingIsNull: true,
      }),
      http.call(
        'app',
        {
          method: 'GET',
          ...appPaths.messages(match.cio_id),
          searchParams: new URLSearchParams({ id_type: 'cio_id', limit: String(messagesLimit) }),
          missing: 'person with that cio_id',
        },
        messagesSchema,
        { missingIsNull: true },
      ),
    ]);
    // Deleted between the calls.
    if (!person || !messagePage) return { found: false };
    const { messages } = messagePage;
    // The messages list has click times but not the links; only then is the activity log read.
    const clicks = messages.some((m) => m.metrics['clicked'] !== undefined)
      ? (
          await http.call(
            'app',
            { method: 'GET', ...appPaths.activities(match.cio_id), searchParams: new URLSearchParams({ id_type: 'cio_id', type: 'clicked_email', limit: '100' }) },
            activitiesSchema,
          )
        ).activities
      : [];
    const { customer } = person;
    return profileFromCustomer({
      customer,
      messages,
      clicks,
      fieldNames,
      deepLink: personUrl({ cioId: customer.identifiers.cio_id, id: customer.identifiers.id ?? null, email: customer.identifiers.email ?? null }),
    });
  }

  return { existing, probe, readProfile };
}
