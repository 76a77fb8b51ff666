-- Activity (append-only events) and operation progress (contract v1.1).

-- An operation's steps are derived from when it started and when it is
-- planned to end, so nothing is written per step and a restart resumes it.
-- `transition_due_ms` stays when the worker acts: the planned end, or
-- earlier for an operation that `--fail-operations` made fail.
ALTER TABLE sandboxes ADD COLUMN operation_started_ms INTEGER;
ALTER TABLE sandboxes ADD COLUMN operation_ends_ms INTEGER;
-- A sentence while the status is `failed`.
ALTER TABLE sandboxes ADD COLUMN failure_reason TEXT;

-- Operations under way before this migration started at their last update.
UPDATE sandboxes
   SET operation_started_ms = MIN(transition_due_ms, CAST(strftime('%s', updated_at) AS INTEGER) * 1000),
       operation_ends_ms = transition_due_ms
 WHERE transition_due_ms IS NOT NULL;
UPDATE sandboxes
   SET failure_reason = 'The sandbox failed before failure reasons were recorded.'
 WHERE status = 'failed';

-- Never updated or deleted; no foreign key, as events outlive their sandbox.
CREATE TABLE events (
    -- Insertion order, which is time order: newest first is `seq DESC`.
    seq                INTEGER PRIMARY KEY,
    event_id           TEXT NOT NULL UNIQUE,
    occurred_at        TEXT NOT NULL,
    -- The same whole second in Unix ms, for the `since`/`until` filters.
    occurred_ms        INTEGER NOT NULL,
    user_id            TEXT NOT NULL,
    sandbox_id         TEXT NOT NULL,
    sandbox_name       TEXT NOT NULL,
    -- All three NULL for what the server did by itself.
    actor_principal_id TEXT,
    actor_email        TEXT,
    actor_role         TEXT,
    action             TEXT NOT NULL,
    summary            TEXT NOT NULL,
    -- JSON object: each changed thing as [before, after].
    changes            TEXT NOT NULL DEFAULT '{}',
    request_id         TEXT
);
-- One sandbox's history, newest first.
CREATE INDEX events_sandbox ON events (sandbox_id, seq);
-- An account's history, newest first (admins, viewers, support's user_id filter).
CREATE INDEX events_account ON events (user_id, seq);
-- An account's history by one actor.
CREATE INDEX events_account_actor ON events (user_id, actor_email, seq);
-- One actor across accounts (support).
CREATE INDEX events_actor ON events (actor_email, seq);
