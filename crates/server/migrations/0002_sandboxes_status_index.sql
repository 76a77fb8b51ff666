-- The status filter on an owner's list (`?owner_id=…&status=…`, newest
-- first): without this, SQLite walks every sandbox of the owner through
-- sandboxes_account_owner_created and checks status row by row.
CREATE INDEX sandboxes_account_owner_status_created
    ON sandboxes (user_id, owner_id, status, created_at);
