package service

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/store"
)

// Receipt renders the member's receipt for a recorded request: its
// reference, the new address and the documents received; of the CIN only
// the last three digits.
func (s *Service) Receipt(ctx context.Context, sess Session, ref string) ([]byte, error) {
	if err := domain.Authorize(sess.Role, domain.ActionRecordChange); err != nil {
		return nil, err
	}
	req, err := s.db.Request(ctx, ref)
	if err != nil {
		return nil, err
	}
	return s.receipt(ctx, req)
}

func (s *Service) receipt(ctx context.Context, req store.AddressRequest) ([]byte, error) {
	file, err := s.db.MemberFile(ctx, req.MemberID)
	if err != nil {
		return nil, err
	}
	m := file.Member
	agent, _, err := s.db.UserByName(ctx, req.RequestedBy)
	if err != nil {
		return nil, err
	}
	e := req.Evidence
	r := letter.Receipt{
		Reference: req.Ref, RecordedAt: req.RequestedAt, Location: s.policy.Location,
		Branch:     s.branchName(ctx, req.Branch),
		MemberName: strings.ToUpper(m.FamilyName) + " " + m.GivenName, RegNo: m.RegNo,
		CINLast3:   m.CIN[max(0, len(m.CIN)-3):],
		NewAddress: addressLines(req.Address),
		Documents:  letter.DocumentsReceived(e.RegistrationCardCopy, e.CINCopy, e.SignedForm, e.FormNumber, len(e.Scans)),
		Agent:      agent.DisplayName,
	}
	if x := req.Exception; x != nil {
		r.Exception = letter.ExceptionText(len(x.Missing), x.GrantedBy, x.Reason)
	}
	return letter.RenderReceipt(r)
}

// DeliverReceipt prints the receipt through the configured command, or
// saves it as <reference>.pdf in the receipts folder when no printer is
// configured, and says where it went.
func (s *Service) DeliverReceipt(ctx context.Context, sess Session, ref string) (string, error) {
	if err := domain.Authorize(sess.Role, domain.ActionRecordChange); err != nil {
		return "", err
	}
	req, err := s.db.Request(ctx, ref)
	if err != nil {
		return "", err
	}
	pdf, err := s.receipt(ctx, req)
	if err != nil {
		return "", err
	}
	if s.policy.PrintCommand != "" {
		return s.policy.PrintCommand, letter.Print(ctx, s.policy.PrintCommand, pdf)
	}
	path, err := letter.Save(s.policy.ReceiptDir, req.Ref+".pdf", pdf)
	if errors.Is(err, fs.ErrExist) {
		return path, fmt.Errorf("receipt %s was already saved", req.Ref)
	}
	return path, err
}

func (s *Service) branchName(ctx context.Context, code string) string {
	branches, err := s.db.Branches(ctx)
	if err == nil {
		for _, b := range branches {
			if b.Code == code {
				return b.Name + " (" + b.Code + ")"
			}
		}
	}
	return code
}

func addressLines(a domain.AddressInput) []string {
	var out []string
	for _, l := range []string{a.Line1, a.Line2, a.Quarter, a.PostalCode + " " + a.City, a.Province} {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}
