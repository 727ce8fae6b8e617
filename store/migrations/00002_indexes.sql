-- Lookup indexes. The demo seeder drops and rebuilds these around a bulk
-- load (bulkIndexes in store/bulk.go lists them; a test compares), so keep that list in step.
-- +goose Up
CREATE INDEX members_cin ON members(cin);
CREATE INDEX members_ppr ON members(ppr);
CREATE INDEX members_phone ON members(phone);
CREATE INDEX beneficiaries_member ON beneficiaries(member_id);
CREATE INDEX addresses_member ON addresses(member_id, valid_from);
CREATE UNIQUE INDEX addresses_current ON addresses(member_id) WHERE valid_to IS NULL;

-- +goose Down
DROP INDEX addresses_current;
DROP INDEX addresses_member;
DROP INDEX beneficiaries_member;
DROP INDEX members_phone;
DROP INDEX members_ppr;
DROP INDEX members_cin;
