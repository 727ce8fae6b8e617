package service

import (
	"context"

	"github.com/cnops/guichet/domain"
)

// The CIN in full leaves the service only in the member file, for agents
// and supervisors (MemberFile); every list, result, request and export
// carries it masked (domain.MaskCIN). Screens that need to compare a CIN
// ask the service, which compares it here.

// CheckEvidence validates the evidence of an address change against the
// member's own CIN, for the form's review step, without storing anything
// (agents and supervisors). It returns the evidence normalised, its CIN
// masked, and the items missing, as domain.CheckEvidence does.
func (s *Service) CheckEvidence(ctx context.Context, sess Session, memberID int64, e domain.Evidence) (domain.Evidence, []string, error) {
	if err := authorize(sess, domain.ActionRecordChange); err != nil {
		return domain.Evidence{}, nil, err
	}
	f, err := s.db.MemberFile(ctx, memberID)
	if err != nil {
		return domain.Evidence{}, nil, err
	}
	checked, missing, err := domain.CheckEvidence(e, f.Member.CIN)
	checked.CINReadOffCopy = domain.MaskCIN(checked.CINReadOffCopy)
	return checked, missing, err
}

// maskRequestCIN masks the CIN read off the copy of a request, as lists,
// the request's own screen and exports show it. A stored value may have
// come from the network: it is sanitised first, so that the mask counts
// the characters a screen would show.
func maskRequestCIN(r *AddressRequest) {
	r.Evidence.CINReadOffCopy = domain.MaskCIN(domain.Sanitize(r.Evidence.CINReadOffCopy))
}
