-- Retention (Law 09-08): audit entries the centre acknowledged and document
-- copies it holds may be purged once they are old enough.
-- +goose Up
-- Where the device's audit chain begins once a purge removed its oldest
-- entries: the last purged entry (its seq and hash, which the next entry
-- names as its previous hash) and the audit entry that recorded the purge,
-- whose detail repeats them, so that neither can be changed alone.
CREATE TABLE audit_checkpoint (
    id        INTEGER PRIMARY KEY CHECK (id = 1),  -- one row
    seq       INTEGER NOT NULL,
    hash      TEXT NOT NULL,
    purged_at TEXT NOT NULL,
    purged    INTEGER NOT NULL,                    -- entries that purge removed
    purged_by TEXT NOT NULL,
    entry_seq INTEGER NOT NULL
) STRICT;

-- The purge looks for document copies older than the retention.
CREATE INDEX documents_stored ON documents(stored_at);

-- +goose Down
DROP INDEX documents_stored;
DROP TABLE audit_checkpoint;
