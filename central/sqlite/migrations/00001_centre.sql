-- The centre's schema: reference data, members, address-change requests,
-- accounts and devices, the documents held, what each device pushed
-- (idempotency records and audit chains), the centre's own access log and
-- the feed every device pulls its branch from. Instants are UTC text
-- (2006-01-02T15:04:05.000000000Z), so they sort as they compare.
-- +goose Up
CREATE TABLE branches (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    city   TEXT NOT NULL,
    region TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    regno          TEXT NOT NULL UNIQUE,
    society        TEXT NOT NULL,
    home_branch    TEXT NOT NULL REFERENCES branches(code),
    cin            TEXT NOT NULL,
    ppr            TEXT NOT NULL DEFAULT '',
    family_name    TEXT NOT NULL,
    given_name     TEXT NOT NULL,
    family_name_ar TEXT NOT NULL DEFAULT '',
    given_name_ar  TEXT NOT NULL DEFAULT '',
    birth_date     TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    category       TEXT NOT NULL CHECK (category IN ('active', 'retired', 'student')),
    email          TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
    version        INTEGER NOT NULL CHECK (version >= 1)
) STRICT;
CREATE INDEX members_cin ON members(cin);

CREATE TABLE beneficiaries (
    id             INTEGER PRIMARY KEY,
    member_id      INTEGER NOT NULL REFERENCES members(id),
    relation       TEXT NOT NULL CHECK (relation IN ('spouse', 'child')),
    family_name    TEXT NOT NULL,
    given_name     TEXT NOT NULL,
    family_name_ar TEXT NOT NULL DEFAULT '',
    given_name_ar  TEXT NOT NULL DEFAULT '',
    birth_date     TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    student        INTEGER NOT NULL DEFAULT 0 CHECK (student IN (0, 1)),
    disabled       INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
) STRICT;
CREATE INDEX beneficiaries_member ON beneficiaries(member_id);

-- Address history: the current address has valid_to NULL.
CREATE TABLE addresses (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    line1       TEXT NOT NULL,
    line2       TEXT NOT NULL DEFAULT '',
    quarter     TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL,
    postal_code TEXT NOT NULL,
    province    TEXT NOT NULL DEFAULT '',
    line_ar     TEXT NOT NULL DEFAULT '',
    verified    INTEGER NOT NULL CHECK (verified IN (0, 1)),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT
) STRICT;
CREATE INDEX addresses_member ON addresses(member_id, valid_from);
CREATE UNIQUE INDEX addresses_current ON addresses(member_id) WHERE valid_to IS NULL;

CREATE TABLE address_requests (
    id              TEXT PRIMARY KEY,                -- UUIDv7, made by the console
    reference       TEXT NOT NULL UNIQUE,            -- <branch>-<yyyymmdd>-<n>
    member_id       INTEGER NOT NULL REFERENCES members(id),
    branch          TEXT NOT NULL REFERENCES branches(code),
    base_version    INTEGER NOT NULL,
    requested_by    TEXT NOT NULL,
    requested_at    TEXT NOT NULL,
    line1           TEXT NOT NULL,
    line2           TEXT NOT NULL DEFAULT '',
    quarter         TEXT NOT NULL DEFAULT '',
    city            TEXT NOT NULL,
    postal_code     TEXT NOT NULL,
    province        TEXT NOT NULL DEFAULT '',
    line_ar         TEXT NOT NULL DEFAULT '',
    evidence        TEXT NOT NULL,                   -- domain.Evidence as JSON
    exception       TEXT NOT NULL DEFAULT '',        -- domain.Exception as JSON, or ''
    state           TEXT NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'cancelled')),
    decided_by      TEXT NOT NULL DEFAULT '',
    decided_at      TEXT NOT NULL DEFAULT '',
    decision_reason TEXT NOT NULL DEFAULT ''
) STRICT;
-- One pending change per member at a time.
CREATE UNIQUE INDEX address_requests_one_pending ON address_requests(member_id) WHERE state = 'pending';
CREATE INDEX address_requests_member ON address_requests(member_id, branch);

CREATE TABLE accounts (
    username             TEXT PRIMARY KEY,           -- unique across the centre
    display_name         TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    branch               TEXT REFERENCES branches(code), -- NULL: a centre admin no device keeps
    password_hash        TEXT NOT NULL,              -- argon2id, PHC string
    disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
) STRICT;

CREATE TABLE devices (
    id           TEXT PRIMARY KEY,                   -- UUIDv7
    name         TEXT NOT NULL,
    branch       TEXT NOT NULL REFERENCES branches(code),
    number       INTEGER NOT NULL CHECK (number >= 1),
    token_sha256 TEXT NOT NULL UNIQUE,               -- hex SHA-256 of the bearer token
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_seen    TEXT,
    UNIQUE (branch, number)
) STRICT;

CREATE TABLE documents (
    sha256     TEXT PRIMARY KEY,
    media_type TEXT NOT NULL,
    size       INTEGER NOT NULL,
    stored_at  TEXT NOT NULL
) STRICT;

-- Every entry a device pushed, kept for good: the same id must always carry
-- the same content, and an applied entry's answer is replayed.
CREATE TABLE entries (
    id           TEXT PRIMARY KEY,                   -- the entry's UUIDv7
    device_id    TEXT NOT NULL REFERENCES devices(id),
    content_hash TEXT NOT NULL,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('applied', 'rejected', 'conflict')),
    result       TEXT NOT NULL,                      -- the wire.Result as JSON
    first_seen   TEXT NOT NULL,
    last_seen    TEXT NOT NULL
) STRICT;

-- Each device's audit hash chain as received (stored even where it breaks).
CREATE TABLE audit_records (
    device_id   TEXT NOT NULL REFERENCES devices(id),
    seq         INTEGER NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    detail      TEXT NOT NULL,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (device_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE chain_breaks (
    device_id TEXT NOT NULL REFERENCES devices(id),
    seq       INTEGER NOT NULL,
    reason    TEXT NOT NULL,                         -- sequence, previous_hash or hash
    found_at  TEXT NOT NULL,
    PRIMARY KEY (device_id, seq, reason)
) STRICT, WITHOUT ROWID;

-- The centre's own access log: members fetched on demand.
CREATE TABLE access_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    device_id TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL
) STRICT;
CREATE INDEX access_log_at ON access_log(at);

-- What changed, for whom: one row per branch that must see the change
-- ('*': every branch). Devices page through it by seq.
CREATE TABLE feed (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    branch TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('branch', 'member', 'account', 'request')),
    key    TEXT NOT NULL
) STRICT;
CREATE INDEX feed_branch ON feed(branch, seq);

-- +goose Down
DROP TABLE feed;
DROP TABLE access_log;
DROP TABLE chain_breaks;
DROP TABLE audit_records;
DROP TABLE entries;
DROP TABLE documents;
DROP TABLE devices;
DROP TABLE accounts;
DROP TABLE address_requests;
DROP TABLE addresses;
DROP TABLE beneficiaries;
DROP TABLE members;
DROP TABLE branches;
