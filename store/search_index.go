package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// beneficiaryBase offsets beneficiaries' row ids in person_search past
// every member's: a full-text match returns rows in row id order, so the
// members themselves come before the families found through a beneficiary.
const beneficiaryBase = 1 << 40

// person is what the search index needs of one member or beneficiary.
type person struct {
	rowID                            int64
	family, given, familyAr, givenAr string
	birth, city, society             string
}

// personSelect selects a person's indexed fields; the city is the
// member's current address's.
const personSelect = `
	SELECT m.id, m.family_name, m.given_name, m.family_name_ar, m.given_name_ar, m.birth_date,
	       coalesce(a.city, ''), m.society_code
	FROM members m LEFT JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
	WHERE %[1]s
	UNION ALL
	SELECT b.id + %[2]d, b.family_name, b.given_name, b.family_name_ar, b.given_name_ar, b.birth_date,
	       coalesce(a.city, ''), m.society_code
	FROM beneficiaries b JOIN members m ON m.id = b.member_id
	LEFT JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
	WHERE %[1]s`

func scanPerson(row sqlitedb.Scanner) (p person, err error) {
	return p, row.Scan(&p.rowID, &p.family, &p.given, &p.familyAr, &p.givenAr, &p.birth, &p.city, &p.society)
}

// indexer writes search rows and vocabulary with prepared statements.
type indexer struct {
	insert, vocab *sql.Stmt
}

func newIndexer(ctx context.Context, tx *sql.Tx) (*indexer, error) {
	ins, err := tx.PrepareContext(ctx, `INSERT INTO person_search (rowid, nkey, vkey, akey, birth, city, society, nyear)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, err
	}
	voc, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO search_vocab (key, script) VALUES (?, ?)`)
	if err != nil {
		ins.Close()
		return nil, err
	}
	return &indexer{insert: ins, vocab: voc}, nil
}

func (ix *indexer) close() { ix.insert.Close(); ix.vocab.Close() }

func (ix *indexer) add(ctx context.Context, p person) error {
	var latin, arabic []string
	for _, k := range domain.NameKeys(p.family + " " + p.given + " " + p.familyAr + " " + p.givenAr) {
		if domain.ScriptOf(k) == domain.Arabic {
			arabic = append(arabic, k)
		} else {
			latin = append(latin, k)
		}
	}
	for _, k := range latin {
		if _, err := ix.vocab.ExecContext(ctx, k, int(domain.Latin)); err != nil {
			return err
		}
	}
	for _, k := range arabic {
		if _, err := ix.vocab.ExecContext(ctx, k, int(domain.Arabic)); err != nil {
			return err
		}
	}
	year := p.birth[:4]
	withYear := make([]string, 0, len(latin)+len(arabic))
	for _, k := range append(latin, arabic...) {
		withYear = append(withYear, k+year)
	}
	_, err := ix.insert.ExecContext(ctx, p.rowID, strings.Join(latin, " "),
		strings.Join(domain.VariantKeys(latin), " "), strings.Join(arabic, " "),
		year+" "+strings.ReplaceAll(p.birth, "-", ""),
		strings.Join(domain.NameKeys(p.city), " "), strings.ToLower(p.society), strings.Join(withYear, " "))
	return err
}

// ReindexMember recomputes the search rows of a member and the member's
// beneficiaries, inside the transaction that changed them.
func (t *Tx) ReindexMember(ctx context.Context, memberID int64) error {
	people, err := sqlitedb.Collect(scanPerson)(t.tx.QueryContext(ctx, sqlPersons("m.id = ?"), memberID, memberID))
	if err != nil {
		return err
	}
	if _, err := t.tx.ExecContext(ctx, `DELETE FROM person_search WHERE rowid = ? OR rowid IN
		(SELECT id + ? FROM beneficiaries WHERE member_id = ?)`, memberID, beneficiaryBase, memberID); err != nil {
		return err
	}
	ix, err := newIndexer(ctx, t.tx.Tx)
	if err != nil {
		return err
	}
	defer ix.close()
	for _, p := range people {
		if err := ix.add(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// rebuildSearch indexes every person anew within tx, a page of members at
// a time (bulk loads call it before their commit).
func rebuildSearch(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO person_search (person_search) VALUES ('delete-all')`); err != nil {
		return err
	}
	ix, err := newIndexer(ctx, tx)
	if err != nil {
		return err
	}
	defer ix.close()
	const page = 5000
	for from := int64(0); ; from += page {
		if err := ctx.Err(); err != nil {
			return err
		}
		people, err := sqlitedb.Collect(scanPerson)(tx.QueryContext(ctx, sqlPersons("m.id > ? AND m.id <= ?"), from, from+page, from, from+page))
		if err != nil {
			return err
		}
		for _, p := range people {
			if err := ix.add(ctx, p); err != nil {
				return err
			}
		}
		var more bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM members WHERE id > ?)`, from+page).Scan(&more); err != nil || !more {
			return err
		}
	}
}

func sqlPersons(where string) string { return fmt.Sprintf(personSelect, where, beneficiaryBase) }
