-- Temporary PINs, as central/sqlite's 00002: each reissue the centre
-- applied (a keyed verifier, never the PIN), the portal clients allowed to
-- verify PINs, and PIN items in the feed.
-- +goose Up
-- seq is the order of application: the newest reissue of a member (the
-- highest seq) is the only one that may work.
CREATE TABLE pin_issues (
    seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id           text NOT NULL UNIQUE,               -- UUIDv7 made where it was reissued
    regno        text COLLATE "C" NOT NULL REFERENCES members(regno),
    channel      text NOT NULL CHECK (channel IN ('post', 'email', 'counter')),
    state        text NOT NULL CHECK (state IN ('requested', 'active', 'superseded', 'locked', 'returned', 'refused')), -- refused: no longer eligible when the centre came to make its PIN (letters, e-mails)
    branch       text COLLATE "C" NOT NULL REFERENCES branches(code), -- the branch that reissued it
    device_id    text NOT NULL,
    requested_by text NOT NULL,
    requested_at timestamptz NOT NULL,               -- the event's time: the rate limit counts by it
    applied_at   timestamptz NOT NULL,
    expires_on   date,                               -- once the PIN exists
    key_id       text NOT NULL DEFAULT '',           -- the HMAC key of the verifier
    verifier     text NOT NULL DEFAULT '',           -- hex HMAC-SHA-256; the key is never in this database
    failures     integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
    override     jsonb,                              -- domain.PINOverride, NULL when none
    batch        text NOT NULL DEFAULT '',           -- the letter batch or e-mail that carried the PIN (while requested: the send claiming it)
    updated_at   timestamptz NOT NULL
);
CREATE INDEX pin_issues_member ON pin_issues(regno, seq);
CREATE INDEX pin_issues_awaiting ON pin_issues(channel, state, seq);

-- Callers of POST /v1/pin/verify: the token only as a SHA-256 digest. A
-- name is held by one active client at a time; a revoked one stays listed.
CREATE TABLE portal_clients (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text COLLATE "C" NOT NULL,
    token_sha256 text NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz
);
CREATE UNIQUE INDEX portal_clients_active ON portal_clients(name) WHERE revoked_at IS NULL;

-- The feed learns the kind 'pin' (PostgreSQL changes a CHECK in place).
ALTER TABLE feed DROP CONSTRAINT feed_kind_check,
    ADD CONSTRAINT feed_kind_check CHECK (kind IN ('branch', 'member', 'account', 'request', 'pin'));

-- +goose Down
DELETE FROM feed WHERE kind = 'pin';
ALTER TABLE feed DROP CONSTRAINT feed_kind_check,
    ADD CONSTRAINT feed_kind_check CHECK (kind IN ('branch', 'member', 'account', 'request'));
DROP TABLE portal_clients;
DROP TABLE pin_issues;
