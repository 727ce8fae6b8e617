package service

import (
	"context"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// AddBranch records a branch office on a standalone console (admins only);
// once provisioned, branches come from the centre.
func (s *Service) AddBranch(ctx context.Context, sess Session, b store.Branch) error {
	if err := authorize(sess, domain.ActionManageDevice); err != nil {
		return err
	}
	var err error
	if b.Code, err = domain.ParseBranchCode(b.Code); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		v    *string
	}{{"name", &b.Name}, {"city", &b.City}, {"region", &b.Region}} {
		if *f.v, err = domain.RequireText(f.name, *f.v, 80); err != nil {
			return err
		}
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		if err := s.stillAllowed(ctx, tx, sess, domain.ActionManageDevice); err != nil {
			return err
		}
		if err := standaloneOnly(ctx, tx, domain.ErrBranchesFromCentre); err != nil {
			return err
		}
		if _, exists, err := tx.BranchByCode(ctx, b.Code); err != nil {
			return err
		} else if exists {
			return domain.NewFieldError("branch", domain.KeyBranchExists)
		}
		if err := tx.InsertBranch(ctx, b); err != nil {
			return err
		}
		return s.audit(ctx, tx, sess.Username, domain.AuditBranchAdded, b.Code, nil)
	})
}

// Branches lists the branches known to this console (any role).
func (s *Service) Branches(ctx context.Context, sess Session) ([]store.Branch, error) {
	if err := authorize(sess, domain.ActionListBranches); err != nil {
		return nil, err
	}
	return s.db.Branches(ctx)
}
