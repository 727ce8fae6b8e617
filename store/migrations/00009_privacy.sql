-- Data protection (Law 09-08): the long-term illness status (ALD,
-- "affection de longue durée") of a member, health data that only the
-- member file shows; it comes down the centre's feed.
-- +goose Up
ALTER TABLE members ADD COLUMN long_term_illness INTEGER NOT NULL DEFAULT 0 CHECK (long_term_illness IN (0, 1));

-- +goose Down
ALTER TABLE members DROP COLUMN long_term_illness;
