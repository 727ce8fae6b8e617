package demo

import (
	"context"
	"database/sql"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/sqlitedb"
)

// batchRows is how many rows one INSERT carries. Multi-row statements cut
// the per-call cost of database/sql and the driver: measured, the insert
// phase took 30 % less time than with one row per statement.
const batchRows = 64

// batch buffers the rows of one table and inserts them batchRows at a time
// with a prepared statement.
type batch struct {
	tx     *sql.Tx
	prefix string // INSERT INTO t (cols) VALUES
	cols   int
	full   *sql.Stmt
	args   []any
}

func newBatch(ctx context.Context, tx *sql.Tx, table string, cols ...string) (*batch, error) {
	b := &batch{tx: tx, cols: len(cols),
		prefix: "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "}
	var err error
	b.full, err = tx.PrepareContext(ctx, b.sql(batchRows))
	return b, err
}

func (b *batch) sql(rows int) string {
	row := "(" + strings.Repeat("?, ", b.cols-1) + "?)"
	return b.prefix + strings.Repeat(row+", ", rows-1) + row
}

// add queues one row; nothing is written until execFull or flush.
func (b *batch) add(vals ...any) { b.args = append(b.args, vals...) }

// execFull inserts every full batch queued. Statements run without ctx on
// purpose: the driver would start a watcher goroutine per call; Seed checks
// ctx between batches instead.
func (b *batch) execFull() error {
	n := batchRows * b.cols
	done := 0
	for len(b.args)-done >= n {
		if _, err := b.full.Exec(b.args[done : done+n]...); err != nil {
			return err
		}
		done += n
	}
	rest := copy(b.args, b.args[done:])
	clear(b.args[rest:])
	b.args = b.args[:rest]
	return nil
}

// flush inserts all the rows queued.
func (b *batch) flush() error {
	if err := b.execFull(); err != nil || len(b.args) == 0 {
		return err
	}
	_, err := b.tx.Exec(b.sql(len(b.args)/b.cols), b.args...)
	clear(b.args)
	b.args = b.args[:0]
	return err
}

// rowWriter turns generated members into rows of the three tables. Member
// ids are explicit (member i has id i+1), so beneficiaries and addresses
// can name their member before it is flushed.
type rowWriter struct {
	members, beneficiaries, addresses *batch
}

func newRowWriter(ctx context.Context, tx *sql.Tx) (*rowWriter, error) {
	var w rowWriter
	var err error
	w.members, err = newBatch(ctx, tx, "members", "id", "regno", "society_code", "home_branch", "cin", "ppr",
		"family_name", "given_name", "family_name_ar", "given_name_ar", "birth_date", "sex", "category",
		"email", "phone", "status", "long_term_illness")
	if err == nil {
		w.beneficiaries, err = newBatch(ctx, tx, "beneficiaries", "member_id", "relation", "family_name",
			"given_name", "family_name_ar", "given_name_ar", "birth_date", "sex", "student", "disabled")
	}
	if err == nil {
		w.addresses, err = newBatch(ctx, tx, "addresses", "member_id", "line1", "line2", "quarter", "city",
			"postal_code", "province", "line_ar", "verified", "valid_from", "valid_to")
	}
	if err != nil {
		w.close()
	}
	return &w, err
}

// write queues a member's rows and inserts whatever batches are full. A
// member's beneficiaries and addresses are only written once the member is:
// foreign keys are checked at each statement.
func (w *rowWriter) write(m *member, st *Stats) error {
	var ppr any // NULL for students
	if m.ppr != "" {
		ppr = m.ppr
	}
	w.members.add(m.id, m.regno, m.society, m.branch, m.cin, ppr,
		m.family.latin, m.given.latin, m.family.arabic, m.given.arabic, m.birth.Format(domain.DateLayout),
		m.sex, m.category, m.email, m.phone, m.status, bit(m.longTermIllness))
	st.Members++
	for _, b := range m.beneficiaries {
		w.beneficiaries.add(m.id, b.relation, b.family.latin, b.given.latin, b.family.arabic,
			b.given.arabic, b.birth.Format(domain.DateLayout), b.sex, bit(b.student), bit(b.disabled))
		st.Beneficiaries++
	}
	for _, a := range m.addresses {
		var to any // NULL for the current address
		if !a.to.IsZero() {
			to = a.to.Format(sqlitedb.TimeLayout)
		}
		w.addresses.add(m.id, a.line1, a.line2, a.quarter, a.city, a.postal, a.province, a.lineAr,
			bit(a.verified), a.from.Format(sqlitedb.TimeLayout), to)
		st.Addresses++
	}
	if len(w.members.args) < batchRows*w.members.cols {
		return nil
	}
	for _, b := range w.all() {
		if err := b.execFull(); err != nil {
			return err
		}
	}
	return nil
}

func (w *rowWriter) all() []*batch { return []*batch{w.members, w.beneficiaries, w.addresses} }

// flush writes what is still buffered; members first, for the foreign keys.
func (w *rowWriter) flush() error {
	for _, b := range w.all() {
		if err := b.flush(); err != nil {
			return err
		}
	}
	return nil
}

func (w *rowWriter) close() {
	for _, b := range w.all() {
		if b != nil && b.full != nil {
			b.full.Close()
		}
	}
}

func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}
