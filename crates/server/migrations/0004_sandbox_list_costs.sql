-- What a page of the list costs should not grow with how many sandboxes
-- match or how big the table is (issue 14, docs/server-benchmark.md).

-- An index for every sort the list offers, under each way it is read (one
-- owner in an account, a whole account, one owner across accounts and
-- everything for support), so a first page reads 50 index entries in order
-- instead of sorting every match (`USE TEMP B-TREE FOR ORDER BY`). The
-- rowid (`seq`) ends every index, so the tie-break is in index order too.
--
-- `sort=status` is `status ASC, created_at DESC, seq DESC`: an index on
-- `(status DESC, created_at)` read backwards gives exactly that order,
-- rowid included. It replaces migration 0002's index, which still serves
-- the status filter (`status = ?` then newest first).
DROP INDEX sandboxes_account_owner_status_created;
CREATE INDEX sandboxes_account_owner_status_created
    ON sandboxes (user_id, owner_id, status DESC, created_at);
-- (user_id, owner_id, name) is sandboxes_owner_name (0001).

CREATE INDEX sandboxes_account_name ON sandboxes (user_id, name);
CREATE INDEX sandboxes_account_status_created ON sandboxes (user_id, status DESC, created_at);

-- (owner_id, created_at) is sandboxes_owner_created (0001).
CREATE INDEX sandboxes_owner_name_across_accounts ON sandboxes (owner_id, name);
CREATE INDEX sandboxes_owner_status_created ON sandboxes (owner_id, status DESC, created_at);

CREATE INDEX sandboxes_created ON sandboxes (created_at);
CREATE INDEX sandboxes_name ON sandboxes (name);
CREATE INDEX sandboxes_status_created ON sandboxes (status DESC, created_at);

-- How many sandboxes each owner of each account has, by status and tier,
-- kept by triggers: `X-Total-Count` of the list (all matches, as the
-- contract says) sums a few of these rows instead of counting every match
-- (store/sandboxes/list.rs). Rows at 0 stay; the sum is what counts.
CREATE TABLE sandbox_counts (
    user_id  TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    status   TEXT NOT NULL,
    tier     TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (user_id, owner_id, status, tier)
) WITHOUT ROWID;
-- The owner filter across accounts (support).
CREATE INDEX sandbox_counts_owner ON sandbox_counts (owner_id, status, tier);
INSERT INTO sandbox_counts (user_id, owner_id, status, tier, n)
    SELECT user_id, owner_id, status, tier, COUNT(*)
      FROM sandboxes GROUP BY user_id, owner_id, status, tier;
CREATE TRIGGER sandbox_counts_insert AFTER INSERT ON sandboxes BEGIN
    INSERT INTO sandbox_counts (user_id, owner_id, status, tier, n)
    VALUES (NEW.user_id, NEW.owner_id, NEW.status, NEW.tier, 1)
    ON CONFLICT (user_id, owner_id, status, tier) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER sandbox_counts_delete AFTER DELETE ON sandboxes BEGIN
    UPDATE sandbox_counts SET n = n - 1
     WHERE user_id = OLD.user_id AND owner_id = OLD.owner_id
       AND status = OLD.status AND tier = OLD.tier;
END;
CREATE TRIGGER sandbox_counts_update AFTER UPDATE OF user_id, owner_id, status, tier ON sandboxes BEGIN
    UPDATE sandbox_counts SET n = n - 1
     WHERE user_id = OLD.user_id AND owner_id = OLD.owner_id
       AND status = OLD.status AND tier = OLD.tier;
    INSERT INTO sandbox_counts (user_id, owner_id, status, tier, n)
    VALUES (NEW.user_id, NEW.owner_id, NEW.status, NEW.tier, 1)
    ON CONFLICT (user_id, owner_id, status, tier) DO UPDATE SET n = n + 1;
END;
