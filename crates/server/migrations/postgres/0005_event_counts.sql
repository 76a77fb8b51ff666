-- SQLite's 0005 (../0005_event_counts.sql), with BIGINT tallies.
--
-- X-Total-Count of the events endpoints without counting the matches one
-- index entry at a time (issue 15, docs/server-benchmark.md): how many
-- events each sandbox and each account has, by actor and action. Kept in
-- the transaction that inserts the events (store/event_counts.rs), not by
-- triggers, so this SQL is the same on PostgreSQL. Events are never
-- changed or deleted, so a tally only grows. `actor_email` is '' for the
-- server's own events (an `actor` filter is never empty).
CREATE TABLE event_counts_by_sandbox (
    sandbox_id  TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    action      TEXT NOT NULL,
    -- The sandbox's account, which never changes.
    user_id     TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (sandbox_id, actor_email, action)
);
-- An account's deleted sandboxes (a `sandbox.deleted` or `sandbox.expired`
-- row), whose events a viewer does not see.
CREATE INDEX event_counts_by_sandbox_account_action ON event_counts_by_sandbox (user_id, action);

CREATE TABLE event_counts_by_account (
    user_id     TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    action      TEXT NOT NULL,
    n           BIGINT NOT NULL,
    PRIMARY KEY (user_id, actor_email, action)
);
-- One actor across accounts (support).
CREATE INDEX event_counts_by_account_actor ON event_counts_by_account (actor_email, action);

INSERT INTO event_counts_by_sandbox (sandbox_id, actor_email, action, user_id, n)
    SELECT sandbox_id, COALESCE(actor_email, ''), action, MIN(user_id), COUNT(*)
      FROM events GROUP BY sandbox_id, COALESCE(actor_email, ''), action;
INSERT INTO event_counts_by_account (user_id, actor_email, action, n)
    SELECT user_id, COALESCE(actor_email, ''), action, COUNT(*)
      FROM events GROUP BY user_id, COALESCE(actor_email, ''), action;
