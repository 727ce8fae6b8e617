package i18n_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
)

// catalogues are the languages the console speaks.
var catalogues = map[string]*i18n.Catalog{"en": i18n.English(), "fr": i18n.French()}

// Every key of one language exists in the other, and every key the domain
// can raise exists in both.
func TestBothLanguagesHaveEveryKey(t *testing.T) {
	en, fr := i18n.English(), i18n.French()
	for _, k := range en.Keys() {
		if !fr.Has(k) {
			t.Errorf("%s has no French text", k)
		}
	}
	for _, k := range fr.Keys() {
		if !en.Has(k) {
			t.Errorf("%s has no English text", k)
		}
	}
	for lang, cat := range catalogues {
		for _, k := range domain.AllMessageKeys {
			if !cat.Has(k) {
				t.Errorf("domain key %s has no %s text", k, lang)
			}
		}
	}
}

// sameInBoth are the texts French writes as English does: acronyms, units
// and words both languages share. Any other identical text is a key copied
// and left untranslated.
var sameInBoth = []string{
	"cli.address.field.province", "cli.search.via", "db.err.detail", "field.cin", "field.ppr", "kind.cin", "kind.ppr",
	"pin.channel.email", "tier.exact", "tui.addr.field.province", "tui.address.period", "tui.age.hours",
	"tui.age.minutes", "tui.app", "tui.duration.minutes", "tui.duration.seconds",
	"tui.filter.society_placeholder", "tui.kind.cin", "tui.kind.ppr", "tui.lookup.col.cin", "tui.member.cin",
	"tui.member.email", "tui.member.ppr", "tui.pin.channel.email", "tui.pin.col.date", "tui.role.agent",
	"tui.search.filters", "tui.sync.pending_short", "tui.sync.set_aside_short", "tui.tier.exact", "tui.via.other",
}

func TestFrenchIsTranslated(t *testing.T) {
	en, fr := i18n.English(), i18n.French()
	for _, k := range en.Keys() {
		if en.T(k) == fr.T(k) && !slices.Contains(sameInBoth, k) {
			t.Errorf("%s is the same in French as in English (%q): translate it, or list it in sameInBoth", k, en.T(k))
		}
	}
}

// verb matches a fmt verb: flags, width, precision and the conversion.
var verb = regexp.MustCompile(`%[-+# 0]*(?:\[\d+\])?(?:\d+|\*)?(?:\.(?:\d+|\*)?)?(?:\[\d+\])?([a-zA-Z%])`)

// conversions lists a text's fmt conversions in order (%% aside): the
// arguments a caller passes must suit both languages. Widths may differ,
// so that each language aligns its own words.
func conversions(text string) string {
	var out []string
	for _, m := range verb.FindAllStringSubmatch(text, -1) {
		if m[1] != "%" {
			out = append(out, "%"+m[1])
		}
	}
	return strings.Join(out, " ")
}

func TestTranslationsTakeTheSameArguments(t *testing.T) {
	en, fr := i18n.English(), i18n.French()
	for _, k := range en.Keys() {
		if !fr.Has(k) {
			continue // reported by TestBothLanguagesHaveEveryKey
		}
		if e, f := conversions(en.T(k)), conversions(fr.T(k)); e != f {
			t.Errorf("%s: English takes [%s], French [%s]", k, e, f)
		}
	}
	// The check itself sees a difference.
	if conversions("%-20s born %s (%d)") != conversions("%-8s né le %s (%d ans)") ||
		conversions("%s then %d") == conversions("%d puis %s") || conversions("100 %%") != "" {
		t.Error("conversions() does not compare verbs")
	}
}

// French puts an unbreakable space before : ; ! ? and inside « », so a
// wrapped line never starts with the sign; no text keeps a plain one.
func TestFrenchSpacingIsUnbreakable(t *testing.T) {
	fr := i18n.French()
	plain := regexp.MustCompile(` [:;!?»]|« `)
	for _, k := range fr.Keys() {
		if m := plain.FindString(fr.T(k)); m != "" {
			t.Errorf("%s keeps a breaking space in %q: %q", k, m, fr.T(k))
		}
	}
	if got := fr.T("tui.search.none", "alaoui", ""); got != "Aucun adhérent ne correspond à «\u00a0alaoui\u00a0»." {
		t.Errorf("tui.search.none in French: %q", got)
	}
}

// Refusals read in the catalogue's language, field names included.
func TestErrorsInFrench(t *testing.T) {
	fr := i18n.French()
	_, err := domain.ParseCIN("12")
	if got := fr.Error(err); !strings.HasPrefix(got, "CIN\u00a0: doit comporter 1 ou 2 lettres") {
		t.Errorf("field error in French: %q", got)
	}
	if got := fr.Error(domain.NewFieldError("registration_number", domain.KeyRequired)); got != "Matricule\u00a0: obligatoire" {
		t.Errorf("field name in French: %q", got)
	}
	if got := fr.Error(domain.ErrForbidden); got != "Votre rôle ne permet pas cette opération." {
		t.Errorf("refusal in French: %q", got)
	}
	missing := &domain.Error{Key: domain.KeyEvidenceMissing, Args: []any{[]string{domain.EvidenceCINCopy, domain.EvidenceSignedForm}}}
	if got := fr.Error(missing); !strings.Contains(got, "(copie de la CIN, formulaire signé)") {
		t.Errorf("evidence items in French: %q", got)
	}
}
