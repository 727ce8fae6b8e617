package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// Search columns of person_search.
const (
	ColLatin   = "nkey"
	ColVariant = "vkey"
	ColArabic  = "akey"
	ColBirth   = "birth"
	ColCity    = "city"
	ColSociety = "society"
	// ColNameYear holds each name key with the birth year appended
	// (alawi1961): a short list for a name and a year together.
	ColNameYear = "nyear"
)

// MatchWord is one condition of a name match: any of Keys in Column, or
// keys starting with them when Prefix.
type MatchWord struct {
	Column string
	Keys   []string
	Prefix bool
}

// NameMatch is one search tier's full-text condition: every word of All,
// and not every word of Except (the tier before, so its people are not
// listed twice).
type NameMatch struct {
	All    []MatchWord
	Except []MatchWord
}

// Expression renders the match in FTS5 syntax. Keys come from domain's
// normalisation (letters and digits only) and are quoted all the same.
func (m NameMatch) Expression() string {
	expr := conjunction(m.All)
	if len(m.Except) > 0 {
		expr = "(" + expr + ") NOT (" + conjunction(m.Except) + ")"
	}
	return expr
}

func conjunction(words []MatchWord) string {
	parts := make([]string, len(words))
	for i, w := range words {
		alts := make([]string, len(w.Keys))
		for j, k := range w.Keys {
			alts[j] = `"` + strings.ReplaceAll(k, `"`, `""`) + `"`
			if w.Prefix {
				alts[j] += " *"
			}
		}
		parts[i] = w.Column + " : (" + strings.Join(alts, " OR ") + ")"
	}
	return strings.Join(parts, " AND ")
}

// MatchPersons returns up to limit person row ids matching m, in row id
// order: no ranking, so a broad name never sorts all its matches.
func (db *DB) MatchPersons(ctx context.Context, m NameMatch, limit int) ([]int64, error) {
	ids, err := sqlitedb.Collect(sqlitedb.Column[int64])(db.r.QueryContext(ctx,
		`SELECT rowid FROM person_search WHERE person_search MATCH ? LIMIT ?`, m.Expression(), limit))
	if err != nil {
		return nil, fmt.Errorf("name search: %w", err)
	}
	return ids, nil
}

// VocabKeys returns every indexed name key of a script, sorted.
func (db *DB) VocabKeys(ctx context.Context, script domain.Script) ([]string, error) {
	return sqlitedb.Collect(sqlitedb.Column[string])(db.r.QueryContext(ctx, `SELECT key FROM search_vocab WHERE script = ? ORDER BY key`, int(script)))
}

// SocietyCodes lists the societies' codes (search filters).
func (db *DB) SocietyCodes(ctx context.Context) ([]string, error) {
	return sqlitedb.Collect(sqlitedb.Column[string])(db.r.QueryContext(ctx, `SELECT code FROM societies ORDER BY code`))
}

// VocabVersion changes whenever a key is added to the vocabulary (keys
// are never removed), at the cost of one index lookup.
func (db *DB) VocabVersion(ctx context.Context) (int64, error) {
	var v int64
	err := db.r.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) FROM search_vocab`).Scan(&v)
	return v, err
}
