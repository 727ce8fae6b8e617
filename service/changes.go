package service

import (
	"context"
	"os"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/docstore"
	"github.com/cnops/guichet/store"
)

// ChangeInput is an address change as the agent records it.
type ChangeInput struct {
	MemberID        int64
	Address         domain.AddressInput
	Evidence        domain.Evidence // Scans are filled from ScanFiles
	ScanFiles       []string        // paths of scans to keep in the document store
	ConfirmWarnings bool            // the agent confirmed the address warnings
	Exception       *Consent        // a second person's consent to missing evidence
}

// Consent is a second person signing in on the same screen (or with
// --override-by) to accept what the actor may not accept alone.
type Consent struct {
	Username, Password, Reason string
}

// CheckAddress validates an address for the form's review step, without
// storing anything.
func (s *Service) CheckAddress(in domain.AddressInput) (domain.AddressInput, []domain.Warning, error) {
	return domain.ValidateAddress(in)
}

// RequestAddressChange records an address change with its evidence, its
// audit entry and its outbox entry in one transaction, and returns it with
// its human reference. Unconfirmed warnings come back with
// domain.ErrUnconfirmedWarning and nothing is stored.
func (s *Service) RequestAddressChange(ctx context.Context, sess Session, in ChangeInput) (store.AddressRequest, []domain.Warning, error) {
	if err := authorize(sess, domain.ActionRecordChange); err != nil {
		return store.AddressRequest{}, nil, err
	}
	actor := domain.Actor{Username: sess.Username, Role: sess.Role, Branch: sess.Branch}
	addr, warnings, err := domain.ValidateAddress(in.Address)
	if err != nil {
		return store.AddressRequest{}, nil, err
	}
	if len(warnings) > 0 && !in.ConfirmWarnings {
		return store.AddressRequest{}, warnings, domain.ErrUnconfirmedWarning
	}
	member, err := s.db.MemberFile(ctx, in.MemberID)
	if err != nil {
		return store.AddressRequest{}, warnings, err
	}
	evidence, missing, err := domain.CheckEvidence(in.Evidence, member.Member.CIN)
	if err != nil {
		return store.AddressRequest{}, warnings, err
	}
	var exception *domain.Exception
	if len(missing) > 0 {
		if exception, err = s.grantException(ctx, actor, in.Exception, missing); err != nil {
			return store.AddressRequest{}, warnings, err
		}
	}
	var scans []scanFile
	for _, path := range in.ScanFiles {
		scan, err := s.checkScan(path)
		if err != nil {
			return store.AddressRequest{}, warnings, err
		}
		scans = append(scans, scan)
		evidence.Scans = append(evidence.Scans, scan.Scan)
	}
	var kept []string // files this request added to the store
	req := store.AddressRequest{MemberID: in.MemberID, Branch: sess.Branch, RequestedBy: sess.Username,
		RequestedAt: s.now(), Address: addr, Evidence: evidence, Exception: exception, State: domain.RequestPending}
	err = s.db.Write(ctx, func(tx *store.Tx) error {
		actor, err := s.actorNow(ctx, tx, sess)
		if err != nil {
			return err
		}
		m, err := tx.MemberForUpdate(ctx, in.MemberID)
		if err != nil {
			return err
		}
		pending, err := tx.PendingRequestExists(ctx, m.ID)
		if err != nil {
			return err
		}
		if err := domain.CanRequestChange(actor, m.Status, pending); err != nil {
			return err
		}
		req.RegNo, req.MemberName, req.BaseVersion = m.RegNo, m.FamilyName+" "+m.GivenName, m.Version
		if err := s.assignIDs(ctx, tx, &req); err != nil {
			return err
		}
		if err := tx.InsertRequest(ctx, req); err != nil {
			return err
		}
		for _, scan := range scans {
			path, err := docstore.Keep(s.policy.DocumentsDir, scan.SHA256, scan.data)
			if path != "" {
				kept = append(kept, path)
			}
			if err != nil {
				return err
			}
			if err := tx.RecordDocument(ctx, scan.Scan, req.RequestedAt); err != nil {
				return err
			}
		}
		detail := map[string]any{"request_id": req.ID, "registration_number": m.RegNo, "base_version": m.Version}
		if exception != nil {
			detail["exception_by"], detail["missing"] = exception.GrantedBy, exception.Missing
			if err := s.audit(ctx, tx, exception.GrantedBy, domain.AuditExceptionGiven, req.Ref,
				map[string]any{"reason": exception.Reason, "missing": exception.Missing, "for": sess.Username}); err != nil {
				return err
			}
		}
		if err := s.audit(ctx, tx, sess.Username, domain.AuditChangeRecorded, req.Ref, detail); err != nil {
			return err
		}
		_, err = tx.Enqueue(ctx, domain.ChangeEvent{Kind: domain.EventAddressRequested, RequestID: req.ID,
			Reference: req.Ref, RegNo: m.RegNo, Actor: sess.Username, At: req.RequestedAt, BaseVersion: m.Version,
			Address: &addr, Evidence: &evidence, Exception: exception})
		return err
	})
	if err != nil {
		// Nothing of a refused request is kept: not its scans either.
		for _, path := range kept {
			os.Remove(path)
		}
	} else {
		s.kick() // the sync engine delivers the new entry soon
	}
	maskRequestCIN(&req)
	return req, warnings, err
}

// assignIDs gives a request its UUIDv7 and its human reference,
// <branch>-<yyyymmdd>-<n>, the day in the members' time zone.
func (s *Service) assignIDs(ctx context.Context, tx *store.Tx, req *store.AddressRequest) error {
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	req.ID = id.String()
	day := s.today() // once: a request made at midnight keeps one day
	device, err := tx.DeviceNumber(ctx)
	if err != nil {
		return err
	}
	first, last := domain.RequestNumbers(device)
	n, err := tx.NextRequestNumber(ctx, domain.RequestRefPrefix(req.Branch, day), first, last)
	if err != nil {
		return err
	}
	req.Ref = domain.RequestReference(req.Branch, day, n)
	return nil
}

// grantException checks a second person's consent to missing evidence
// (domain.GrantException), the second person signed in with their own
// password.
func (s *Service) grantException(ctx context.Context, actor domain.Actor, c *Consent, missing []string) (*domain.Exception, error) {
	if c == nil {
		return nil, domain.EvidenceMissing(missing)
	}
	return domain.GrantException(actor, c.Reason, missing, func() (domain.Actor, error) {
		second, err := s.SignIn(ctx, c.Username, c.Password)
		return domain.Actor{Username: second.Username, Role: second.Role}, err
	})
}
