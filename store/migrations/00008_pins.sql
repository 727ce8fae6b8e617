-- Temporary PIN reissues as the console knows them (never the PIN: a
-- counter PIN exists here only sealed, inside its outbox entry).
-- +goose Up
CREATE TABLE pin_issues (
    id              TEXT PRIMARY KEY,                -- UUIDv7 made where it was reissued
    -- A forgotten visitor takes its PIN history along.
    member_id       INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    regno           TEXT NOT NULL,
    channel         TEXT NOT NULL CHECK (channel IN ('post', 'counter', 'email')),
    -- 'queued' until the centre's feed gives its state; the state shown is
    -- read with the outbox entry's (store.PINIssues).
    state           TEXT NOT NULL DEFAULT 'queued'
                    CHECK (state IN ('queued', 'refused', 'requested', 'active', 'superseded', 'locked', 'returned')),
    requested_by    TEXT NOT NULL,
    requested_at    TEXT NOT NULL,
    expires_on      TEXT NOT NULL DEFAULT '',        -- YYYY-MM-DD, '' until the PIN exists
    override_by     TEXT NOT NULL DEFAULT '',
    override_reason TEXT NOT NULL DEFAULT '',
    outbox_id       TEXT NOT NULL DEFAULT '',        -- this console's entry; '' for reissues made elsewhere
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX pin_issues_member ON pin_issues(member_id, requested_at);

-- +goose Down
DROP INDEX pin_issues_member;
DROP TABLE pin_issues;
