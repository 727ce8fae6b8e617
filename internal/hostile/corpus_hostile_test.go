package hostile

import (
	"slices"
	"testing"
)

// minCases is what issue 8 asks of the corpus.
const minCases = 200

// The corpus holds at least minCases cases over every surface; each is
// named once in its file, says what kind of hostility it is and which
// field its refusal must name; every kind is covered.
func TestHostileCorpusIsComplete(t *testing.T) {
	total := 0
	kinds := map[string]int{}
	for _, file := range Files {
		cases := load[Case](t, file, false) // each surface's test reads its own fields strictly
		if len(cases) == 0 {
			t.Errorf("%s: no case", file)
		}
		names := map[string]bool{}
		for _, c := range cases {
			switch {
			case c.Name == "" || names[c.Name]:
				t.Errorf("%s: case %q is unnamed or named twice", file, c.Name)
			case !slices.Contains(Kinds, c.Kind):
				t.Errorf("%s: %s: kind %q is none of %v", file, c.Name, c.Kind, Kinds)
			case c.Field == "":
				t.Errorf("%s: %s: no field for the refusal to name", file, c.Name)
			}
			names[c.Name] = true
			kinds[c.Kind]++
		}
		t.Logf("%-12s %3d cases", file, len(cases))
		total += len(cases)
	}
	// A case for a program no test runs would be skipped silently.
	for file, programs := range map[string][]string{"cli.json": {"guichet", "guichet-central"}, "config.json": {"", "guichet-central"}} {
		for _, c := range load[struct {
			Case
			Program string `json:"program"`
		}](t, file, false) {
			if !slices.Contains(programs, c.Program) {
				t.Errorf("%s: %s: program %q is none of %q", file, c.Name, c.Program, programs)
			}
		}
	}
	for _, k := range Kinds {
		if kinds[k] == 0 {
			t.Errorf("no case of kind %q", k)
		}
	}
	t.Logf("%d cases; by kind: %v", total, kinds)
	if total < minCases {
		t.Fatalf("the corpus holds %d cases, want at least %d", total, minCases)
	}
}

// Expand's macros give what JSON cannot hold, and refuse what they do not
// know.
func TestHostileExpand(t *testing.T) {
	vars := map[string]string{"tmp": "/t"}
	for in, want := range map[string]string{
		"a{{hex:ff 9b}}b":       "a\xff\x9bb",
		"{{repeat:3:ab}}":       "ababab",
		"{{repeat:2:{},}}{}]":   "{},{},{}]",
		"{{tmp}}/x":             "/t/x",
		"plain {not a macro}}.": "plain {not a macro}}.",
	} {
		if got := Expand(t, in, vars); got != want {
			t.Errorf("Expand(%q) = %q, want %q", in, got, want)
		}
	}
}

// Unsafe finds what a terminal would act on, and lets text and the
// console's own styles through.
func TestHostileUnsafe(t *testing.T) {
	for _, ok := range []string{"Alaoui Mohamed", "العلوي\n\tx", "\uFFFD replaced", "é ’ «»"} {
		if bad := Unsafe(ok, false); bad != "" {
			t.Errorf("Unsafe(%q) = %s", ok, bad)
		}
	}
	if bad := Unsafe("\x1b[1;38;2;95;175;215mTitle\x1b[m", true); bad != "" {
		t.Errorf("styled: %s", bad)
	}
	for _, bad := range []string{"\x1b[31m", "x\x07", "\u009b2J", "a\x9bb", "\u202eabc", "\u2066x", "a\rb", "\x1b]0;t\x07"} {
		if Unsafe(bad, false) == "" {
			t.Errorf("Unsafe(%q) found nothing", bad)
		}
	}
	if Unsafe("\x1b]0;t\x07", true) == "" {
		t.Error("styled output let an OSC through")
	}
}
