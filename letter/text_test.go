package letter

import (
	"testing"
	"time"

	"codeberg.org/go-pdf/fpdf"
)

func TestLatin(t *testing.T) {
	for in, want := range map[string]string{
		"ALAOUI Mohamed":             "ALAOUI Mohamed",
		"Fès, Aït, Œuvres, n° 12":    "Fès, Aït, Œuvres, n° 12",
		"Fe\u0300s":                  "Fès",   // decomposed input is composed
		"Ğ ş ă":                      "G s a", // Latin letters outside cp1252 lose the accent
		"محمد العلوي":                "?",
		"Mohamed محمد العلوي Alaoui": "Mohamed ? Alaoui",
		"a\tb\nc\r\nd":               "a b c d",
		"  x \u00a0 y  ":             "x y",
		"x\u200fy\u200b":             "xy",
		"\x1b[31mred":                "[31mred",
		"emoji 😀😀":                   "emoji ?",
		"bad \xff utf8":              "bad ? utf8",
		"":                           "",
	} {
		if got := latin(in); got != want {
			t.Errorf("latin(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCP1252TableMatchesFpdf(t *testing.T) {
	tr := fpdf.New("P", "mm", "A4", "").UnicodeTranslatorFromDescriptor("")
	for r, b := range cp1252High {
		if got := tr(string(r)); got != string([]byte{b}) {
			t.Errorf("%q: fpdf gives %q, table %#x", r, got, b)
		}
	}
	for r := rune(0xA0); r <= 0xFF; r++ {
		if got := tr(string(r)); got != string([]byte{byte(r)}) {
			t.Errorf("%q: fpdf gives %q", r, got)
		}
	}
}

func TestClip(t *testing.T) {
	if got := clip("abcdef", 4); got != "abc…" {
		t.Errorf("clip = %q", got)
	}
	if got := clip("abc", 4); got != "abc" {
		t.Errorf("clip = %q", got)
	}
}

func TestFrenchDate(t *testing.T) {
	for tm, want := range map[time.Time]string{
		time.Date(2026, 8, 1, 9, 5, 0, 0, time.UTC):    "1er août 2026 à 09:05",
		time.Date(2026, 2, 14, 23, 59, 0, 0, time.UTC): "14 février 2026 à 23:59",
	} {
		if got := frenchDateTime(tm); got != want {
			t.Errorf("frenchDateTime(%v) = %q, want %q", tm, got, want)
		}
	}
}
