package tui

import (
	"context"
	"errors"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// reviewMsg answers the review request req: the address as it will be
// kept, its warnings, and the evidence checked against the member.
type reviewMsg struct {
	req      uint64
	clean    domain.AddressInput
	warnings []domain.Warning
	evidence domain.Evidence
	missing  []string
	err      error
}

// receiptMsg answers the receipt delivery req.
type receiptMsg struct {
	req      uint64
	delivery service.Delivery
	err      error
}

// submitMsg answers the submission req.
type submitMsg struct {
	req      uint64
	request  service.AddressRequest
	warnings []domain.Warning
	err      error
}

func (f *addressForm) addressInput() domain.AddressInput {
	v := func(i formField) string { return f.inputs[i].Value() }
	return domain.AddressInput{Line1: v(fLine1), Line2: v(fLine2), Quarter: v(fQuarter), City: v(fCity),
		PostalCode: v(fPostal), Province: v(fProvince), LineAr: v(fLineAr)}
}

func (f *addressForm) evidenceInput() domain.Evidence {
	return domain.Evidence{
		RegistrationCardCopy: f.ticks[fCardSeen],
		CINCopy:              f.ticks[fCINSeen],
		CINReadOffCopy:       f.inputs[fCINRead].Value(),
		SignedForm:           f.ticks[fFormSeen],
		FormNumber:           f.inputs[fFormNo].Value(),
	}
}

func (f *addressForm) scanPaths() []string { return strings.Fields(f.inputs[fScans].Value()) }

// review checks the address and the evidence (against the member's CIN,
// which only the service holds) without storing anything.
func (f *addressForm) review() tea.Cmd {
	f.errField, f.errText = noField, ""
	req := f.sh.nextReq()
	f.pending = req
	sess, ctx := f.sh.session()
	svc, in, ev, id := f.sh.svc, f.addressInput(), f.evidenceInput(), f.member.MemberID
	return func() tea.Msg {
		clean, warnings, err := svc.CheckAddress(in)
		m := reviewMsg{req: req, clean: clean, warnings: warnings, err: err}
		if err == nil {
			m.evidence, m.missing, m.err = svc.CheckEvidence(ctx, sess, id, ev)
		}
		return m
	}
}

func (f *addressForm) onReview(msg reviewMsg) tea.Cmd {
	if msg.req != f.pending {
		return nil // the form changed since
	}
	f.pending = 0
	if msg.err != nil {
		f.showError(msg.err)
		return nil
	}
	f.step = stepReview
	f.clean, f.evidence, f.missing = msg.clean, msg.evidence, msg.missing
	f.warnings, f.confirmed = msg.warnings, false
	return nil
}

// submit asks the service to record the change; consent is a second
// person's exception for missing evidence.
func (f *addressForm) submit(consent *service.Consent) tea.Cmd {
	req := f.sh.nextReq()
	f.pending = req
	f.errText = ""
	sess, ctx := f.sh.session()
	svc := f.sh.svc
	in := service.ChangeInput{MemberID: f.member.MemberID, Address: f.clean, Evidence: f.evidenceInput(),
		ScanFiles: f.scanPaths(), ConfirmWarnings: f.confirmed, Exception: consent}
	return func() tea.Msg {
		r, w, err := svc.RequestAddressChange(ctx, sess, in)
		return submitMsg{req: req, request: r, warnings: w, err: err}
	}
}

// exceptionWording words the second person's sign-in for an exception
// to the missing evidence.
func (f *addressForm) exceptionWording() consentWording {
	c := f.sh.cat
	missing := make([]string, len(f.missing))
	for i, m := range f.missing {
		missing[i] = f.sh.evidenceName(m)
	}
	return consentWording{title: c.T("tui.consent.title"), submit: c.T("tui.key.consent_submit"),
		body: []string{c.T("tui.consent.body", strings.Join(missing, ", ")),
			c.T("tui.consent.who", f.member.Name+" · "+f.member.RegNo)},
		reasonHint: c.T("tui.consent.reason_placeholder"), notAllowed: c.T("tui.consent.not_supervisor")}
}

func (f *addressForm) onSubmit(msg submitMsg) tea.Cmd {
	if msg.req != f.pending {
		return nil
	}
	f.pending = 0
	c := f.sh.cat
	err := msg.err
	switch {
	case err == nil:
		f.closeDialog()
		f.step, f.ref, f.errText = stepDone, safe(msg.request.Ref), ""
		f.rawRef = msg.request.Ref
		return tea.Batch(emit(NoticeMsg{Text: c.T("tui.addr.notice_recorded", f.ref)}), f.deliverReceipt())
	case errors.Is(err, context.Canceled):
		f.closeDialog()
		return nil
	case errors.Is(err, domain.ErrEvidenceMissing) && f.dlgKind != dlgConsent:
		f.openDialog(dlgConsent)
		return nil
	}
	if f.dlgKind == dlgConsent && f.consentError(err) {
		return nil
	}
	f.closeDialog()
	switch {
	case errors.Is(err, domain.ErrUnconfirmedWarning):
		f.step, f.warnings, f.confirmed = stepReview, msg.warnings, false
		f.errText = c.T("tui.addr.confirm_first", f.sh.keyLabel("confirm_warnings"))
	default:
		f.showError(err)
	}
	return nil
}

// consentError shows in the consent dialog a refusal that is about the
// second person (who signs in, and why), or the evidence still missing;
// false when it is about the change.
func (f *addressForm) consentError(err error) bool {
	if field, text, ok := consentRefusal(f.sh.cat, err, f.exceptionWording()); ok {
		showConsentRefusal(f.dlg, field, text)
		return true
	}
	if errors.Is(err, domain.ErrEvidenceMissing) {
		f.dlg.fail(safe(f.sh.cat.Error(err)), -1)
		return true
	}
	return false
}

// showError shows a refusal: a field error goes back to the form, on the
// field, named by its label; anything else stays where it happened.
func (f *addressForm) showError(err error) {
	c := f.sh.cat
	if fe, ok := domain.AsFieldError(err); ok {
		if i := fieldNamed(fe.Field); i != noField {
			f.step, f.errField = stepEdit, i
			f.errText = c.Labelled(c.T(formFields[i].label), safe(c.T(fe.Key, fe.Args...)))
			f.setFocus(i)
			return
		}
	}
	f.errField, f.errText = noField, safe(c.Error(err))
}

// deliverReceipt prints the member's receipt (or saves it, when there is no
// printer or printing fails: the service decides).
func (f *addressForm) deliverReceipt() tea.Cmd {
	req := f.sh.nextReq()
	f.receiptReq, f.receiptText, f.receiptFailed = req, "", false
	sess, ctx := f.sh.session()
	svc, ref := f.sh.svc, f.rawRef
	return func() tea.Msg {
		d, err := svc.DeliverReceipt(ctx, sess, ref)
		return receiptMsg{req: req, delivery: d, err: err}
	}
}

func (f *addressForm) onReceipt(msg receiptMsg) {
	if msg.req != f.receiptReq {
		return
	}
	f.receiptReq = 0
	c, d := f.sh.cat, msg.delivery
	switch {
	case msg.err != nil && !errors.Is(msg.err, context.Canceled):
		f.receiptText, f.receiptFailed = c.T("tui.receipt.failed", safe(c.Error(msg.err)), f.sh.keyLabel("reprint")), true
	case d.PrintedWith != "":
		f.receiptText = c.T("tui.receipt.printed", safe(d.PrintedWith))
	case d.SavedTo != "" && d.PrintError != nil:
		f.receiptText, f.receiptFailed = c.T("tui.receipt.saved_print_failed", safe(d.PrintError.Error()), safe(d.SavedTo)), true
	case d.SavedTo != "":
		f.receiptText = c.T("tui.receipt.saved", safe(d.SavedTo))
	}
}
