package service

import (
	"context"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
)

// Test hooks for the search benchmark (searchmix_test.go, package
// service_test): they expose exactly what Search runs, so that the bare
// SQL timed next to it is the same SQL.

// TierExpressions returns the FTS5 MATCH expressions Search runs for a
// name query, tier by tier (exact, variant, fuzzy; a tier may run none or
// several). Each is run as SELECT rowid FROM person_search WHERE
// person_search MATCH ? LIMIT <rows>.
func (s *Service) TierExpressions(ctx context.Context, query string) ([]string, error) {
	societies, err := s.db.SocietyCodes(ctx)
	if err != nil {
		return nil, err
	}
	nq, err := domain.ParseNameQuery(query, societies)
	if err != nil {
		return nil, err
	}
	tiers, err := s.tierMatches(ctx, nq)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, matches := range tiers {
		for _, m := range matches {
			out = append(out, m.Expression())
		}
	}
	return out, nil
}

// WriteSearchAudit writes the audit entry Search writes for a query and
// the registration numbers it showed, alone (to time that part).
func (s *Service) WriteSearchAudit(ctx context.Context, sess Session, query string, shown []string) error {
	return s.db.Write(ctx, func(tx *store.Tx) error {
		return s.audit(ctx, tx, sess.Username, domain.AuditSearch, "", map[string]any{"query": query, "shown": shown})
	})
}

// RowLimit is the policy's result rows (each tier's LIMIT).
func (s *Service) RowLimit() int { return s.policy.ResultRows }
