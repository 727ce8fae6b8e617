-- Key rotation of the PIN keys: which sealed-box key each device last
-- received (GET /v1/device), and an index to count the live verifiers of
-- each HMAC key (`guichet-central keys status`).
-- +goose Up
ALTER TABLE devices ADD COLUMN pin_key_id TEXT NOT NULL DEFAULT ''; -- '' until the device fetches a key
CREATE INDEX pin_issues_key ON pin_issues(state, key_id, expires_on);

-- +goose Down
DROP INDEX pin_issues_key;
ALTER TABLE devices DROP COLUMN pin_key_id;
