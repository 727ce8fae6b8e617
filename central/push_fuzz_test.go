package central

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// The centre's decoders of pushed entries, fed hostile payloads: every
// refusal is a field error (the device is told which field), and what
// passes is the entry's own event, complete.

var fuzzNow = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func fuzzApp() *App { return New(nil, Options{Now: func() time.Time { return fuzzNow }}) }

func fuzzEntrySeeds(f *testing.F, events ...any) {
	for _, ev := range events {
		raw, err := json.Marshal(ev)
		if err != nil {
			f.Fatal(err)
		}
		s := string(raw)
		obj := strings.TrimSuffix(s, "}")
		for _, payload := range []string{s, obj + `,"extra":1}`, obj + `,"kind":"x"}`, s + `{}`, s[:len(s)/2], `null`, `[]`, `"x"`, ``,
			strings.Replace(s, `"kind"`, `"Kind"`, 1), strings.Replace(s, `Z"`, `+25:00"`, 1), strings.Replace(s, `"amina"`, `"am\u0000ina"`, 1),
			strings.Replace(s, `"1234567"`, `"1234568"`, 1), strings.Replace(s, `"counter"`, `"sms"`, 1)} {
			for _, regno := range []string{"1234567", " 1234567 ", "12 34567", "12x"} {
				f.Add([]byte(payload), "address.requested", regno)
				f.Add([]byte(payload), "pin.reissued", regno)
			}
		}
	}
}

func wantCentreFieldErr(t *testing.T, err error) *domain.FieldError {
	t.Helper()
	fe, ok := domain.AsFieldError(err)
	if !ok || fe.Field == "" {
		t.Fatalf("refusal %T %v is not a field error", err, err)
	}
	if strings.ContainsFunc(fe.Field, unicode.IsControl) {
		t.Fatalf("field %q holds control characters", fe.Field)
	}
	return fe
}

func FuzzChangeEvent(f *testing.F) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	fuzzEntrySeeds(f, domain.ChangeEvent{Kind: domain.EventAddressRequested, RequestID: uuid.NewString(), Reference: "RAB01-20260301-10001",
		RegNo: "1234567", Actor: "amina", At: at, Address: &domain.AddressInput{Line1: "12 rue", City: "Rabat", PostalCode: "10090"},
		Evidence: &domain.Evidence{RegistrationCardCopy: true}})
	a := fuzzApp()
	f.Fuzz(func(t *testing.T, payload []byte, kind, regno string) {
		ev, err := a.changeEvent(wire.Entry{ID: "e", Kind: kind, RegNo: regno, Payload: payload})
		if err != nil {
			wantCentreFieldErr(t, err)
			return
		}
		if want, _ := a.regNo.Parse(regno); ev.Kind != kind || ev.RegNo != want || ev.At.IsZero() {
			t.Fatalf("entry %s %q accepted an event %+v", kind, regno, ev)
		}
	})
}

func FuzzPINEvent(f *testing.F) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	fuzzEntrySeeds(f, domain.PINEvent{Kind: domain.EventPINReissued, IssueID: uuid.NewString(), RegNo: "1234567", Channel: domain.ChannelCounter,
		Actor: "amina", At: at, Sealed: &domain.SealedPIN{KeyID: "b1", Box: []byte{1, 2}}},
		domain.PINEvent{Kind: domain.EventPINReissued, IssueID: uuid.NewString(), RegNo: "1234567", Channel: domain.ChannelPost,
			Actor: "amina", At: fuzzNow.Add(time.Hour), Sealed: &domain.SealedPIN{KeyID: "b1"}})
	a := fuzzApp()
	f.Fuzz(func(t *testing.T, payload []byte, kind, regno string) {
		ev, err := a.pinEvent(wire.Entry{ID: "e", Kind: kind, RegNo: regno, Payload: payload})
		if err != nil {
			wantCentreFieldErr(t, err)
			return
		}
		if want, _ := a.regNo.Parse(regno); uuid.Validate(ev.IssueID) != nil || ev.Kind != kind || ev.RegNo != want {
			t.Fatalf("entry %s %q accepted an event %+v", kind, regno, ev)
		}
		if _, err := domain.ParsePINChannel("channel", string(ev.Channel)); err != nil {
			t.Fatalf("channel %q accepted", ev.Channel)
		}
		if ev.At.IsZero() || ev.At.After(fuzzNow.Add(maxEventAhead)) || ev.Sealed != nil && ev.Channel != domain.ChannelCounter {
			t.Fatalf("event %+v accepted", ev)
		}
	})
}

