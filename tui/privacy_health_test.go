package tui

import (
	"reflect"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/service"
)

// healthFields lists where a type (through its fields, pointers, slices
// and maps) could carry the long-term illness status or the CIN in full:
// a domain.Member, a field named LongTermIllness or CIN.
func healthFields(t reflect.Type, path string, seen map[reflect.Type]bool) []string {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return healthFields(t.Elem(), path+"[]", seen)
	case reflect.Struct:
	default:
		return nil
	}
	if t == reflect.TypeOf(domain.Member{}) {
		return []string{path + " is a domain.Member"}
	}
	if seen[t] {
		return nil
	}
	seen[t] = true
	var out []string
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name == "LongTermIllness" || f.Name == "CIN" {
			out = append(out, path+"."+f.Name)
		}
		out = append(out, healthFields(f.Type, path+"."+f.Name, seen)...)
	}
	return out
}

// The models of the screens and documents other than the member file have
// no field that could carry the long-term illness status or the full CIN:
// they cannot show what they never receive. The member file's model has
// both (the check can fail).
func TestOnlyTheMemberFileModelCarriesHealthDataAndTheCIN(t *testing.T) {
	for _, v := range []any{
		OpenAddressFormMsg{}, OpenPINMsg{}, addressForm{}, pinScreen{}, requestScreen{}, lookupScreen{},
		service.PINOverview{}, service.PINReissueResult{}, service.RequestDetail{}, service.AddressRequest{},
		service.SearchResult{}, service.LookupResult{}, service.SyncEntry{}, service.Resolution{},
		service.Delivery{}, letter.Receipt{}, letter.PINLetter{},
	} {
		typ := reflect.TypeOf(v)
		if found := healthFields(typ, typ.Name(), map[reflect.Type]bool{}); len(found) > 0 {
			t.Errorf("%s can carry health data or the full CIN: %v", typ, found)
		}
	}
	if found := healthFields(reflect.TypeOf(service.MemberFile{}), "MemberFile", map[reflect.Type]bool{}); len(found) == 0 {
		t.Error("the member file's model has no long-term illness status")
	}
}

// A member with a long-term illness: the member file says so; the results
// list, the address form (filled, reviewed, recorded), the supervisor's
// request screen and the Reissue PIN screen never do. Those screens show
// the CIN masked, beyond what the agent types into the form.
func TestLongTermIllnessOnlyInTheMemberFile(t *testing.T) {
	f := newFixture(t)
	f.exec(t, `UPDATE members SET long_term_illness = 1 WHERE id = ?`, f.alaoui)
	never := func(h *harness, where string) {
		t.Helper()
		txt := h.text()
		if strings.Contains(txt, "Long-term illness") || strings.Contains(txt, "(ALD)") {
			t.Errorf("%s shows the long-term illness status:\n%s", where, txt)
		}
	}
	noCIN := func(h *harness, where string) {
		t.Helper()
		if txt := h.text(); strings.Contains(txt, alaouiCIN) {
			t.Errorf("%s shows the CIN in full:\n%s", where, txt)
		}
	}

	h := newHarness(t, f.svc, Deps{})
	h.signIn("agent", agentPassword)
	h.typ("alaoui")
	h.press("enter")
	never(h, "the results list")
	noCIN(h, "the results list")
	h.send(OpenMemberMsg{ID: f.alaoui})
	h.mustShow("Long-term illness", "yes (ALD)")
	h.press("f4")
	never(h, "the address form")
	h.fillAddress(newAddress)
	h.fillEvidence(completeEvidence)
	h.press("f5")
	never(h, "the review")
	h.press("f5")
	never(h, "the submit dialog")
	h.press("y")
	never(h, "the recorded request")

	h = newHarness(t, f.svc, Deps{})
	h.signIn("super", superPassword)
	h.press("f7", "enter")
	if _, ok := h.screen().(*requestScreen); !ok {
		t.Fatalf("opened %T", h.screen())
	}
	never(h, "the request screen")
	h.press("end")
	never(h, "the request screen's end")
	noCIN(h, "the request screen's end")

	h = openPIN(t, f, "agent", agentPassword, f.alaoui)
	never(h, "the Reissue PIN screen")
	noCIN(h, "the Reissue PIN screen")
}
