package service

import (
	"context"
	"errors"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

var errStopWalk = errors.New("stop")

// AuditReport is the outcome of verifying the device's audit chain.
type AuditReport struct {
	Entries int
	Break   *domain.ChainBreak // nil when the chain holds
}

// VerifyAudit checks the whole chain (supervisors and admins) and records
// that it did, with the result.
func (s *Service) VerifyAudit(ctx context.Context, sess Session) (AuditReport, error) {
	if err := authorize(sess, domain.ActionVerifyAudit); err != nil {
		return AuditReport{}, err
	}
	var rep AuditReport
	var v domain.ChainVerifier
	err := s.db.EachAudit(ctx, func(e domain.AuditEntry) error {
		if rep.Break = v.Next(e); rep.Break != nil {
			return errStopWalk
		}
		rep.Entries++
		return nil
	})
	if err != nil && !errors.Is(err, errStopWalk) {
		return rep, err
	}
	detail := map[string]any{"entries": rep.Entries, "intact": rep.Break == nil}
	if rep.Break != nil {
		detail["broken_seq"], detail["reason"] = rep.Break.Seq, rep.Break.Reason
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, sess.Username, domain.AuditVerifyAudit, "", detail)
	})
	return rep, err
}
