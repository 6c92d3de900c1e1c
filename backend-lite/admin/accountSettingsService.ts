import type { KommoSchemaResponse, SettingsProblem, SettingsResponse } from '../api/adminContract.ts';
import type { Env } from '../config/env.ts';
import { rulesSchema, type Rules } from '../config/rules.ts';
import type { EspName } from '../esp/espAdapter.ts';
import { espAdaptersFromRules } from '../esp/espAdaptersFromRules.ts';
import { EspError } from '../esp/espErrors.ts';
import type { KommoClient } from '../kommo/kommoClient.ts';
import type { AccountSettings } from '../store/accountSettings.ts';
import { maskSecrets, unmaskSecrets } from './settingsSecrets.ts';
import { actionProblemInEnglish, stageActionProblems } from './stageActionChecks.ts';
import { webhookSetupFor } from './webhookSetup.ts';

export type AccountSettingsServiceOptions = {
  env: Env;
  settings: AccountSettings;
  /** The self-hosted rules file's rules for its account; undefined for installed accounts. */
  fileRulesFor: (accountId: number) => Rules | undefined;
  /** Where Kommo's webhooks for this account go, and whether the bridge subscribed them itself. */
  kommoWebhookFor: (accountId: number) => Promise<{ url: string | null; state: 'subscribed' | 'manual' }>;
  kommoClientFor: (accountId: number) => Promise<KommoClient>;
  publicUrl: string;
  fetch?: typeof fetch;
};

export type SaveOutcome = { ok: true; view: SettingsResponse } | { ok: false; status: 400 | 422; problem: SettingsProblem };

const esps: EspName[] = ['omnisend', 'moosend', 'customerio'];
const invalidSettings = { error: 'invalid_settings', message: 'Some settings are not valid; each problem is shown next to its setting.' } as const;

/**
 * The settings page's backend (SPEC §3.3): the account's rules as the page shows them (secrets
 * masked), saved only when they fit the rules schema AND every connected ESP accepts its
 * credentials with a real call. Saved settings win over the self-hosted rules file for that account.
 */
export function createAccountSettingsService({ env, settings, fileRulesFor, kommoWebhookFor, kommoClientFor, publicUrl, fetch: fetchImpl }: AccountSettingsServiceOptions) {
  function effective(accountId: number): Rules | undefined {
    return settings.get(accountId) ?? fileRulesFor(accountId);
  }

  async function view(accountId: number): Promise<SettingsResponse> {
    const rules = effective(accountId) ?? rulesSchema.parse({});
    const url = (esp: EspName) => {
      const secret = rules[esp]?.webhookSecret;
      return secret ? `${publicUrl}/webhooks/${esp}/${secret}` : null;
    };
    const kommo = await kommoWebhookFor(accountId);
    return {
      rules: maskSecrets(rules),
      source: settings.get(accountId) ? 'account' : 'file',
      webhookUrls: { kommo: kommo.url, omnisend: url('omnisend'), moosend: url('moosend'), customerio: url('customerio') },
      kommoWebhook: kommo.state,
      webhookSetup: webhookSetupFor(rules),
    };
  }

  async function save(accountId: number, incoming: Record<string, unknown>): Promise<SaveOutcome> {
    const current = effective(accountId);
    const merged = unmaskSecrets({ ...incoming, kommo: { ...(incoming['kommo'] as object), webhookSecret: current?.kommo.webhookSecret } }, current);
    const parsed = rulesSchema.safeParse(merged);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
      return { ok: false, status: 400, problem: { ...invalidSettings, problems } };
    }
    const rules = parsed.data;
    const actionProblems = stageActionProblems(rules).map(({ path, problem }) => ({ path, message: actionProblemInEnglish(problem) }));
    if (actionProblems.length > 0) return { ok: false, status: 400, problem: { ...invalidSettings, problems: actionProblems } };
    const adapters = espAdaptersFromRules({ env, rules, accountId, ...(fetchImpl ? { fetch: fetchImpl } : {}) });
    for (const esp of esps.filter((name) => rules[name])) {
      try {
        await adapters.adapter(accountId, esp).checkCredentials();
      } catch (error) {
        if (!(error instanceof EspError)) throw error;
        return { ok: false, status: 422, problem: { error: 'esp_rejected', esp, message: error.message } };
      }
    }
    await settings.save(accountId, rules);
    return { ok: true, view: await view(accountId) };
  }

  async function kommoSchema(accountId: number): Promise<KommoSchemaResponse> {
    const client = await kommoClientFor(accountId);
    const [pipelines, leadFields, contactFields] = await Promise.all([
      client.getPipelines(),
      client.getCustomFieldDefinitions('leads'),
      client.getCustomFieldDefinitions('contacts'),
    ]);
    const field = ({ id, name, type }: { id: number; name: string; type: string }) => ({ id, name, type });
    return {
      pipelines: pipelines.map((p) => ({ id: p.id, name: p.name, stages: p._embedded.statuses.map((s) => ({ id: s.id, name: s.name })) })),
      leadFields: leadFields.map(field),
      contactFields: contactFields.map(field),
    };
  }

  return { effective, view, save, kommoSchema };
}

export type AccountSettingsService = ReturnType<typeof createAccountSettingsService>;
