package domain

import (
	"reflect"
	"strings"
	"testing"
)

func TestNameKeysFoldLatinSpellings(t *testing.T) {
	same := [][]string{
		{"Mohamed", "Mohammed", "MOHAMED", " mohamed "},
		{"El Idrissi", "Idrissi", "EL-IDRISSI", "Al Idrissi"},
		{"Saïd", "Said", "SAÏD"},
		{"Aïcha", "Aicha", "Aisha"},
		{"Hicham", "Hisham"},
		{"Rachid", "Rashid"},
		{"Sqalli", "Skalli"},
		{"El Ouazzani", "Wazzani", "Ouazzani"},
		{"Sanae", "Sanaa", "Sanaâ"},
		{"Imane", "Iman"},
		{"Abdelkader", "Abdel Kader", "Abd el Kader"},
		{"Fatima Zahra", "Fatima-Zahra"},
		{"Bennani", "Benani"},
		{"M'hamed", "Mhamed", "M’hamed"},
	}
	for _, group := range same {
		want := strings.Join(NameKeys(group[0]), " ")
		for _, other := range group[1:] {
			if got := strings.Join(NameKeys(other), " "); got != want {
				t.Errorf("NameKeys(%q) = %q, want %q as for %q", other, got, want, group[0])
			}
		}
	}
	if strings.Join(NameKeys("M'hamed"), " ") == strings.Join(NameKeys("Mohamed"), " ") {
		t.Error("M'hamed must never be merged with Mohamed")
	}
}

func TestNameKeysJoinParticles(t *testing.T) {
	cases := map[string][]string{
		"Ait Ali":        {"aitali", "ali"},
		"Ben Ali":        {"benali", "ali"},
		"Benali":         {"benali"},
		"El":             {"el"}, // a lone article is still what was typed
		"Mohamed Amine":  {"mohamed", "amin"},
		"Youssef Alaoui": {"ywsef", "alawi"},
	}
	for in, want := range cases {
		if got := NameKeys(in); !reflect.DeepEqual(got, want) {
			t.Errorf("NameKeys(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNameKeysFoldArabic(t *testing.T) {
	same := [][]string{
		{"فاطمة", "فاطمه", "فَاطِمَة"},
		{"أحمد", "احمد", "إحمد", "أحـمـد"},
		{"الإدريسي", "ادريسي", "الادريسى", "إدريسي"},
		{"عبد الله", "عبدالله"},
		{"زكرياء", "زكريا"},
		{"آيت علي", "ايت علي"},
		{"مصطفى", "مصطفي"},
		{"مسؤول", "مسوول"},
	}
	for _, group := range same {
		want := strings.Join(NameKeys(group[0]), " ")
		for _, other := range group[1:] {
			if got := strings.Join(NameKeys(other), " "); got != want {
				t.Errorf("NameKeys(%q) = %q, want %q as for %q", other, got, want, group[0])
			}
		}
	}
	if ScriptOf("محمد") != Arabic || ScriptOf("Mohamed") != Latin {
		t.Error("script detection")
	}
}

func TestEveryReferenceVariantReachesItsCanonicalKeys(t *testing.T) {
	for _, v := range NameVariants() {
		want := strings.Join(VariantKeys(NameKeys(v.Canonical)), " ")
		if got := strings.Join(VariantKeys(NameKeys(v.Variant)), " "); got != want {
			t.Errorf("%s → %q, canonical %s → %q", v.Variant, got, v.Canonical, want)
		}
	}
	if strings.Join(VariantKeys(NameKeys("Muhammad Alaoui")), " ") != "mohamed alawi" {
		t.Errorf("variant inside a full name: %q", VariantKeys(NameKeys("Muhammad Alaoui")))
	}
}

func TestFuzzyMatch(t *testing.T) {
	yes := [][2]string{{"mohamed", "mhamed"}, {"alawi", "alawy"}, {"benkiran", "benkirane"}, {"chraibi", "chraybi"}, {"abdelaziz", "abdelazis"}}
	no := [][2]string{{"mohamed", "mohamed"}, {"ali", "omar"}, {"said", "saida_x"}, {"tazi", "ziani"}}
	for _, p := range yes {
		if !FuzzyMatch(p[0], p[1]) {
			t.Errorf("FuzzyMatch(%q, %q) = false", p[0], p[1])
		}
	}
	for _, p := range no {
		if FuzzyMatch(p[0], p[1]) {
			t.Errorf("FuzzyMatch(%q, %q) = true", p[0], p[1])
		}
	}
}
