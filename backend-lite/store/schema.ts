import type { Generated } from 'kysely';

/**
 * The tables as the code sees them, in both databases (migrations.ts creates them). Times are Unix
 * milliseconds; JSON is stored as text; sealed secrets as bytes.
 */
export type Schema = {
  schema_migrations: { version: number; name: string; applied_at: number };
  accounts: {
    id: Generated<number>;
    subdomain: string;
    kommo_account_id: number | null;
    webhook_secret_hash: string | null;
    status: Generated<'active' | 'disconnected'>;
    settings: string | null;
    created_at: number;
    updated_at: number;
  };
  webhooks: {
    id: Generated<number>;
    account_id: number;
    source: string;
    dedupe_key: string;
    content_type: string | null;
    raw_body: Buffer;
    outcome: string;
    received_at: number;
  };
  jobs: {
    id: Generated<number>;
    account_id: number;
    kind: string;
    target: string;
    order_key: string;
    dedupe_key: string | null;
    payload: string;
    status: 'pending' | 'leased' | 'done' | 'dead';
    attempts: Generated<number>;
    max_attempts: number;
    run_at: number;
    lease_owner: string | null;
    lease_until: number | null;
    last_error: string | null;
    webhook_id: number | null;
    created_at: number;
    updated_at: number;
    finished_at: number | null;
  };
  activity: {
    id: Generated<number>;
    account_id: number;
    kommo_contact_id: number | null;
    email: string | null;
    esp: string;
    event: string;
    occurred_at: number;
    subject: string | null;
    link: string | null;
    detail: string | null;
    source_event_id: string | null;
    message_id: string | null;
    created_at: number;
  };
  contact_sync_state: {
    account_id: number;
    kommo_contact_id: number;
    name: string | null;
    email: string | null;
    phone: string | null;
    lead_ids: Generated<string>;
    kommo_snapshot: string | null;
    kommo_read_at: number | null;
    last_synced_at: number | null;
    bridge_writes: Generated<string>;
  };
  lead_sync_state: {
    account_id: number;
    lead_id: number;
    status_id: number;
    pipeline_id: number;
    plan: string | null;
    source: string | null;
    price: number | null;
    contact_ids: Generated<string>;
    kommo_updated_at: number | null;
    read_at: number;
  };
  poll_state: { account_id: number; esp: string; watermark: number; polled_at: number };
  esp_profiles: { account_id: number; esp: string; email: string; profile: string | null; fetched_at: number };
  idempotency_keys: { account_id: number; key: string; request: string; status: number | null; response: string | null; created_at: number };
  bridge_opt_outs: { account_id: number; esp: string; email: string; at: number };
  personal_tokens: {
    id: Generated<number>;
    account_id: number;
    kommo_user_id: number;
    label: string;
    token_hash: string;
    created_at: number;
    revoked_at: number | null;
    last_used_at: number | null;
  };
  kommo_grants: { account_id: number; api_host: string; access_token: Buffer; refresh_token: Buffer; expires_at: number; updated_at: number };
  kommo_webhook_setup: { account_id: number; destination: Buffer; state: 'subscribed' | 'manual'; detail: string | null; updated_at: number };
  account_settings: { account_id: number; sealed: Buffer; updated_at: number };
  esp_webhook_routes: { secret_hash: string; account_id: number; esp: string };
};
