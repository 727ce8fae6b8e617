-- Name search (see domain/names.go for the keys and store/search.go for the
-- queries). One row per person: rowid = member id, or 2^40 + beneficiary id
-- (members first in row id order).
-- Contentless: only rowids come back; the keys are recomputed from the
-- member tables by store.ReindexMembers and store.RebuildSearch.
-- +goose Up
CREATE VIRTUAL TABLE person_search USING fts5(
    nkey,     -- normalised Latin name keys
    vkey,     -- the same with spelling variants mapped to canonical keys
    akey,     -- normalised Arabic name keys
    birth,    -- birth year and YYYYMMDD date
    city,     -- keys of the member's current city
    society,  -- society code, lower case
    nyear,    -- each name key with the birth year appended (alawi1961)
    content = '', contentless_delete = 1, detail = column, prefix = '2 3'
);

-- Every name key ever indexed, for the fuzzy tier and prefix expansion.
-- Keys are only ever added: max(id) tells a cache that it is stale.
CREATE TABLE search_vocab (
    id     INTEGER PRIMARY KEY,
    key    TEXT NOT NULL UNIQUE,
    script INTEGER NOT NULL
) STRICT;

-- +goose Down
DROP TABLE search_vocab;
DROP TABLE person_search;
