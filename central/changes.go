package central

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// applyChange applies an address-change event with the same rules as the
// console, the actor's role and branch taken from the centre's accounts.
func (a *App) applyChange(ctx context.Context, tx Tx, dev DeviceRecord, ev domain.ChangeEvent) (wire.Result, error) {
	actor, err := branchActor(ctx, tx, dev, ev.Actor)
	if err != nil {
		return wire.Result{}, err
	}
	if ev.Kind == domain.EventAddressRequested {
		return applied, a.applyRequested(ctx, tx, dev, actor, ev)
	}
	if _, err := uuid.Parse(ev.RequestID); err != nil {
		return wire.Result{}, domain.ErrRequestNotFound
	}
	req, ok, err := tx.Request(ctx, ev.RequestID)
	if err != nil {
		return wire.Result{}, err
	}
	if !ok || req.RegNo != ev.RegNo {
		return wire.Result{}, domain.ErrRequestNotFound
	}
	m, ok, err := tx.Member(ctx, req.RegNo)
	if err != nil {
		return wire.Result{}, err
	}
	if !ok {
		return wire.Result{}, domain.ErrMemberNotFound
	}
	// The actor is of the device's branch (branchActor), and the rules
	// want the request's branch to be the actor's: a device decides and
	// cancels its own branch's requests only, whoever signs in.
	pending := domain.PendingRequest{RequestedBy: req.RequestedBy, Branch: req.Branch,
		State: domain.RequestState(req.State), BaseVersion: req.BaseVersion}
	switch ev.Kind {
	case domain.EventAddressApproved:
		err := domain.CanApprove(actor, pending, m.Version)
		if errors.Is(err, domain.ErrVersionConflict) {
			// Never applied silently: the request stays pending and the
			// device gets the record as it is now.
			return wire.Result{Status: wire.StatusConflict, Reason: domain.KeyVersionConflict, Current: &m}, nil
		}
		if err != nil {
			return wire.Result{}, err
		}
		return applied, a.approve(ctx, tx, actor, req, m, ev.At)
	case domain.EventAddressRejected:
		reason, err := domain.RequireText("reason", ev.Reason, domain.MaxReasonLen)
		if err != nil {
			return wire.Result{}, err
		}
		if err := domain.CanDecide(actor, pending); err != nil {
			return wire.Result{}, err
		}
		return applied, closeRequest(ctx, tx, req, m, domain.RequestRejected, actor.Username, ev.At, reason)
	default: // cancelled
		reason, err := domain.CleanText("reason", ev.Reason, domain.MaxReasonLen)
		if err != nil {
			return wire.Result{}, err
		}
		if err := domain.Authorize(actor.Role, domain.ActionRecordChange); err != nil {
			return wire.Result{}, err
		}
		if err := domain.CanCancel(actor, pending); err != nil {
			return wire.Result{}, err
		}
		return applied, closeRequest(ctx, tx, req, m, domain.RequestCancelled, actor.Username, ev.At, reason)
	}
}

var applied = wire.Result{Status: wire.StatusApplied}

// branchAccount is the centre's account of username acting on a device:
// it must exist, be enabled and belong to the device's branch.
func branchAccount(ctx context.Context, r Reader, dev DeviceRecord, username string) (AccountRecord, error) {
	acc, ok, err := r.Account(ctx, username)
	switch {
	case err != nil:
		return AccountRecord{}, err
	case !ok:
		return AccountRecord{}, domain.ErrUnknownActor
	case acc.Disabled:
		return AccountRecord{}, domain.ErrAccountDisabled
	case acc.Branch != dev.Branch:
		return AccountRecord{}, domain.ErrWrongBranch
	}
	return acc, nil
}

// branchActor is branchAccount as the rules see it: the role and branch
// are the centre's, never what a payload says.
func branchActor(ctx context.Context, r Reader, dev DeviceRecord, username string) (domain.Actor, error) {
	acc, err := branchAccount(ctx, r, dev, username)
	return domain.Actor{Username: acc.Username, Role: acc.Role, Branch: acc.Branch}, err
}

