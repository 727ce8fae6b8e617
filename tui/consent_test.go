package tui

import (
	"context"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
)

// signConsent types a second person's sign-in into the consent dialog d,
// from empty fields: user, password, reason, enter after each.
func (h *harness) signConsent(d *dialog, user, pass, reason string) {
	h.t.Helper()
	for i := range d.inputs {
		d.inputs[i].Reset()
	}
	d.setFocus(consentUser)
	for _, v := range []string{user, pass, reason} {
		h.typ(v)
		h.press("enter")
	}
}

// consentRefusedOn checks that the consent dialog d stays open with the
// refusal want on field, and that a refused sign-in left no password
// typed.
func (h *harness) consentRefusedOn(d *dialog, want string, field int) {
	h.t.Helper()
	if d.errText != want || d.focus != field {
		h.t.Fatalf("dialog error %q focus %d, want %q on %d\n%s", d.errText, d.focus, want, field, h.text())
	}
	if field != consentReason && d.value(consentPassword) != "" {
		h.t.Fatal("the refused password stays typed")
	}
	checkFrame(h.t, h.content(), 80, 24)
}

// Each refusal about the second person lands on its field, named, and
// printable; a refusal of something else is left to the screen. Only a
// refused sign-in clears the password.
func TestConsentRefusalNamesTheField(t *testing.T) {
	cat := i18n.English()
	w := consentWording{notAllowed: "not a supervisor"}
	for _, c := range []struct {
		err   error
		field int
		text  string
	}{
		{domain.ErrBadCredentials, consentPassword, "Password: " + cat.Error(domain.ErrBadCredentials)},
		{domain.ErrAccountLocked, consentUser, "Supervisor: " + cat.Error(domain.ErrAccountLocked)},
		{domain.ErrForbidden, consentUser, "Supervisor: not a supervisor"},
		{domain.NewFieldError("override_by", domain.KeyUnknownActor), consentUser, "Supervisor: " + cat.T(domain.KeyUnknownActor)},
		{domain.NewFieldError("reason", domain.KeyTooLong, domain.MaxReasonLen), consentReason,
			"Reason: " + cat.T(domain.KeyTooLong, domain.MaxReasonLen)},
	} {
		field, text, ok := consentRefusal(cat, c.err, w)
		if !ok || field != c.field || text != c.text {
			t.Errorf("%v: field %d %q (%v), want %d %q", c.err, field, text, ok, c.field, c.text)
		}
	}
	if _, text, _ := consentRefusal(cat, domain.NewFieldError("reason", "\x1b[2Jkey from afar"), w); strings.ContainsRune(text, '\x1b') {
		t.Errorf("refusal not printable: %q", text)
	}
	if _, _, ok := consentRefusal(cat, domain.ErrPINAddressUnverified, w); ok {
		t.Error("a refusal of the reissue itself was taken for the second person's")
	}

	d := newConsentDialog(newShared(context.Background(), nil, cat, nil), w)
	d.inputs[consentPassword].SetValue("secret-pass-1")
	showConsentRefusal(d, consentReason, "Reason: too long")
	if d.value(consentPassword) == "" || d.focus != consentReason {
		t.Error("a refused reason cleared the password, or left the focus elsewhere")
	}
	showConsentRefusal(d, consentUser, "Supervisor: locked")
	if d.value(consentPassword) != "" || d.focus != consentUser || d.errText != "Supervisor: locked" {
		t.Error("a refused sign-in kept the password")
	}
}
