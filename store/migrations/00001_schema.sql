-- +goose Up
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE societies (
    code    TEXT PRIMARY KEY,
    name    TEXT NOT NULL,
    founded INTEGER NOT NULL
) STRICT;

CREATE TABLE branches (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    city   TEXT NOT NULL,
    region TEXT NOT NULL
) STRICT;

CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    regno          TEXT NOT NULL UNIQUE,
    society_code   TEXT NOT NULL REFERENCES societies(code),
    home_branch    TEXT NOT NULL REFERENCES branches(code),
    cin            TEXT NOT NULL,
    ppr            TEXT,
    family_name    TEXT NOT NULL,
    given_name     TEXT NOT NULL,
    family_name_ar TEXT NOT NULL DEFAULT '',
    given_name_ar  TEXT NOT NULL DEFAULT '',
    birth_date     TEXT NOT NULL,
    sex            TEXT NOT NULL CHECK (sex IN ('M', 'F')),
    category       TEXT NOT NULL CHECK (category IN ('active', 'retired', 'student')),
    email          TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'closed')),
    version        INTEGER NOT NULL DEFAULT 1
) STRICT;

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
    verified    INTEGER NOT NULL DEFAULT 0 CHECK (verified IN (0, 1)),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT
) STRICT;

CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    branch_code     TEXT REFERENCES branches(code),
    password_hash   TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT NOT NULL DEFAULT '',
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT NOT NULL
) STRICT;

-- The device's audit hash chain (domain.CanonicalAuditEncoding).
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    device_id TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE audit;
DROP TABLE users;
DROP TABLE addresses;
DROP TABLE beneficiaries;
DROP TABLE members;
DROP TABLE branches;
DROP TABLE societies;
DROP TABLE meta;
