-- The centre's schema, as central/sqlite's 00001: reference data, members,
-- address-change requests, accounts and devices, the documents held, what
-- each device pushed (idempotency records and audit chains), the centre's
-- own access log and the feed every device pulls its branch from. Instants
-- are timestamptz (microseconds). Keys that lists are ordered by use the
-- "C" collation: byte order, as SQLite's, whatever the database's locale.
-- +goose Up
CREATE TABLE branches (
    code   text COLLATE "C" PRIMARY KEY,
    name   text NOT NULL,
    city   text NOT NULL,
    region text NOT NULL
);

CREATE TABLE members (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    regno          text COLLATE "C" NOT NULL UNIQUE,
    society        text NOT NULL,
    home_branch    text COLLATE "C" NOT NULL REFERENCES branches(code),
    cin            text NOT NULL,
    ppr            text NOT NULL DEFAULT '',
    family_name    text NOT NULL,
    given_name     text NOT NULL,
    family_name_ar text NOT NULL DEFAULT '',
    given_name_ar  text NOT NULL DEFAULT '',
    birth_date     date NOT NULL,
    sex            text NOT NULL CHECK (sex IN ('M', 'F')),
    category       text NOT NULL CHECK (category IN ('active', 'retired', 'student')),
    email          text NOT NULL DEFAULT '',
    phone          text NOT NULL DEFAULT '',
    status         text NOT NULL CHECK (status IN ('active', 'suspended', 'closed')),
    version        bigint NOT NULL CHECK (version >= 1)
);
CREATE INDEX members_cin ON members(cin);

CREATE TABLE beneficiaries (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id      bigint NOT NULL REFERENCES members(id),
    relation       text NOT NULL CHECK (relation IN ('spouse', 'child')),
    family_name    text NOT NULL,
    given_name     text NOT NULL,
    family_name_ar text NOT NULL DEFAULT '',
    given_name_ar  text NOT NULL DEFAULT '',
    birth_date     date NOT NULL,
    sex            text NOT NULL CHECK (sex IN ('M', 'F')),
    student        boolean NOT NULL DEFAULT false,
    disabled       boolean NOT NULL DEFAULT false
);
CREATE INDEX beneficiaries_member ON beneficiaries(member_id);

-- Address history: the current address has valid_to NULL.
CREATE TABLE addresses (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   bigint NOT NULL REFERENCES members(id),
    line1       text NOT NULL,
    line2       text NOT NULL DEFAULT '',
    quarter     text NOT NULL DEFAULT '',
    city        text NOT NULL,
    postal_code text NOT NULL,
    province    text NOT NULL DEFAULT '',
    line_ar     text NOT NULL DEFAULT '',
    verified    boolean NOT NULL,
    valid_from  timestamptz NOT NULL,
    valid_to    timestamptz
);
CREATE INDEX addresses_member ON addresses(member_id, valid_from);
CREATE UNIQUE INDEX addresses_current ON addresses(member_id) WHERE valid_to IS NULL;

CREATE TABLE address_requests (
    id              text PRIMARY KEY,                -- UUIDv7, made by the console
    reference       text NOT NULL UNIQUE,            -- <branch>-<yyyymmdd>-<n>
    member_id       bigint NOT NULL REFERENCES members(id),
    branch          text COLLATE "C" NOT NULL REFERENCES branches(code),
    base_version    bigint NOT NULL,
    requested_by    text NOT NULL,
    requested_at    timestamptz NOT NULL,
    line1           text NOT NULL,
    line2           text NOT NULL DEFAULT '',
    quarter         text NOT NULL DEFAULT '',
    city            text NOT NULL,
    postal_code     text NOT NULL,
    province        text NOT NULL DEFAULT '',
    line_ar         text NOT NULL DEFAULT '',
    evidence        jsonb NOT NULL,                  -- domain.Evidence
    exception       jsonb,                           -- domain.Exception, NULL when none
    state           text NOT NULL CHECK (state IN ('pending', 'approved', 'rejected', 'cancelled')),
    decided_by      text NOT NULL DEFAULT '',
    decided_at      timestamptz,
    decision_reason text NOT NULL DEFAULT ''
);
-- One pending change per member at a time.
CREATE UNIQUE INDEX address_requests_one_pending ON address_requests(member_id) WHERE state = 'pending';
CREATE INDEX address_requests_member ON address_requests(member_id, branch);

