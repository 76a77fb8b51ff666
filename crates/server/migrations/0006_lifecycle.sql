-- Lifecycle policy (contract v1.1): expiry and protection.

-- When the expiry job deletes the sandbox, as the contract writes
-- timestamps (RFC 3339, UTC, whole seconds), so text order is time order;
-- NULL = never expires.
ALTER TABLE sandboxes ADD COLUMN expires_at TEXT;
-- Refresh, delete and expiry are refused while it is 1.
ALTER TABLE sandboxes ADD COLUMN protected INTEGER NOT NULL DEFAULT 0;

-- Existing sandboxes get their tier's default lifetime counted from the
-- upgrade, not from their creation: none expires because of the upgrade.
UPDATE sandboxes SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+7 days')
 WHERE tier = 'free';
UPDATE sandboxes SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+30 days')
 WHERE tier = 'pro';

-- The expiry job's question: which unprotected sandboxes are due (with
-- `protected` bound, so the same query text serves a boolean column).
CREATE INDEX sandboxes_protected_expires ON sandboxes (protected, expires_at);

-- `sort=expires_at` and `sort=-expires_at` in index order. Never-expiring
-- sandboxes come last either way, so the list orders by
-- `expires_at IS NULL` first; the DESC index read backwards gives it
-- ascending with the time descending. One pair per way the list reads:
-- everything (support), one owner across accounts, one account, one
-- account's owner.
CREATE INDEX sandboxes_expires ON sandboxes (expires_at IS NULL, expires_at);
CREATE INDEX sandboxes_expires_desc ON sandboxes (expires_at IS NULL DESC, expires_at);
CREATE INDEX sandboxes_owner_expires ON sandboxes (owner_id, expires_at IS NULL, expires_at);
CREATE INDEX sandboxes_owner_expires_desc
    ON sandboxes (owner_id, expires_at IS NULL DESC, expires_at);
CREATE INDEX sandboxes_account_expires ON sandboxes (user_id, expires_at IS NULL, expires_at);
CREATE INDEX sandboxes_account_expires_desc
    ON sandboxes (user_id, expires_at IS NULL DESC, expires_at);
CREATE INDEX sandboxes_account_owner_expires
    ON sandboxes (user_id, owner_id, expires_at IS NULL, expires_at);
CREATE INDEX sandboxes_account_owner_expires_desc
    ON sandboxes (user_id, owner_id, expires_at IS NULL DESC, expires_at);