// applyRequested records a new request made on the device.
func (a *App) applyRequested(ctx context.Context, tx Tx, dev DeviceRecord, actor domain.Actor, ev domain.ChangeEvent) error {
	m, ok, err := tx.Member(ctx, ev.RegNo)
	if err != nil {
		return err
	}
	if !ok {
		return domain.ErrMemberNotFound
	}
	pending, err := tx.PendingRequestExists(ctx, m.RegNo)
	if err != nil {
		return err
	}
	if err := domain.CanRequestChange(actor, domain.MemberStatus(m.Status), pending); err != nil {
		return err
	}
	if ev.Address == nil {
		return domain.NewFieldError("address", domain.KeyRequired)
	}
	// Warnings were confirmed at the counter; errors refuse the request.
	addr, _, err := domain.ValidateAddress(*ev.Address)
	if err != nil {
		return err
	}
	if ev.Evidence == nil {
		return domain.NewFieldError("evidence", domain.KeyRequired)
	}
	evidence, missing, err := domain.CheckEvidence(*ev.Evidence, m.CIN)
	if err != nil {
		return err
	}
	var exception *domain.Exception
	if len(missing) > 0 {
		if exception, err = grantedException(ctx, tx, dev, actor, ev.Exception, missing); err != nil {
			return err
		}
	}
	for _, s := range evidence.Scans {
		held, err := tx.HasDocument(ctx, s.SHA256)
		if err != nil {
			return err
		}
		if !held {
			return domain.NewFieldError("scans", domain.KeyDocumentMissing)
		}
	}
	if err := checkReference(ctx, tx, dev.Branch, ev.Reference, ev.At); err != nil {
		return err
	}
	if _, err := uuid.Parse(ev.RequestID); err != nil {
		return domain.NewFieldError("request_id", domain.KeyMalformedEntry)
	}
	if _, taken, err := tx.Request(ctx, ev.RequestID); err != nil {
		return err
	} else if taken {
		return domain.NewFieldError("request_id", domain.KeyReferenceTaken)
	}
	if ev.BaseVersion < 1 {
		return domain.NewFieldError("base_version", domain.KeyRequired)
	}
	req := wire.Request{ID: ev.RequestID, Reference: ev.Reference, RegNo: m.RegNo, Branch: dev.Branch,
		BaseVersion: ev.BaseVersion, RequestedBy: actor.Username, RequestedAt: ev.At.UTC(), Address: addr,
		Evidence: evidence, Exception: exception, State: string(domain.RequestPending)}
	if err := tx.InsertRequest(ctx, req); err != nil {
		return err
	}
	// A visiting member: the requesting branch now needs the record too.
	if dev.Branch != m.HomeBranch {
		if err := tx.AppendFeed(ctx, wire.ItemMember, m.RegNo, dev.Branch); err != nil {
			return err
		}
	}
	return requestChanged(ctx, tx, req, m)
}

// grantedException checks a second person's consent to missing evidence
// (domain.GrantException), the second person an enabled account of the
// device's branch. The items missing are the centre's own finding.
func grantedException(ctx context.Context, r Reader, dev DeviceRecord, actor domain.Actor, given *domain.Exception, missing []string) (*domain.Exception, error) {
	if given == nil {
		return nil, domain.EvidenceMissing(missing)
	}
	return domain.GrantException(actor, given.Reason, missing, func() (domain.Actor, error) {
		return branchActor(ctx, r, dev, given.GrantedBy)
	})
}

// checkReference accepts a reference of the device's branch, for the day
// of the event (give or take a day: the console counts days in the
// members' time zone), with a number, and not yet used.
func checkReference(ctx context.Context, r Reader, branch, ref string, at time.Time) error {
	bad := domain.NewFieldError("reference", domain.KeyMalformedEntry)
	var n string
	found := false
	for _, d := range []int{0, -1, 1} {
		if rest, ok := strings.CutPrefix(ref, domain.RequestRefPrefix(branch, at.UTC().AddDate(0, 0, d))); ok {
			n, found = rest, true
			break
		}
	}
	if !found {
		if strings.HasPrefix(ref, branch+"-") {
			return bad
		}
		return domain.NewFieldError("reference", domain.KeyWrongBranch)
	}
	if v, err := strconv.Atoi(n); err != nil || v < 1 || strconv.Itoa(v) != n {
		return bad
	}
	used, err := r.ReferenceUsed(ctx, ref)
	if err != nil {
		return err
	}
	if used {
		return domain.NewFieldError("reference", domain.KeyReferenceTaken)
	}
	return nil
}

// approve makes the request's address the member's current, verified one:
// the old one is closed in the history and the version goes up by one.
func (a *App) approve(ctx context.Context, tx Tx, actor domain.Actor, req wire.Request, m wire.Member, at time.Time) error {
	at = at.UTC()
	if err := tx.ReplaceAddress(ctx, m.RegNo, wire.Address{AddressInput: req.Address, Verified: true, ValidFrom: at}); err != nil {
		return err
	}
	if err := tx.SetMemberVersion(ctx, m.RegNo, m.Version+1); err != nil {
		return err
	}
	if err := tx.DecideRequest(ctx, req.ID, domain.RequestApproved, actor.Username, at, ""); err != nil {
		return err
	}
	if err := memberChanged(ctx, tx, m); err != nil {
		return err
	}
	return requestChanged(ctx, tx, req, m)
}

// closeRequest ends a request without changing the record.
func closeRequest(ctx context.Context, tx Tx, req wire.Request, m wire.Member, state domain.RequestState, by string, at time.Time, reason string) error {
	if err := tx.DecideRequest(ctx, req.ID, state, by, at.UTC(), reason); err != nil {
		return err
	}
	return requestChanged(ctx, tx, req, m)
}

// memberChanged feeds a changed member to its home branch and to every
// branch that made a request for it.
func memberChanged(ctx context.Context, tx Tx, m wire.Member) error {
	branches, err := tx.RequestBranches(ctx, m.RegNo)
	if err != nil {
		return err
	}
	return tx.AppendFeed(ctx, wire.ItemMember, m.RegNo, withBranch(m.HomeBranch, branches...)...)
}

// requestChanged feeds a request to its branch and to the member's home
// branch.
func requestChanged(ctx context.Context, tx Tx, req wire.Request, m wire.Member) error {
	return tx.AppendFeed(ctx, wire.ItemRequest, req.ID, withBranch(req.Branch, m.HomeBranch)...)
}

// withBranch lists first then the others, each once.
func withBranch(first string, others ...string) []string {
	out := []string{first}
	for _, b := range others {
		if !slices.Contains(out, b) {
			out = append(out, b)
		}
	}
	return out
}
