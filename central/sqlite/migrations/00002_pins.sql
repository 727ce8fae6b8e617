-- Temporary PINs: each reissue the centre applied (a keyed verifier, never
-- the PIN), the portal clients allowed to verify PINs, and PIN items in
-- the feed.
-- +goose Up
-- seq is the order of application: the newest reissue of a member (the
-- highest seq) is the only one that may work.
CREATE TABLE pin_issues (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    id           TEXT NOT NULL UNIQUE,               -- UUIDv7 made where it was reissued
    regno        TEXT NOT NULL REFERENCES members(regno),
    channel      TEXT NOT NULL CHECK (channel IN ('post', 'email', 'counter')),
    state        TEXT NOT NULL CHECK (state IN ('requested', 'active', 'superseded', 'locked', 'returned', 'refused')), -- refused: no longer eligible when the centre came to make its PIN (letters, e-mails)
    branch       TEXT NOT NULL REFERENCES branches(code), -- the branch that reissued it
    device_id    TEXT NOT NULL,
    requested_by TEXT NOT NULL,
    requested_at TEXT NOT NULL,                      -- the event's time: the rate limit counts by it
    applied_at   TEXT NOT NULL,
    expires_on   TEXT NOT NULL DEFAULT '',           -- YYYY-MM-DD once the PIN exists
    key_id       TEXT NOT NULL DEFAULT '',           -- the HMAC key of the verifier
    verifier     TEXT NOT NULL DEFAULT '',           -- hex HMAC-SHA-256; the key is never in this database
    failures     INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
    override     TEXT NOT NULL DEFAULT '',           -- domain.PINOverride as JSON, or ''
    batch        TEXT NOT NULL DEFAULT '',           -- the letter batch or e-mail that carried the PIN (while requested: the send claiming it)
    updated_at   TEXT NOT NULL
) STRICT;
CREATE INDEX pin_issues_member ON pin_issues(regno, seq);
CREATE INDEX pin_issues_awaiting ON pin_issues(channel, state, seq);

-- Callers of POST /v1/pin/verify: the token only as a SHA-256 digest. A
-- name is held by one active client at a time; a revoked one stays listed.
CREATE TABLE portal_clients (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
) STRICT;
CREATE UNIQUE INDEX portal_clients_active ON portal_clients(name) WHERE revoked_at IS NULL;

-- The feed learns the kind 'pin': SQLite cannot change a CHECK, so the
-- table is rebuilt with its rows and sequence.
CREATE TABLE feed_new (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    branch TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('branch', 'member', 'account', 'request', 'pin')),
    key    TEXT NOT NULL
) STRICT;
INSERT INTO feed_new (seq, branch, kind, key) SELECT seq, branch, kind, key FROM feed ORDER BY seq;
DROP TABLE feed;
ALTER TABLE feed_new RENAME TO feed;
CREATE INDEX feed_branch ON feed(branch, seq);

-- +goose Down
CREATE TABLE feed_old (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    branch TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('branch', 'member', 'account', 'request')),
    key    TEXT NOT NULL
) STRICT;
INSERT INTO feed_old (seq, branch, kind, key) SELECT seq, branch, kind, key FROM feed WHERE kind <> 'pin' ORDER BY seq;
DROP TABLE feed;
ALTER TABLE feed_old RENAME TO feed;
CREATE INDEX feed_branch ON feed(branch, seq);
DROP TABLE portal_clients;
DROP TABLE pin_issues;
