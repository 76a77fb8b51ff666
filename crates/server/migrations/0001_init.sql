-- The reference server's schema. Plain SQL that PostgreSQL also accepts
-- (TEXT timestamps in RFC 3339 sort chronologically; JSON kept as TEXT).

CREATE TABLE accounts (
    account_id TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- API tokens; only the SHA-256 of a token is stored.
CREATE TABLE tokens (
    token_sha256 TEXT PRIMARY KEY,
    principal_id TEXT NOT NULL,
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('admin', 'support', 'viewer')),
    account_id   TEXT REFERENCES accounts (account_id),
    -- Set for a token acting in one sandbox.
    sandbox_id   TEXT,
    created_at   TEXT NOT NULL
);

CREATE TABLE sandboxes (
    -- Insertion order: the tie-breaker that keeps paging stable when
    -- timestamps (whole seconds) are equal.
    seq                   INTEGER PRIMARY KEY,
    sandbox_id            TEXT NOT NULL UNIQUE,
    user_id               TEXT NOT NULL REFERENCES accounts (account_id),
    owner_id              TEXT NOT NULL,
    name                  TEXT NOT NULL,
    tier                  TEXT NOT NULL,
    mode                  TEXT NOT NULL,
    status                TEXT NOT NULL,
    storage_provider_type TEXT NOT NULL,
    metadata              TEXT NOT NULL DEFAULT '{}',
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    last_refreshed_at     TEXT,
    -- When the background task moves a transient status on (Unix ms);
    -- NULL once the sandbox has settled.
    transition_due_ms     INTEGER
);
-- (owner_id, name) is unique per account, also under concurrent creates.
CREATE UNIQUE INDEX sandboxes_owner_name ON sandboxes (user_id, owner_id, name);
-- The console's main query: one account's sandboxes of one owner, newest
-- first (the list reads an account's own sandboxes and those shared with
-- the caller as separate indexed queries; see store/sandboxes.rs).
CREATE INDEX sandboxes_account_owner_created ON sandboxes (user_id, owner_id, created_at);
-- A whole account, newest first.
CREATE INDEX sandboxes_account_created ON sandboxes (user_id, created_at);
-- The owner filter across accounts (support).
CREATE INDEX sandboxes_owner_created ON sandboxes (owner_id, created_at);
CREATE INDEX sandboxes_due ON sandboxes (transition_due_ms) WHERE transition_due_ms IS NOT NULL;

CREATE TABLE members (
    sandbox_id TEXT NOT NULL REFERENCES sandboxes (sandbox_id) ON DELETE CASCADE,
    email      TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    origin     TEXT NOT NULL CHECK (origin IN ('production', 'added')),
    added_at   TEXT NOT NULL,
    -- Order of addition, for a stable listing.
    seq        INTEGER NOT NULL,
    PRIMARY KEY (sandbox_id, email)
);
-- Which sandboxes an email is a member of (external access).
CREATE INDEX members_email ON members (email);

-- The apps each account runs in production: what a new or refreshed sandbox gets.
CREATE TABLE production_apps (
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    app_name   TEXT NOT NULL,
    version    TEXT NOT NULL,
    PRIMARY KEY (account_id, app_name)
);

CREATE TABLE apps (
    sandbox_id TEXT NOT NULL REFERENCES sandboxes (sandbox_id) ON DELETE CASCADE,
    app_name   TEXT NOT NULL,
    version    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (sandbox_id, app_name)
);

CREATE TABLE pushes (
    seq        INTEGER PRIMARY KEY,
    push_id    TEXT NOT NULL UNIQUE,
    sandbox_id TEXT NOT NULL REFERENCES sandboxes (sandbox_id) ON DELETE CASCADE,
    app_name   TEXT NOT NULL,
    version    TEXT NOT NULL,
    target     TEXT NOT NULL,
    status     TEXT NOT NULL,
    pushed_at  TEXT NOT NULL
);
CREATE INDEX pushes_app ON pushes (sandbox_id, app_name, seq);

CREATE TABLE sources (
    seq                   INTEGER PRIMARY KEY,
    data_source_id        TEXT NOT NULL UNIQUE,
    sandbox_id            TEXT NOT NULL REFERENCES sandboxes (sandbox_id) ON DELETE CASCADE,
    user_id               TEXT NOT NULL,
    provider              TEXT NOT NULL,
    name                  TEXT NOT NULL,
    ingestion_mode        TEXT NOT NULL,
    status                TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    external_account_id   TEXT,
    adapter_config        TEXT NOT NULL DEFAULT '{}',
    poll_interval_seconds INTEGER,
    webhook_url           TEXT,
    -- SHA-256 (hex) of the webhook signing secret; the secret itself is never stored.
    webhook_secret_sha256 TEXT,
    last_sync_at          TEXT,
    created_at            TEXT NOT NULL
);
CREATE INDEX sources_sandbox ON sources (sandbox_id, seq);

-- Idempotency-Key records of sandbox creation, per principal, kept 24 h.
CREATE TABLE idempotency_keys (
    principal_id   TEXT NOT NULL,
    idem_key       TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    response_body  TEXT NOT NULL,
    created_ms     INTEGER NOT NULL,
    PRIMARY KEY (principal_id, idem_key)
);
