import type { EspProfileView, EspView, FailedSync, PanelContact, PanelResponse, TimelineEntry } from '../api/panelContract.ts';
import type { EspActivity, EspName, EspProfile } from '../esp/espAdapter.ts';
import type { EspAdapters } from '../esp/espAdapters.ts';
import type { KommoReader } from '../kommo/kommoReader.ts';
import type { JobQueue } from '../queue/jobQueue.ts';
import type { ActivityTimeline } from '../store/activityTimeline.ts';
import type { ContactSyncStateRepository } from '../store/contactSyncState.ts';
import type { EspProfileCache } from '../store/espProfileCache.ts';
import { readDeal } from '../sync/dealRead.ts';
import type { EspOptOutPayload, EspPushPayload } from '../sync/espJobs.ts';
import { espFailureOf, EspTimedOut } from './espFailure.ts';

export type PanelViewOptions = {
  readerFor: (accountId: number) => Promise<KommoReader>;
  syncState: ContactSyncStateRepository;
  adapters: EspAdapters;
  profiles: EspProfileCache;
  timeline: ActivityTimeline;
  queue: JobQueue;
  now?: () => number;
  /** Kommo shows the card at once; an ESP slower than this is reported as such, with its last answer. */
  espTimeoutMs?: number;
};

/**
 * GET /api/leads/{id}/panel (SPEC §5.3): the deal's contacts as Kommo has them now, each ESP's
 * view of each contact asked in parallel, and one timeline. It answers with what it has: an ESP
 * that fails or is slow says why and comes with its last known answer and that answer's age.
 */
export function panelView({ readerFor, syncState, adapters, profiles, timeline, queue, now = Date.now, espTimeoutMs = 4_000 }: PanelViewOptions) {
  return async function panelView(accountId: number, leadId: number): Promise<PanelResponse | undefined> {
    const read = await readDeal(await readerFor(accountId), syncState, accountId, leadId);
    if (!read) return undefined;
    const connected = adapters.connected(accountId);

    const fresh: FreshActivity[] = [];
    const contacts = await Promise.all(
      read.contacts.map(async (contact, i): Promise<PanelContact> => {
        const email = read.snapshots[i]?.email ?? null;
        const esps = email
          ? await Promise.all(
              connected.map(async (esp) => {
                const { view, profile } = await espView(accountId, esp, email, contact.id, leadId);
                if (profile?.found) fresh.push(...profile.activity.map((a) => ({ ...a, esp, email, kommoContactId: contact.id })));
                return view;
              }),
            )
          : [];
        return {
          kommoContactId: contact.id,
          name: contact.name ?? null,
          email,
          phone: read.snapshots[i]?.phone ?? null,
          lastSyncedAt: (await syncState.get(accountId, contact.id))?.lastSyncedAt ?? null,
          esps,
        };
      }),
    );

    return {
      leadId,
      connected,
      contacts,
      timeline: await mergedTimeline(accountId, contacts, fresh),
      failedSyncs: await failedSyncs(accountId, contacts.map((c) => c.kommoContactId), connected),
      generatedAt: now(),
    };
  };

  async function espView(accountId: number, esp: EspName, email: string, kommoContactId: number, leadId: number): Promise<{ view: EspView; profile?: EspProfile }> {
    const reading = adapters
      .adapter(accountId, esp)
      .readProfile({ email, phone: null, kommoContactId, kommoDealId: leadId })
      .then(async (profile) => ({ profile, fetchedAt: await profiles.remember(accountId, esp, email, profile) }));
    // A late answer still refreshes the cache for the next open, so it is not wasted.
    reading.catch(() => undefined);
    try {
      const { profile, fetchedAt } = await withTimeout(reading, espTimeoutMs, esp);
      const view: EspView = profile.found ? { esp, state: 'found', fetchedAt, profile: profileView(profile) } : { esp, state: 'not_found', fetchedAt };
      return { view, profile };
    } catch (error) {
      const known = await profiles.lastKnown(accountId, esp, email);
      return {
        view: {
          esp,
          state: 'error',
          failure: espFailureOf(error),
          lastKnown: known ? { fetchedAt: known.fetchedAt, profile: known.profile.found ? profileView(known.profile) : null } : null,
        },
      };
    }
  }

  /** The activity log, plus what an ESP's API knows that never came by webhook (Customer.io's messages). */
  async function mergedTimeline(accountId: number, contacts: readonly PanelContact[], fresh: readonly FreshActivity[]): Promise<TimelineEntry[]> {
    const logged = await timeline.forPeople(accountId, contacts);
    const seen = new Set(logged.map((e) => `${e.esp}:${e.sourceId}`));
    return [...logged, ...fresh.filter((a) => !a.sourceId || !seen.has(`${a.esp}:${a.sourceId}`))]
      .sort((a, b) => b.at - a.at)
      .slice(0, 100)
      .map(({ at, esp, kind, email, kommoContactId, subject, link, detail }) => ({ at, esp, kind, email, kommoContactId, subject, link, detail }));
  }

  async function failedSyncs(accountId: number, contactIds: readonly number[], esps: readonly EspName[]): Promise<FailedSync[]> {
    const keys = new Set(contactIds.flatMap((id) => esps.map((esp) => `contact:${accountId}:${id}:${esp}`)));
    return (await queue.deadFor(accountId, keys)).map((job) => {
      const payload = job.payload as Partial<EspPushPayload & EspOptOutPayload>;
      return {
        jobId: job.id,
        esp: payload.esp ?? null,
        kommoContactId: payload.push?.identity.kommoContactId ?? payload.identity?.kommoContactId ?? null,
        reason: job.lastError ?? 'failed without a reason',
        at: job.finishedAt ?? job.createdAt,
      };
    });
  }
}

type FreshActivity = EspActivity & { esp: EspName; email: string; kommoContactId: number };

function profileView(profile: Extract<EspProfile, { found: true }>): EspProfileView {
  return { channels: profile.channels, tags: profile.tags, fields: profile.fields, lists: profile.lists, deepLink: profile.deepLink };
}

function withTimeout<T>(promise: Promise<T>, ms: number, esp: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new EspTimedOut(esp, ms)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
