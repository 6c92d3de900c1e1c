import type { CreateMoosendFieldsResponse, MoosendList, MoosendListsResponse } from '../api/adminContract.ts';
import type { Rules } from '../config/rules.ts';
import { createMoosendClient } from '../esp/moosend/moosendClient.ts';
import { createMoosendPacers } from '../esp/moosend/moosendLimits.ts';
import { createMissingFields, fieldNamesOf, MOOSEND_BRIDGE_FIELDS } from '../esp/moosend/moosendListFields.ts';
import type { MoosendMailingList } from '../esp/moosend/moosendModels.ts';
import { MOOSEND_DEFAULT_ORIGIN } from '../esp/moosend/moosendPaths.ts';

export class MoosendNotConnected extends Error {
  override name = 'MoosendNotConnected';
  constructor() {
    super('Moosend is not connected for this account: enter its API key in the settings and save, then pick the lists.');
  }
}

export type MoosendListServiceOptions = {
  /** The account's saved settings (or the self-hosted rules file): the key the lists are read with. */
  rulesFor: (accountId: number) => Rules | undefined;
  /** MOOSEND_API_URL, else Moosend's own origin. */
  origin?: string | undefined;
  fetch?: typeof fetch;
  /** An admin waits on the page: a slow Moosend is reported rather than waited out. */
  timeoutMs?: number;
};

const listOf = (list: MoosendMailingList): MoosendList => ({
  id: list.ID,
  name: list.Name?.trim() || list.ID,
  activeMembers: list.ActiveMemberCount ?? null,
  fields: fieldNamesOf(list),
});

/**
 * The settings page's view of the account's Moosend lists (issue 16): every list to pick from, and
 * the custom fields the bridge writes that a list still needs. Each call gets a client of its own:
 * an admin's few clicks need no pacing shared with the sync, and no limit is documented for them.
 */
export function moosendListService({ rulesFor, origin = MOOSEND_DEFAULT_ORIGIN, fetch: fetchImpl, timeoutMs = 10_000 }: MoosendListServiceOptions) {
  function clientFor(accountId: number) {
    const moosend = rulesFor(accountId)?.moosend;
    if (!moosend) throw new MoosendNotConnected();
    return createMoosendClient({
      origin: origin.replace(/\/+$/, ''),
      apiKey: moosend.apiKey,
      pacers: createMoosendPacers('moosend-admin'),
      timeoutMs,
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  }

  return {
    async lists(accountId: number): Promise<MoosendListsResponse> {
      const lists = await clientFor(accountId).allLists();
      return {
        lists: lists.map(listOf).sort((a, b) => a.name.localeCompare(b.name)),
        bridgeFields: MOOSEND_BRIDGE_FIELDS.map((field) => ({ ...field, stages: field.stages ? [...field.stages] : null })),
      };
    },

    async createFields(accountId: number, listId: string, fields: readonly string[]): Promise<CreateMoosendFieldsResponse> {
      const { list, created } = await createMissingFields(clientFor(accountId), listId, fields);
      return { listId, fields: fieldNamesOf(list), created };
    },
  };
}

export type MoosendListService = ReturnType<typeof moosendListService>;

export const isBridgeField = (name: string) => MOOSEND_BRIDGE_FIELDS.some((field) => field.name === name);
