-- Data protection (Law 09-08), as central/sqlite's 00003: the long-term
-- illness status (ALD) of a member, health data the consoles show only in
-- the member file; and what a member's access log reads quickly at
-- national scale: the devices' audit records by subject (a registration
-- number, a request's reference), the members each record names in its
-- detail (a search's "shown", a change's "registration_number"), and the
-- centre's access log by subject.
-- +goose Up
ALTER TABLE members ADD COLUMN long_term_illness boolean NOT NULL DEFAULT false;

CREATE INDEX audit_records_subject ON audit_records(subject);

-- Filled as records arrive (central.App takes the names from
-- domain.AuditMentions); the records already held are read here once. A
-- detail is any text a device sent: one that is not JSON names nobody.
CREATE TABLE audit_mentions (
    regno     text COLLATE "C" NOT NULL,
    device_id text COLLATE "C" NOT NULL,
    seq       bigint NOT NULL,
    PRIMARY KEY (regno, device_id, seq)
);
-- +goose StatementBegin
DO $$
DECLARE
    r record;
    d jsonb;
BEGIN
    FOR r IN SELECT device_id, seq, detail FROM audit_records
             WHERE detail LIKE '%"shown"%' OR detail LIKE '%"registration_number"%' LOOP
        BEGIN
            d := r.detail::jsonb;
        EXCEPTION WHEN others THEN
            CONTINUE;
        END;
        CONTINUE WHEN jsonb_typeof(d) <> 'object';
        INSERT INTO audit_mentions (regno, device_id, seq)
            SELECT DISTINCT v, r.device_id, r.seq FROM (
                SELECT e #>> '{}' AS v
                FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d->'shown') = 'array' THEN d->'shown' ELSE '[]'::jsonb END) e
                WHERE jsonb_typeof(e) = 'string'
                UNION ALL
                SELECT d->>'registration_number' WHERE jsonb_typeof(d->'registration_number') = 'string'
            ) named WHERE v <> ''
            ON CONFLICT DO NOTHING;
    END LOOP;
END $$;
-- +goose StatementEnd

CREATE INDEX access_log_subject ON access_log(subject, at);

-- +goose Down
DROP INDEX access_log_subject;
DROP TABLE audit_mentions;
DROP INDEX audit_records_subject;
ALTER TABLE members DROP COLUMN long_term_illness;
