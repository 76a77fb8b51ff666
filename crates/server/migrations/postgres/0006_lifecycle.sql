-- SQLite's 0006 (../0006_lifecycle.sql): expiry and protection, with a
-- real boolean and the indexes naming `seq` (SQLite's end in the rowid).

-- RFC 3339, UTC, whole seconds, so text order is time order; NULL = never expires.
ALTER TABLE sandboxes ADD COLUMN expires_at TEXT COLLATE "C";
-- Refresh, delete and expiry are refused while it is true.
ALTER TABLE sandboxes ADD COLUMN protected BOOLEAN NOT NULL DEFAULT FALSE;

-- Existing sandboxes get their tier's default lifetime counted from the
-- upgrade, not from their creation: none expires because of the upgrade.
UPDATE sandboxes
   SET expires_at = to_char(date_trunc('second', now() AT TIME ZONE 'UTC') + interval '7 days',
                            'YYYY-MM-DD"T"HH24:MI:SS"Z"')
 WHERE tier = 'free';
UPDATE sandboxes
   SET expires_at = to_char(date_trunc('second', now() AT TIME ZONE 'UTC') + interval '30 days',
                            'YYYY-MM-DD"T"HH24:MI:SS"Z"')
 WHERE tier = 'pro';

-- The expiry job's question: which unprotected sandboxes are due.
CREATE INDEX sandboxes_protected_expires ON sandboxes (protected, expires_at);

-- `sort=expires_at` (`never_expires, expires_at, seq`) and `-expires_at`
-- (`never_expires, expires_at DESC, seq DESC`) in index order, under each
-- way the list reads: everything, one owner across accounts, one account,
-- one account's owner.
CREATE INDEX sandboxes_expires ON sandboxes ((expires_at IS NULL), expires_at, seq);
CREATE INDEX sandboxes_expires_desc ON sandboxes ((expires_at IS NULL), expires_at DESC, seq DESC);
CREATE INDEX sandboxes_owner_expires ON sandboxes (owner_id, (expires_at IS NULL), expires_at, seq);
CREATE INDEX sandboxes_owner_expires_desc
    ON sandboxes (owner_id, (expires_at IS NULL), expires_at DESC, seq DESC);
CREATE INDEX sandboxes_account_expires ON sandboxes (user_id, (expires_at IS NULL), expires_at, seq);
CREATE INDEX sandboxes_account_expires_desc
    ON sandboxes (user_id, (expires_at IS NULL), expires_at DESC, seq DESC);
CREATE INDEX sandboxes_account_owner_expires
    ON sandboxes (user_id, owner_id, (expires_at IS NULL), expires_at, seq);
CREATE INDEX sandboxes_account_owner_expires_desc
    ON sandboxes (user_id, owner_id, (expires_at IS NULL), expires_at DESC, seq DESC);
