-- Data protection (Law 09-08): the long-term illness status (ALD) of a
-- member, health data the consoles show only in the member file; and what a
-- member's access log (guichet-central privacy access-log) reads quickly at
-- national scale: the devices' audit records by subject (a registration
-- number, a request's reference), the members each record names in its
-- detail (a search's "shown", a change's "registration_number"), and the
-- centre's access log by subject.
-- +goose Up
ALTER TABLE members ADD COLUMN long_term_illness INTEGER NOT NULL DEFAULT 0 CHECK (long_term_illness IN (0, 1));

CREATE INDEX audit_records_subject ON audit_records(subject);

-- Filled as records arrive (central.App takes the names from
-- domain.AuditMentions); the records already held are read here once.
CREATE TABLE audit_mentions (
    regno     TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq       INTEGER NOT NULL,
    PRIMARY KEY (regno, device_id, seq)
) STRICT, WITHOUT ROWID;
-- A detail is any text a device sent: one that is not JSON names nobody
-- (and must not reach a JSON function, which would fail the migration).
INSERT OR IGNORE INTO audit_mentions (regno, device_id, seq)
    SELECT j.value, r.device_id, r.seq
    FROM (SELECT device_id, seq, CASE WHEN json_valid(detail) THEN detail ELSE '{}' END AS d FROM audit_records) r,
        json_each(r.d, '$.shown') j
    WHERE json_type(r.d, '$.shown') = 'array' AND j.type = 'text' AND j.value <> '';
INSERT OR IGNORE INTO audit_mentions (regno, device_id, seq)
    SELECT json_extract(r.d, '$.registration_number'), r.device_id, r.seq
    FROM (SELECT device_id, seq, CASE WHEN json_valid(detail) THEN detail ELSE '{}' END AS d FROM audit_records) r
    WHERE json_type(r.d, '$.registration_number') = 'text' AND json_extract(r.d, '$.registration_number') <> '';

CREATE INDEX access_log_subject ON access_log(subject, at);

-- +goose Down
DROP INDEX access_log_subject;
DROP TABLE audit_mentions;
DROP INDEX audit_records_subject;
ALTER TABLE members DROP COLUMN long_term_illness;
