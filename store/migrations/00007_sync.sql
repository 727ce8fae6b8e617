-- Sync with the centre (sync/client).
-- +goose Up
-- The centre's last answer to an entry (a wire.Result as JSON): the reason
-- of a rejection, the centre's record in a conflict. The delivery columns
-- stay the only ones that change once an entry is queued.
ALTER TABLE outbox ADD COLUMN answer TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN settled_at TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN discard_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_member ON outbox(member_regno, state);

-- The centre's newest copy of a member or an account that has local entries
-- still unsettled: adopted once they are (the feed never overwrites them).
CREATE TABLE feed_held (
    kind    TEXT NOT NULL,       -- wire.ItemMember or wire.ItemAccount
    key     TEXT NOT NULL,       -- registration number or username
    payload TEXT NOT NULL,       -- the wire.FeedItem as JSON
    held_at TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) STRICT;

-- Members fetched on demand from outside the console's scope: kept only
-- while a change for them is pending.
CREATE TABLE visiting (
    member_id  INTEGER PRIMARY KEY REFERENCES members(id),
    fetched_at TEXT NOT NULL,
    fetched_by TEXT NOT NULL
) STRICT;

-- +goose Down
DROP TABLE visiting;
DROP TABLE feed_held;
DROP INDEX outbox_member;
ALTER TABLE outbox DROP COLUMN discard_reason;
ALTER TABLE outbox DROP COLUMN settled_at;
ALTER TABLE outbox DROP COLUMN answer;
