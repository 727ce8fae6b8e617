package domain_test

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/cnops/guichet/domain"
)

var nameSeeds = []string{
	"Mohammed El Idrissi", "MOHAMED EL-IDRISSI", "Mohamed Idrissi", "Muhammad", "Fatima-Zahra", "M'hamed", "Ben Ali",
	"Abdel Kader", "Ait Ali", "ait el ali", "العلوي محمد", "عبد الله", "أحمد", "Saïd", "Sa\u0303id", "Œuvre", "Straße",
	"el", "El Al", "ben", "ben ben ben", "ـمحمدـ", "Mo\u0640hamed", "\x1b[31mAlaoui", "ALAOUI\u202eiuoala", "x\xffy",
	"ǅemal", "İbrahim", "ıbrahim", "ﬁkri", "Ⅻ", "٣٤٥", "abc عربي", "عربيabc", "  ", "",
}

// Name keys are what the search index holds: whatever the name, each key
// is a non-empty run of lower-case letters and digits without accents or
// marks, keys are unique, and the same name typed in capitals or with
// decomposed accents has the same keys.
func FuzzNameKeys(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		keys := domain.NameKeys(name)
		seen := map[string]bool{}
		for _, k := range keys {
			if k == "" || seen[k] {
				t.Fatalf("NameKeys(%q) = %q: empty or repeated key", name, keys)
			}
			seen[k] = true
			for _, r := range k {
				if !unicode.IsLetter(r) && !unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || unicode.IsUpper(r) || r == '\u0640' {
					t.Fatalf("NameKeys(%q) = %q: key holds %q", name, keys, r)
				}
			}
		}
		if got := domain.NameKeys(asciiUpper(name)); !slices.Equal(got, keys) {
			t.Fatalf("capitals change the keys: %q -> %q, %q -> %q", name, keys, asciiUpper(name), got)
		}
		if nfc, nfd := domain.NameKeys(norm.NFC.String(name)), domain.NameKeys(norm.NFD.String(name)); !slices.Equal(nfc, nfd) {
			t.Fatalf("composed and decomposed %q differ: %q vs %q", name, nfc, nfd)
		}
	})
}

func asciiUpper(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, s)
}

// Variant mapping only ever replaces a key by its canonical spelling's
// keys, never invents one, and leaves names without variants alone.
func FuzzVariantKeys(f *testing.F) {
	for _, s := range nameSeeds {
		f.Add(s)
	}
	for _, v := range domain.NameVariants() {
		f.Add(v.Variant + " " + v.Canonical)
	}
	canonical := map[string]bool{}
	for _, v := range domain.NameVariants() {
		for _, k := range domain.NameKeys(v.Canonical) {
			canonical[k] = true
		}
	}
	f.Fuzz(func(t *testing.T, name string) {
		keys := domain.NameKeys(name)
		out := domain.VariantKeys(keys)
		seen := map[string]bool{}
		for _, k := range out {
			if seen[k] {
				t.Fatalf("VariantKeys(%q) = %q repeats %q", keys, out, k)
			}
			seen[k] = true
			if !slices.Contains(keys, k) && !canonical[k] {
				t.Fatalf("VariantKeys(%q) = %q invented %q", keys, out, k)
			}
		}
		if !slices.ContainsFunc(keys, domain.HasVariants) && !slices.Equal(out, keys) {
			t.Fatalf("no key has variants, yet %q became %q", keys, out)
		}
	})
}

// FuzzyMatch is symmetric and never matches a word with itself (the exact
// tier finds that).
func FuzzFuzzyMatch(f *testing.F) {
	f.Add("mohamed", "mhamed")
	f.Add("alaoui", "alawi")
	f.Add("", "a")
	f.Add("محمد", "احمد")
	f.Add("x\xff", "x\xfe")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := domain.FuzzyMatch(a, b), domain.FuzzyMatch(b, a)
		if ab != ba {
			t.Fatalf("FuzzyMatch(%q, %q) = %v but the reverse is %v", a, b, ab, ba)
		}
		if domain.FuzzyMatch(a, a) {
			t.Fatalf("%q matches itself", a)
		}
	})
}

// The one query box takes anything. A query it accepts has a word long
// enough to drive an index search, filters in range, a city from the list,
// a known society, and only the last word may be a prefix.
func FuzzParseNameQuery(f *testing.F) {
	societies := []string{"MGPAP", "OMFAM", "MODEP"}
	for _, s := range nameSeeds {
		f.Add(s)
	}
	for _, s := range []string{"alaoui mohamed 1961 rabat MGPAP", "alaoui 1961 1962", "alaoui 04/05/1961", "alaoui 1961-5-4",
		"alaoui 31/02/1961", "alaoui mgpap omfam", "al", "el al", "alaoui rabat", "rabat", "alaoui ksar el kebir ", "العلوي الرباط",
		"alaoui \x1b[2J", "alaoui 2100", "mo", "alaoui fes", "alaoui 99/99/9999", "%' OR 1=1 --", strings.Repeat("alaoui ", 200)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		nq, err := domain.ParseNameQuery(q, societies)
		if err != nil {
			if fe := wantFieldErr(t, err, "query"); fe.Key != domain.KeySearchTooShort {
				t.Fatalf("refused with %q", fe.Key)
			}
			return
		}
		long := false
		for i, w := range nq.Words {
			long = long || len([]rune(w.Key)) >= domain.MinWordLen
			if w.Key == "" || strings.ContainsFunc(w.Key, unicode.IsSpace) || w.Script != domain.ScriptOf(w.Key) {
				t.Fatalf("bad word %+v in %q", w, q)
			}
			if w.Prefix && i != len(nq.Words)-1 {
				t.Fatalf("word %d of %d is a prefix in %q", i, len(nq.Words), q)
			}
		}
		if !long {
			t.Fatalf("accepted %q without a word of %d letters", q, domain.MinWordLen)
		}
		if nq.BirthYear != 0 && (nq.BirthYear < 1900 || nq.BirthYear > 2099) {
			t.Fatalf("birth year %d from %q", nq.BirthYear, q)
		}
		if nq.BirthDate != "" {
			if _, err := domain.ParseDate("d", nq.BirthDate[:4]+"-"+nq.BirthDate[4:6]+"-"+nq.BirthDate[6:]); err != nil || len(nq.BirthDate) != 8 {
				t.Fatalf("birth date %q from %q", nq.BirthDate, q)
			}
		}
		if nq.Society != "" && !slices.Contains(societies, nq.Society) {
			t.Fatalf("society %q from %q", nq.Society, q)
		}
		if nq.City != nil && !isListed(*nq.City) {
			t.Fatalf("city %+v from %q", *nq.City, q)
		}
		words, _ := nq.Variant()
		for _, w := range nq.Words {
			if (w.Prefix || w.Script == domain.Arabic) && !slices.Contains(words, w) {
				t.Fatalf("the variant tier lost %+v: %+v", w, words)
			}
		}
	})
}
