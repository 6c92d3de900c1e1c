/**
 * Versioned schema. A migration is never edited once it has shipped: add a new one instead.
 * Times are Unix milliseconds.
 */
export type Migration = { version: number; name: string; sql: string };

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'core tables',
    sql: `
      CREATE TABLE accounts (
        id INTEGER PRIMARY KEY,
        subdomain TEXT NOT NULL UNIQUE,
        kommo_account_id INTEGER UNIQUE,
        webhook_secret_hash TEXT UNIQUE,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disconnected')),
        settings TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE webhooks (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        source TEXT NOT NULL,
        dedupe_key TEXT NOT NULL UNIQUE,
        content_type TEXT,
        raw_body BLOB NOT NULL,
        outcome TEXT NOT NULL,
        received_at INTEGER NOT NULL
      );

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        kind TEXT NOT NULL,
        target TEXT NOT NULL,
        order_key TEXT NOT NULL,
        dedupe_key TEXT UNIQUE,
        payload TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'leased', 'done', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        run_at INTEGER NOT NULL,
        lease_owner TEXT,
        lease_until INTEGER,
        last_error TEXT,
        webhook_id INTEGER REFERENCES webhooks(id),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        finished_at INTEGER
      );
      -- Leasing walks runnable jobs oldest first and stops at its limit, however long the queue.
      CREATE INDEX jobs_by_status ON jobs (status, id);
      -- Per-contact ordering asks "is an earlier job of this key unfinished?" on every lease.
      CREATE INDEX jobs_open_by_order_key ON jobs (order_key, id) WHERE status IN ('pending', 'leased');
      CREATE INDEX jobs_by_account ON jobs (account_id, status, updated_at);

      CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        kommo_contact_id INTEGER,
        email TEXT,
        esp TEXT NOT NULL,
        event TEXT NOT NULL,
        occurred_at INTEGER NOT NULL,
        subject TEXT,
        link TEXT,
        detail TEXT,
        source_event_id TEXT,
        created_at INTEGER NOT NULL,
        UNIQUE (account_id, esp, source_event_id)
      );
      CREATE INDEX activity_by_contact ON activity (account_id, kommo_contact_id, occurred_at);
      CREATE INDEX activity_by_email ON activity (account_id, email, occurred_at);

      CREATE TABLE contact_sync_state (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        kommo_contact_id INTEGER NOT NULL,
        name TEXT,
        email TEXT,
        phone TEXT,
        lead_ids TEXT NOT NULL DEFAULT '[]',
        kommo_snapshot TEXT,
        esp_state TEXT NOT NULL DEFAULT '{}',
        kommo_read_at INTEGER,
        last_synced_at INTEGER,
        PRIMARY KEY (account_id, kommo_contact_id)
      );
      CREATE INDEX contact_sync_state_by_email ON contact_sync_state (account_id, email);
    `,
  },
  {
    version: 2,
    name: 'lead sync state',
    sql: `
      -- The deal as last read from Kommo: a lead update webhook carries the new plan but not the
      -- old one, so "plan changed from X to Y" needs the previous read.
      CREATE TABLE lead_sync_state (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        lead_id INTEGER NOT NULL,
        status_id INTEGER NOT NULL,
        pipeline_id INTEGER NOT NULL,
        plan TEXT,
        source TEXT,
        price REAL,
        contact_ids TEXT NOT NULL DEFAULT '[]',
        kommo_updated_at INTEGER,
        read_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, lead_id)
      );
    `,
  },
  {
    version: 3,
    name: 'poll state',
    sql: `
      -- Where each account's poll of an ESP got to (Omnisend and Moosend send no unsubscribe events).
      CREATE TABLE poll_state (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        esp TEXT NOT NULL,
        watermark INTEGER NOT NULL,
        polled_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, esp)
      );
    `,
  },
  {
    version: 4,
    name: 'bridge writes',
    sql: `
      -- Kommo field values the bridge itself wrote on a contact (field id → value as text), so the
      -- contact-update webhook those writes cause is not taken for a manager's change and pushed
      -- back to the ESPs (SPEC §4.2 "No echo loops"). esp_state was never used.
      ALTER TABLE contact_sync_state ADD COLUMN bridge_writes TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE contact_sync_state DROP COLUMN esp_state;
    `,
  },
  {
    version: 5,
    name: 'panel',
    sql: `
      -- Each ESP's last answer about a person, so the panel can show it with its age when the ESP
      -- fails or is slow (SPEC §3.1 "stale data with its age").
      CREATE TABLE esp_profiles (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        esp TEXT NOT NULL,
        email TEXT NOT NULL,
        profile TEXT,
        fetched_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, esp, email)
      );

      -- A panel action repeated with the same Idempotency-Key returns the first outcome.
      CREATE TABLE idempotency_keys (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        key TEXT NOT NULL,
        request TEXT NOT NULL,
        status INTEGER,
        response TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, key)
      );
    `,
  },
  {
    version: 6,
    name: 'activity message id',
    sql: `
      -- The message an ESP event is about, so several opens of one email make one note (SPEC §4.2).
      ALTER TABLE activity ADD COLUMN message_id TEXT;
      CREATE INDEX activity_by_message ON activity (account_id, esp, email, message_id) WHERE message_id IS NOT NULL;
    `,
  },
  {
    version: 7,
    name: 'bridge opt-outs',
    sql: `
      -- Unsubscribes the bridge itself caused at an ESP (an opt-out, a person created without
      -- consent): the ESP reports them back as "unsubscribed", which must not become a note and a
      -- task for the manager who just did it (SPEC §4.2 "No echo loops", the ESP side).
      CREATE TABLE bridge_opt_outs (
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        esp TEXT NOT NULL,
        email TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (account_id, esp, email)
      );
    `,
  },
  {
    version: 8,
    name: 'personal tokens',
    sql: `
      -- Tokens an admin issues for the browser extension (SPEC §4.4). Only a hash is kept: the
      -- token is shown once, at creation.
      CREATE TABLE personal_tokens (
        id INTEGER PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        kommo_user_id INTEGER NOT NULL,
        label TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER,
        last_used_at INTEGER
      );
      CREATE INDEX personal_tokens_by_account ON personal_tokens (account_id, id);
    `,
  },
  {
    version: 9,
    name: 'kommo oauth grants',
    sql: `
      -- Marketplace installs (SPEC §3.3): each account's OAuth token pair, AES-GCM sealed with a key
      -- derived from SECRET_KEY (SPEC §4.4). api_host is where the account lives (acme.kommo.com,
      -- acme.amocrm.ru): the code is exchanged and the API called there.
      CREATE TABLE kommo_grants (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
        api_host TEXT NOT NULL,
        access_token BLOB NOT NULL,
        refresh_token BLOB NOT NULL,
        expires_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      -- How the account's Kommo webhook was set up on install: subscribed through the API, or left
      -- to the admin (plans below Advanced refuse API webhooks), so the settings page can show the
      -- URL — sealed, since the URL is the webhook's only secret — and the reason.
      CREATE TABLE kommo_webhook_setup (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
        destination BLOB NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('subscribed', 'manual')),
        detail TEXT,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 10,
    name: 'account settings',
    sql: `
      -- The rules an account's admin saves in the widget's settings page (SPEC §3.3), sealed with
      -- SECRET_KEY because they hold ESP API keys. The ESP webhook path secrets are indexed by hash
      -- so an ESP's POST finds its account without opening every account's settings.
      CREATE TABLE account_settings (
        account_id INTEGER PRIMARY KEY REFERENCES accounts(id),
        sealed BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE esp_webhook_routes (
        secret_hash TEXT PRIMARY KEY,
        account_id INTEGER NOT NULL REFERENCES accounts(id),
        esp TEXT NOT NULL
      );
    `,
  },
];
