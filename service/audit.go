package service

import (
	"context"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// AuditReport is the outcome of verifying the device's audit chain.
type AuditReport struct {
	Entries int
	Break   *domain.ChainBreak // nil when the chain holds
	// Checkpoint is where verification started: entries up to it were
	// purged (retention) and the centre keeps them; nil when none was.
	Checkpoint *store.Checkpoint
}

// VerifyAudit checks the whole chain from its checkpoint (supervisors and
// admins) and records that it did, with the result.
func (s *Service) VerifyAudit(ctx context.Context, sess Session) (AuditReport, error) {
	if err := authorize(sess, domain.ActionVerifyAudit); err != nil {
		return AuditReport{}, err
	}
	chain, err := s.db.VerifyAudit(ctx)
	if err != nil {
		return AuditReport{}, err
	}
	rep := AuditReport{Entries: chain.Entries, Break: chain.Break, Checkpoint: chain.Checkpoint}
	detail := map[string]any{"entries": rep.Entries, "intact": rep.Break == nil}
	if rep.Break != nil {
		detail["broken_seq"], detail["reason"] = rep.Break.Seq, rep.Break.Reason
	}
	if rep.Checkpoint != nil {
		detail["checkpoint_seq"] = rep.Checkpoint.Seq
	}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, sess.Username, domain.AuditVerifyAudit, "", detail)
	})
	return rep, err
}