func FuzzValidBranch(f *testing.F) {
	f.Add("RAB01", "Rabat Agdal", "Rabat", "Rabat-Salé-Kénitra")
	f.Add(" rab01 ", "Rabat", "Rabat", "R")
	f.Add("RAB01", "Ra\x1b]0;x\x07bat", "Rabat", "R")
	f.Add("RAB01", strings.Repeat("n", 81), "Rabat", "R")
	f.Add("RAB01", "Rabat", "", "R")
	f.Fuzz(func(t *testing.T, code, name, city, region string) {
		b, err := validBranch(wire.Branch{Code: code, Name: name, City: city, Region: region})
		if err != nil {
			wantCentreFieldErr(t, err)
			return
		}
		for _, v := range []string{b.Code, b.Name, b.City, b.Region} {
			if v == "" || domain.Sanitize(v) != v || len([]rune(v)) > 80 || strings.TrimSpace(v) != v {
				t.Fatalf("branch %+v accepted", b)
			}
		}
		if again, err := validBranch(b); err != nil || again != b {
			t.Fatalf("not a fixed point: %+v -> %+v (%v)", b, again, err)
		}
	})
}

// referencesUsed answers the one question checkReference asks of the
// storage; the parsing of the reference is what is fuzzed.
type referencesUsed struct {
	Reader
	used map[string]bool
}

func (r referencesUsed) ReferenceUsed(_ context.Context, ref string) (bool, error) {
	return r.used[ref], nil
}

// A reference is accepted only as <branch>-<day, give or take one>-<n>
// with n a positive number written plainly; every such reference not yet
// used is accepted.
func FuzzCheckReference(f *testing.F) {
	for _, ref := range []string{"RAB01-20260301-10001", "RAB01-20260228-1", "RAB01-20260302-1", "RAB01-20260303-1", "RAB01-20260301-0",
		"RAB01-20260301-01", "RAB01-20260301--1", "RAB01-20260301-+1", "RAB01-20260301-1 ", "RAB01-20260301-", "CAS01-20260301-1",
		"RAB01-20260301-99999999999999999999", "RAB01-20260301-taken", "RAB0-20260301-1", "RAB01-20260301-1\x1b[2J"} {
		f.Add("RAB01", ref, int64(1772355600), uint32(10001))
	}
	f.Fuzz(func(t *testing.T, branch, ref string, atUnix int64, n uint32) {
		at := time.Unix(atUnix%(1<<36), 0)
		r := referencesUsed{used: map[string]bool{"RAB01-20260301-10001": true}}
		err := checkReference(context.Background(), r, branch, ref, at)
		if err != nil {
			wantCentreFieldErr(t, err)
		} else if !isReferenceOf(ref, branch, at) {
			t.Fatalf("reference %q accepted for %s on %v", ref, branch, at)
		}
		if n == 0 {
			return
		}
		for _, d := range []int{-1, 0, 1} {
			own := domain.RequestReference(branch, at.UTC().AddDate(0, 0, d), int(n))
			if err := checkReference(context.Background(), r, branch, own, at); err != nil && !r.used[own] {
				t.Fatalf("the console's own reference %q refused: %v", own, err)
			}
		}
	})
}

func isReferenceOf(ref, branch string, at time.Time) bool {
	for _, d := range []int{-1, 0, 1} {
		if rest, ok := strings.CutPrefix(ref, domain.RequestRefPrefix(branch, at.UTC().AddDate(0, 0, d))); ok {
			v, err := strconv.Atoi(rest)
			return err == nil && v >= 1 && strconv.Itoa(v) == rest
		}
	}
	return false
}

// An entry's content hash does not depend on how its payload was spaced
// or its keys ordered in transit, nor on the time zone of its creation
// time; and it never panics.
func FuzzContentHash(f *testing.F) {
	f.Add([]byte(`{"b":1,"a":{"y":[1,2.50,"x"],"x":null}}`), int64(1772355600), int16(60))
	f.Add([]byte(`not json`), int64(0), int16(0))
	f.Add([]byte(`{"a":1}{"b":2}`), int64(-1), int16(-720))
	f.Add([]byte("\"\xff\""), int64(1), int16(1))
	f.Add([]byte(strings.Repeat("[", 10001)), int64(1), int16(1))
	f.Fuzz(func(t *testing.T, payload []byte, createdUnix int64, offsetMin int16) {
		created := time.Unix(createdUnix%(1<<36), 0).UTC()
		e := wire.Entry{ID: "e", Seq: 1, Kind: "address.requested", RegNo: "1234567", CreatedAt: created, Payload: payload}
		h := contentHash(e)
		var v any
		dec := json.NewDecoder(bytes.NewReader(payload))
		dec.UseNumber()
		if dec.Decode(&v) != nil || !json.Valid(payload) {
			return
		}
		reordered, err := json.Marshal(v) // keys sorted, spaces gone
		if err != nil {
			t.Fatal(err)
		}
		var spaced bytes.Buffer
		if err := json.Indent(&spaced, reordered, " ", "\t"); err != nil {
			t.Fatal(err)
		}
		e2 := e
		e2.Payload, e2.CreatedAt = spaced.Bytes(), created.In(time.FixedZone("x", int(offsetMin%(14*60))*60))
		if got := contentHash(e2); got != h {
			t.Fatalf("the same entry hashes differently:\n%s\n%s", payload, spaced.Bytes())
		}
		e2.Seq++
		if contentHash(e2) == h {
			t.Fatal("a different entry hashes the same")
		}
	})
}
