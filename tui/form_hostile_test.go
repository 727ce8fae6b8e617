package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/internal/hostile"
)

// formBase is a valid address change for Alaoui, as the address form's
// fields hold it.
var formBase = map[formField]string{fLine1: "7 Avenue Hassan II", fQuarter: "Hassan", fCity: "Rabat",
	fPostal: "10020", fProvince: "Rabat", fLineAr: "7 شارع الحسن الثاني", fCINRead: alaouiCIN, fFormNo: "F-2025-001"}

// The corpus's hostile address values, pasted into the address form's
// field (a paste is how arbitrary bytes reach a terminal application),
// never get past the review: either the review refuses them naming the
// field, or the field did not take them as given (it drops control
// characters and invalid UTF-8 and stops at its length) and what it took
// holds nothing unsafe. Nothing is stored either way.
func TestHostileAddressForm(t *testing.T) {
	f := newFixture(t)
	h := openForm(t, f, "agent", agentPassword)
	fm := h.form()
	refused, neutralised := 0, 0
	for _, c := range hostile.Load[hostile.FormCase](t, "form.json") {
		if c.Op != "request" || c.Expect == "literal" || c.TUI != "" {
			continue
		}
		for i, spec := range formFields {
			if !spec.tick {
				fm.inputs[i].SetValue(formBase[formField(i)])
			}
		}
		fm.ticks[fCardSeen], fm.ticks[fCINSeen], fm.ticks[fFormSeen] = true, true, true
		if len(c.Input) != 1 {
			t.Fatalf("%s: the form takes one hostile field at a time", c.Name)
		}
		var field formField
		var value string
		for k, v := range c.Input {
			field, value = fieldNamed(k), hostile.Expand(t, v, nil)
		}
		if field == noField {
			t.Fatalf("%s: the form has no field %q (mark the case tui)", c.Name, c.Field)
		}
		fm.setFocus(field)
		fm.inputs[field].SetValue("")
		h.send(tea.PasteMsg{Content: value})
		h.press("f5")
		switch {
		case fm.step == stepEdit:
			refused++
			if fm.errField != fieldNamed(c.Field) {
				t.Errorf("%s: the form points at field %d, want %q (%s)", c.Name, fm.errField, c.Field, fm.errText)
			}
			if want := h.m.sh.cat.T(formFields[fieldNamed(c.Field)].label) + ":"; !strings.Contains(h.text(), want) {
				t.Errorf("%s: the frame does not name the field (%q)", c.Name, want)
			}
		case fm.inputs[field].Value() != value && hostile.Unsafe(fm.inputs[field].Value(), false) == "":
			neutralised++
			h.press("esc") // back from the review to the form
		default:
			t.Errorf("%s: the review accepted %q as given", c.Name, fm.inputs[field].Value())
			h.press("esc")
		}
		if bad := hostile.Unsafe(h.content(), true); bad != "" {
			t.Errorf("%s: the frame carries %s", c.Name, bad)
		}
	}
	if refused == 0 {
		t.Fatal("no case reached the form")
	}
	t.Logf("%d values refused naming the field, %d taken only in part by the field", refused, neutralised)
	if n := len(f.requests(t, f.alaoui)); n != 0 {
		t.Fatalf("%d requests stored by a form never submitted", n)
	}
}
