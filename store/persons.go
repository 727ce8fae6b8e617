package store

import (
	"context"
	"strings"

	"github.com/cnops/guichet/domain"
)

// PersonHit is a matched person, resolved to the member whose file it
// leads to: the member, or a beneficiary (Via) through whom the family was
// found.
type PersonHit struct {
	RowID  int64
	Member MemberRow
	Via    *domain.Beneficiary
}

// ResolvePersons turns person_search row ids into hits, in the given order;
// ids whose person no longer exists are skipped.
func (db *DB) ResolvePersons(ctx context.Context, rowIDs []int64) ([]PersonHit, error) {
	if len(rowIDs) == 0 {
		return nil, nil
	}
	var memberIDs, benIDs []any
	for _, r := range rowIDs {
		if r < beneficiaryBase {
			memberIDs = append(memberIDs, r)
		} else {
			benIDs = append(benIDs, r-beneficiaryBase)
		}
	}
	vias, err := db.beneficiariesByID(ctx, benIDs)
	if err != nil {
		return nil, err
	}
	for _, b := range vias {
		memberIDs = append(memberIDs, b.memberID)
	}
	members, err := db.membersByID(ctx, memberIDs)
	if err != nil {
		return nil, err
	}
	var out []PersonHit
	for _, r := range rowIDs {
		if r < beneficiaryBase {
			if m, ok := members[r]; ok {
				out = append(out, PersonHit{RowID: r, Member: m})
			}
			continue
		}
		if b, ok := vias[r-beneficiaryBase]; ok {
			if m, ok := members[b.memberID]; ok {
				out = append(out, PersonHit{RowID: r, Member: m, Via: &b.Beneficiary})
			}
		}
	}
	return out, nil
}

func placeholders(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func (db *DB) membersByID(ctx context.Context, ids []any) (map[int64]MemberRow, error) {
	out := map[int64]MemberRow{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+memberColumns+memberFrom+`WHERE m.id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMember(rows)
		if err != nil {
			return nil, err
		}
		out[m.ID] = m
	}
	return out, rows.Err()
}

type beneficiaryOf struct {
	domain.Beneficiary
	memberID int64
}

func (db *DB) beneficiariesByID(ctx context.Context, ids []any) (map[int64]beneficiaryOf, error) {
	out := map[int64]beneficiaryOf{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+beneficiaryColumns+`, member_id FROM beneficiaries WHERE id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var b beneficiaryOf
		if err := scanBeneficiary(rows, &b.Beneficiary, &b.memberID); err != nil {
			return nil, err
		}
		out[b.ID] = b
	}
	return out, rows.Err()
}
