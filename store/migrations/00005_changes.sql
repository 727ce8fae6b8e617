-- Address-change requests (maker-checker), the outbox of changes for the
-- centre, and the index of scanned documents kept by SHA-256.
-- +goose Up
CREATE TABLE address_requests (
    id                TEXT PRIMARY KEY,              -- UUIDv7
    ref               TEXT NOT NULL UNIQUE,          -- <branch>-<yyyymmdd>-<n>
    member_id         INTEGER NOT NULL REFERENCES members(id),
    branch            TEXT NOT NULL,
    base_version      INTEGER NOT NULL,              -- the member's version when recorded
    requested_by      TEXT NOT NULL,
    requested_at      TEXT NOT NULL,
    line1             TEXT NOT NULL,
    line2             TEXT NOT NULL DEFAULT '',
    quarter           TEXT NOT NULL DEFAULT '',
    city              TEXT NOT NULL,
    postal_code       TEXT NOT NULL,
    province          TEXT NOT NULL DEFAULT '',
    line_ar           TEXT NOT NULL DEFAULT '',
    evidence          TEXT NOT NULL,                 -- domain.Evidence as JSON
    exception         TEXT NOT NULL DEFAULT '',      -- domain.Exception as JSON, or ''
    state             TEXT NOT NULL DEFAULT 'pending'
                      CHECK (state IN ('pending', 'approved', 'rejected', 'cancelled')),
    decided_by        TEXT NOT NULL DEFAULT '',
    decided_at        TEXT NOT NULL DEFAULT '',
    decision_reason   TEXT NOT NULL DEFAULT ''
) STRICT;
-- One pending change per member at a time.
CREATE UNIQUE INDEX address_requests_one_pending ON address_requests(member_id) WHERE state = 'pending';
CREATE INDEX address_requests_state ON address_requests(state, requested_at);
CREATE INDEX address_requests_requester ON address_requests(requested_by, requested_at);

-- Changes for the centre, in the transaction that made them. Frozen once
-- queued: only the delivery columns may change.
CREATE TABLE outbox (
    id            TEXT PRIMARY KEY,                  -- UUIDv7, the idempotency key
    seq           INTEGER NOT NULL UNIQUE,           -- per-device order
    kind          TEXT NOT NULL,
    member_regno  TEXT NOT NULL,
    base_version  INTEGER,                           -- only for record-changing events
    payload       TEXT NOT NULL,                     -- domain.ChangeEvent as JSON
    created_at    TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'delivered', 'set_aside', 'discarded')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    last_error    TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_state ON outbox(state, seq);

-- +goose StatementBegin
CREATE TRIGGER outbox_frozen BEFORE UPDATE OF id, seq, kind, member_regno, base_version, payload, created_at ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox entries are frozen once queued');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER outbox_kept BEFORE DELETE ON outbox
BEGIN
    SELECT RAISE(ABORT, 'outbox entries are never deleted');
END;
-- +goose StatementEnd

-- A request's history is read from the audit chain by subject.
CREATE INDEX audit_subject ON audit(subject, seq);

CREATE TABLE documents (
    sha256     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    stored_at  TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE documents;
DROP INDEX audit_subject;
DROP TRIGGER outbox_kept;
DROP TRIGGER outbox_frozen;
DROP TABLE outbox;
DROP TABLE address_requests;