CREATE TABLE accounts (
    username             text COLLATE "C" PRIMARY KEY, -- unique across the centre
    display_name         text NOT NULL,
    role                 text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    branch               text COLLATE "C" REFERENCES branches(code), -- NULL: a centre admin no device keeps
    password_hash        text NOT NULL,              -- argon2id, PHC string
    disabled             boolean NOT NULL DEFAULT false,
    must_change_password boolean NOT NULL DEFAULT false,
    created_at           timestamptz NOT NULL,
    updated_at           timestamptz NOT NULL
);

CREATE TABLE devices (
    id           text COLLATE "C" PRIMARY KEY,       -- UUIDv7
    name         text NOT NULL,
    branch       text COLLATE "C" NOT NULL REFERENCES branches(code),
    number       integer NOT NULL CHECK (number >= 1),
    token_sha256 text NOT NULL UNIQUE,               -- hex SHA-256 of the bearer token
    created_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    last_seen    timestamptz,
    UNIQUE (branch, number)
);

CREATE TABLE documents (
    sha256     text PRIMARY KEY,
    media_type text NOT NULL,
    size       bigint NOT NULL,
    stored_at  timestamptz NOT NULL
);

-- Every entry a device pushed, kept for good: the same id must always carry
-- the same content, and an applied entry's answer is replayed.
CREATE TABLE entries (
    id           text PRIMARY KEY,                   -- the entry's UUIDv7
    device_id    text COLLATE "C" NOT NULL REFERENCES devices(id),
    content_hash text NOT NULL,
    kind         text NOT NULL,
    status       text NOT NULL CHECK (status IN ('applied', 'rejected', 'conflict')),
    result       jsonb NOT NULL,                     -- the wire.Result
    first_seen   timestamptz NOT NULL,
    last_seen    timestamptz NOT NULL
);

-- Each device's audit hash chain as received (stored even where it breaks).
-- at is the device's instant as RFC 3339 text with nanoseconds, exactly
-- what the record's hash covers (timestamptz would keep microseconds).
CREATE TABLE audit_records (
    device_id   text COLLATE "C" NOT NULL REFERENCES devices(id),
    seq         bigint NOT NULL,
    at          text NOT NULL,
    actor       text NOT NULL,
    action      text NOT NULL,
    subject     text NOT NULL,
    detail      text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (device_id, seq)
);

CREATE TABLE chain_breaks (
    device_id text COLLATE "C" NOT NULL REFERENCES devices(id),
    seq       bigint NOT NULL,
    reason    text COLLATE "C" NOT NULL,             -- sequence, previous_hash or hash
    found_at  timestamptz NOT NULL,
    PRIMARY KEY (device_id, seq, reason)
);

-- The centre's own access log: members fetched on demand.
CREATE TABLE access_log (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at        timestamptz NOT NULL,
    device_id text NOT NULL,
    actor     text NOT NULL,
    action    text NOT NULL,
    subject   text NOT NULL
);
CREATE INDEX access_log_at ON access_log(at);

-- What changed, for whom: one row per branch that must see the change
-- ('*': every branch). Devices page through it by seq. A seq is taken from
-- feed_seq only at commit, under a lock held until the commit is visible
-- (central/postgres feed.go): seqs appear in commit order, so a cursor never
-- passes a row that is yet to commit.
CREATE SEQUENCE feed_seq AS bigint;
CREATE TABLE feed (
    seq    bigint PRIMARY KEY,
    branch text COLLATE "C" NOT NULL,
    kind   text NOT NULL CONSTRAINT feed_kind_check CHECK (kind IN ('branch', 'member', 'account', 'request')),
    key    text NOT NULL
);
ALTER SEQUENCE feed_seq OWNED BY feed.seq;
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
