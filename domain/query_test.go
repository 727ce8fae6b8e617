package domain

import (
	"errors"
	"testing"
)

var societyCodes = []string{"MFP", "MDII", "OMFAM", "MGPTT", "MGPAP", "MGEN", "MFA", "MODEP"}

func keysOf(nq NameQuery) []string {
	var out []string
	for _, w := range nq.Words {
		k := w.Key
		if w.Prefix {
			k += "*"
		}
		out = append(out, k)
	}
	return out
}

func TestParseNameQueryFilters(t *testing.T) {
	nq, err := ParseNameQuery("alaoui mohamed 1961 rabat mgpap", societyCodes)
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(nq); len(got) != 2 || got[0] != "alawi" || got[1] != "mohamed" {
		t.Errorf("words %v", got)
	}
	if nq.BirthYear != 1961 || nq.City == nil || nq.City.Name != "Rabat" || nq.Society != "MGPAP" {
		t.Errorf("filters %+v", nq)
	}
	for q, want := range map[string]string{"alaoui 10/03/1961": "19610310", "alaoui 1961-3-10": "19610310", "alaoui 31/02/1961": ""} {
		nq, _ := ParseNameQuery(q, societyCodes)
		if nq.BirthDate != want {
			t.Errorf("%q: date %q, want %q", q, nq.BirthDate, want)
		}
	}
	// A city alone is a name, not a filter: someone may be called Rabat.
	if nq, _ := ParseNameQuery("rabat ", societyCodes); nq.City != nil || len(nq.Words) != 1 {
		t.Errorf("a lone city word must stay a name: %+v", nq)
	}
	// Cities in Arabic script and with several words.
	if nq, _ := ParseNameQuery("العلوي الرباط", societyCodes); nq.City == nil || nq.City.Name != "Rabat" {
		t.Errorf("Arabic city filter: %+v", nq.City)
	}
}

func TestParseNameQueryPrefixAndHint(t *testing.T) {
	nq, _ := ParseNameQuery("alaoui moh", societyCodes)
	if got := keysOf(nq); got[len(got)-1] != "moh*" {
		t.Errorf("the word being typed must be a prefix: %v", got)
	}
	nq, _ = ParseNameQuery("alaoui moh ", societyCodes)
	if got := keysOf(nq); got[len(got)-1] != "moh" {
		t.Errorf("a trailing space completes the word: %v", got)
	}
	nq, _ = ParseNameQuery("chraibi mohamed amine 1978 casablanca", societyCodes)
	if got := keysOf(nq); got[len(got)-1] != "amin" {
		t.Errorf("a word followed by a city is complete: %v", got)
	}
	nq, _ = ParseNameQuery("casablanca chraibi moh", societyCodes)
	if got := keysOf(nq); nq.City == nil || got[len(got)-1] != "moh*" {
		t.Errorf("a city first leaves the last word a prefix: %v %v", got, nq.City)
	}
	nq, _ = ParseNameQuery("alaoui 1961", societyCodes)
	if nq.Words[0].Prefix {
		t.Error("a name followed by a filter is complete")
	}
	for _, q := range []string{"el", "a b", "1961", "el 1961 mgpap"} {
		_, err := ParseNameQuery(q, societyCodes)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Key != KeySearchTooShort || fe.Field != "query" {
			t.Errorf("%q: %v, want the too-short hint", q, err)
		}
	}
}

func TestVariantWordsOnlyWhenTheyDiffer(t *testing.T) {
	nq, _ := ParseNameQuery("muhammad alaoui ", societyCodes)
	words, ok := nq.Variant()
	if !ok || words[0].Key != "mohamed" || words[1].Key != "alawi" {
		t.Errorf("variant words %+v ok=%v", words, ok)
	}
	nq, _ = ParseNameQuery("tazi alaoui ", societyCodes)
	if _, ok := nq.Variant(); ok {
		t.Error("names without variants must skip the variant tier")
	}
}
