package i18n_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
)

func TestEveryDomainKeyIsTranslated(t *testing.T) {
	cat := i18n.English()
	for _, k := range domain.AllMessageKeys {
		if !cat.Has(k) {
			t.Errorf("no English text for %s", k)
		}
	}
	for _, item := range []string{domain.EvidenceRegistrationCard, domain.EvidenceCINCopy, domain.EvidenceSignedForm} {
		if !cat.Has("item." + item) {
			t.Errorf("no English name for the evidence item %s", item)
		}
	}
	missing := &domain.Error{Key: domain.KeyEvidenceMissing, Args: []any{[]string{domain.EvidenceCINCopy, domain.EvidenceSignedForm}}}
	if got := cat.Error(missing); !strings.Contains(got, "(CIN copy, signed form)") {
		t.Errorf("evidence items untranslated: %q", got)
	}
}

func TestErrorsNameTheirField(t *testing.T) {
	cat := i18n.English()
	_, err := domain.ParseCIN("12")
	if got := cat.Error(err); !strings.HasPrefix(got, "CIN: ") {
		t.Errorf("field error rendered as %q", got)
	}
	if got := cat.Error(domain.NewFieldError("line1", domain.KeyTooLong, 100)); got != "line1: is too long (at most 100 characters)" {
		t.Errorf("unknown field name must fall back to the key: %q", got)
	}
	if got := cat.Error(domain.ErrForbidden); got != "Your role does not allow this." {
		t.Errorf("refusal rendered as %q", got)
	}
	if got := cat.Error(errors.New("disk \x1b[31mfull")); strings.ContainsRune(got, '\x1b') {
		t.Errorf("other errors must be sanitised: %q", got)
	}
	if got := cat.T("no.such.key"); got != "[no.such.key]" {
		t.Errorf("missing key shown as %q", got)
	}
}
