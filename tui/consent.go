package tui

import (
	"errors"
	"strings"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// A second person's consent (DESIGN.md, "Rules": an evidence exception, a
// cooling-off override) is a supervisor other than the agent signing in
// on the same screen, with a reason. One dialog serves every consent, so
// each asks, checks and refuses alike.

// The consent dialog's fields, in order.
const (
	consentUser = iota
	consentPassword
	consentReason
)

// consentWording is what differs from one consent to another: the words
// around the same three fields.
type consentWording struct {
	title      string
	body       []string // printable lines: why, for whom
	submit     string   // what enter on the reason does
	reasonHint string   // the reason's placeholder
	// notAllowed refuses an account that may not consent (not a
	// supervisor), in the consent's own words.
	notAllowed string
}

func newConsentDialog(sh *shared, w consentWording) *dialog {
	c := sh.cat
	return newInputDialog(sh, w.title, w.body, w.submit,
		inputSpec{label: c.T("tui.consent.username"), limit: 64},
		inputSpec{label: c.T("tui.consent.password"), limit: domain.MaxPasswordLen, secret: true},
		inputSpec{label: c.T("tui.consent.reason"), limit: domain.MaxReasonLen, placeholder: w.reasonHint})
}

// typedConsent is what the second person typed, nil when a field is empty:
// the dialog then says which, with the focus on it.
func typedConsent(cat *i18n.Catalog, d *dialog) *service.Consent {
	typed := service.Consent{Username: strings.TrimSpace(d.value(consentUser)), Password: d.value(consentPassword),
		Reason: strings.TrimSpace(d.value(consentReason))}
	for field, v := range []string{typed.Username, typed.Password, typed.Reason} {
		if v == "" {
			d.fail(cat.Labelled(consentLabel(cat, field), cat.T(domain.KeyRequired)), field)
			return nil
		}
	}
	d.busy, d.errText = true, ""
	return &typed
}

// consentRefusal words a refusal about the second person (who signed in,
// and why) and says which field it is about; ok is false for a refusal of
// something else, which the screen shows as its own.
func consentRefusal(cat *i18n.Catalog, err error, w consentWording) (field int, text string, ok bool) {
	fe, isField := domain.AsFieldError(err)
	switch {
	case errors.Is(err, domain.ErrBadCredentials):
		field, text = consentPassword, cat.Error(err)
	case errors.Is(err, domain.ErrAccountLocked), errors.Is(err, domain.ErrAccountDisabled),
		errors.Is(err, domain.ErrSecondPersonSame):
		field, text = consentUser, cat.Error(err)
	case errors.Is(err, domain.ErrForbidden):
		field, text = consentUser, w.notAllowed
	case isField && fe.Field == "reason":
		field, text = consentReason, cat.T(fe.Key, fe.Args...)
	case isField && (fe.Field == "username" || fe.Field == "override_by"):
		field, text = consentUser, cat.T(fe.Key, fe.Args...)
	case isField && fe.Field == "password":
		field, text = consentPassword, cat.T(fe.Key, fe.Args...)
	default:
		return 0, "", false
	}
	return field, safe(cat.Labelled(consentLabel(cat, field), text)), true
}

// showConsentRefusal puts a refusal on its field. A refused sign-in
// clears the password: it is typed again, never kept after a failure.
func showConsentRefusal(d *dialog, field int, text string) {
	if field != consentReason {
		d.inputs[consentPassword].Reset()
	}
	d.fail(text, field)
}

func consentLabel(cat *i18n.Catalog, field int) string {
	return cat.T([]string{"tui.consent.username", "tui.consent.password", "tui.consent.reason"}[field])
}
