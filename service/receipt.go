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
	if err := authorize(sess, domain.ActionRecordChange); err != nil {
		return nil, err
	}
	req, err := s.db.Request(ctx, ref)
	if err != nil {
		return nil, err
	}
	pdf, err := s.receipt(ctx, req)
	if err != nil {
		return nil, err
	}
	return pdf, s.auditRead(ctx, sess, domain.AuditReceiptIssued, req.Ref, map[string]any{"rendered": true})
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
		CINLast3:   cinLast3(m.CIN),
		NewAddress: addressLines(req.Address),
		Documents:  letter.DocumentsReceived(e.RegistrationCardCopy, e.CINCopy, e.SignedForm, e.FormNumber, len(e.Scans)),
		Agent:      agent.DisplayName,
	}
	if x := req.Exception; x != nil {
		r.Exception = letter.ExceptionText(len(x.Missing), x.GrantedBy, x.Reason)
	}
	return letter.RenderReceipt(r)
}

// Delivery says where a receipt went.
type Delivery struct {
	PrintedWith string // the print command, when printing worked
	SavedTo     string // the file, when saved
	PrintError  error  // a print that failed (the receipt was saved instead)
}

// DeliverReceipt prints the receipt through the configured command; when
// there is no printer, or printing fails, it saves it in the receipts
// folder as <reference>.pdf (or -2, -3... never overwriting), so that the
// member's receipt is never lost.
func (s *Service) DeliverReceipt(ctx context.Context, sess Session, ref string) (Delivery, error) {
	if err := authorize(sess, domain.ActionRecordChange); err != nil {
		return Delivery{}, err
	}
	req, err := s.db.Request(ctx, ref)
	if err != nil {
		return Delivery{}, err
	}
	pdf, err := s.receipt(ctx, req)
	if err != nil {
		return Delivery{}, err
	}
	d, err := s.deliver(ctx, req.Ref, pdf)
	if err != nil {
		return d, err
	}
	return d, s.auditRead(ctx, sess, domain.AuditReceiptIssued, req.Ref,
		map[string]any{"printed_with": d.PrintedWith, "saved_to": d.SavedTo})
}

func (s *Service) deliver(ctx context.Context, ref string, pdf []byte) (Delivery, error) {
	var d Delivery
	if s.policy.PrintCommand != "" {
		if d.PrintError = letter.Print(ctx, s.policy.PrintCommand, pdf); d.PrintError == nil {
			d.PrintedWith = s.policy.PrintCommand
			return d, nil
		}
	}
	name := ref + ".pdf"
	for n := 2; ; n++ {
		var err error
		d.SavedTo, err = letter.Save(s.policy.ReceiptDir, name, pdf)
		if !errors.Is(err, fs.ErrExist) || n > 99 {
			return d, err
		}
		name = fmt.Sprintf("%s-%d.pdf", ref, n)
	}
}

// cinLast3 is what a receipt may show of a CIN: its last three digits, or
// nothing when it has no more than three.
func cinLast3(cin string) string {
	i := strings.IndexFunc(cin, func(r rune) bool { return r >= '0' && r <= '9' })
	if i < 0 || len(cin)-i <= 3 {
		return ""
	}
	return cin[len(cin)-3:]
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
