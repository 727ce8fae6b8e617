package wire_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// The wire decoders are fed hostile bodies. The property: never a panic;
// either a typed DecodeError, or a value that was one well-formed JSON
// value and that re-encodes to a fixed point (encode, decode, encode gives
// the same bytes). Seeds run in every `go test`; `go test -fuzz=FuzzX`
// explores further.

func FuzzDecodePushRequest(f *testing.F) {
	addSeeds(f, samplePush(f))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.PushRequest](t, body) })
}

func FuzzDecodePushResponse(f *testing.F) {
	addSeeds(f, samplePushResponse(f))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.PushResponse](t, body) })
}

func FuzzDecodeFeedPage(f *testing.F) {
	addSeeds(f, sampleFeed(f))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.FeedPage](t, body) })
}

func FuzzDecodeChangeEvent(f *testing.F) {
	addSeeds(f, mustJSON(f, sampleEvent()))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[domain.ChangeEvent](t, body) })
}

func FuzzDecodePasswordChange(f *testing.F) {
	addSeeds(f, mustJSON(f, wire.PasswordChange{Username: "amina", PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA", At: sampleTime}))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.PasswordChange](t, body) })
}

func FuzzDecodeMember(f *testing.F) {
	addSeeds(f, mustJSON(f, sampleMember()))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.Member](t, body) })
}

func FuzzDecodeDevice(f *testing.F) {
	addSeeds(f, mustJSON(f, wire.Device{ID: "0190a0b2-7c3d-7e00-8000-0000000000aa", Name: "Counter 1", Branch: "RAB01", Number: 1, ServerTime: sampleTime}))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.Device](t, body) })
}

func FuzzDecodeErrorBody(f *testing.F) {
	addSeeds(f, mustJSON(f, wire.ErrorBody{Code: wire.CodeProtocolUnsupported, Message: "update", Supported: []int{wire.Version}}))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.ErrorBody](t, body) })
}

func FuzzDecodePINEvent(f *testing.F) {
	addSeeds(f, mustJSON(f, domain.PINEvent{Kind: domain.EventPINReissued, IssueID: "0190a0b2-7c3d-7e00-8000-000000000003",
		RegNo: "1234567", Channel: domain.ChannelCounter, Actor: "amina", At: sampleTime, ExpiresOn: "2026-03-31",
		Override: &domain.PINOverride{By: "karim", Reason: "moved"}, Sealed: &domain.SealedPIN{KeyID: "b1", Box: []byte{1, 2, 3}}}))
	f.Add([]byte(`{"sealed":{"key_id":"b1","box":"not base64!"}}`))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[domain.PINEvent](t, body) })
}

func FuzzDecodePINVerifyRequest(f *testing.F) {
	addSeeds(f, mustJSON(f, wire.PINVerifyRequest{RegNo: "1234567", PIN: "12345678"}))
	f.Add([]byte(`{"registration_number":"1234567","pin":"1234","PIN":"5678"}`))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.PINVerifyRequest](t, body) })
}

func FuzzDecodePINVerifyResponse(f *testing.F) {
	addSeeds(f, mustJSON(f, wire.PINVerifyResponse{Result: wire.PINValid}))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.PINVerifyResponse](t, body) })
}

func FuzzDecodeHealth(f *testing.F) {
	addSeeds(f, mustJSON(f, wire.Health{Status: "ok", Protocols: []int{wire.Version}, Time: sampleTime}))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.Health](t, body) })
}

func FuzzDecodeDocumentAnswer(f *testing.F) {
	addSeeds(f, mustJSON(f, wire.DocumentAnswer{SHA256: strings.Repeat("ab", 32), Size: 2048, Created: true}))
	f.Fuzz(func(t *testing.T, body []byte) { roundTrip[wire.DocumentAnswer](t, body) })
}

// Decode reads at most limit bytes: a longer body is ErrTooLarge whatever
// it holds, a body within the limit is judged as DecodeBytes judges it.
func FuzzDecodeLimit(f *testing.F) {
	f.Add([]byte(`{"status":"ok","protocols":[1],"time":"2026-03-01T09:30:00Z"}`), uint16(64))
	f.Add([]byte(`{"status":"ok"}`), uint16(3))
	f.Add([]byte(``), uint16(0))
	f.Fuzz(func(t *testing.T, body []byte, limit uint16) {
		var viaReader, viaBytes wire.Health
		err := wire.Decode(bytes.NewReader(body), int64(limit), &viaReader)
		if len(body) > int(limit) {
			if !errors.Is(err, wire.ErrTooLarge) {
				t.Fatalf("%d bytes over a limit of %d: %v", len(body), limit, err)
			}
			return
		}
		errBytes := wire.DecodeBytes(body, &viaBytes)
		if (err == nil) != (errBytes == nil) || err == nil && !viaReader.Time.Equal(viaBytes.Time) {
			t.Fatalf("Decode says %v, DecodeBytes %v", err, errBytes)
		}
	})
}

// No text of ours holds U+0000 (PostgreSQL cannot store it): a body whose
// string holds one, raw or escaped, is refused, and only then.
func FuzzDecodeRefusesNUL(f *testing.F) {
	for _, s := range []string{`"a"`, `"a\u0000"`, `"a\\u0000"`, `"a\\\u0000"`, `"\u0000"`, "\"a\x00\"", `"\\"`, `"u0000"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var plain string
		if json.Unmarshal(body, &plain) != nil || !utf8.Valid(body) {
			return
		}
		var strict string
		err := wire.DecodeBytes(body, &strict)
		if hasNUL := strings.ContainsRune(plain, 0); hasNUL != (err != nil) {
			t.Fatalf("string %q: NUL %v, DecodeBytes %v", plain, hasNUL, err)
		}
	})
}

func roundTrip[T any](t *testing.T, body []byte) {
	var v T
	if err := wire.DecodeBytes(body, &v); err != nil {
		var de *wire.DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		return
	}
	if !json.Valid(body) {
		t.Fatalf("accepted a body that is not one JSON value: %q", body)
	}
	first, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("accepted a value that cannot be encoded again: %v", err)
	}
	if bytes.Contains(first, []byte(`\u0000`)) {
		t.Fatalf("accepted a value holding NUL: %s", first)
	}
	var again T
	if err := wire.DecodeBytes(first, &again); err != nil {
		t.Fatalf("our own encoding does not decode: %v\n%s", err, first)
	}
	second, err := json.Marshal(again)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("re-encoding changed the value:\n%s\n%s", first, second)
	}
}

// addSeeds adds a valid body and hostile variations around it.
func addSeeds(f *testing.F, valid []byte) {
	f.Add(valid)
	obj := bytes.TrimSuffix(bytes.TrimSpace(valid), []byte("}"))
	for _, s := range []string{
		string(obj) + `,"unknown":1}`, // unknown field
		string(valid) + `{}`,          // trailing value
		string(valid) + `garbage`,     // trailing garbage
		string(valid[:len(valid)/2]),  // truncated
		string(obj) + `,"seq":1e999}`, // huge number
		string(obj) + `,"seq":-0.5}`,  // fraction
		string(obj) + "\xff\xfe\"}",   // invalid UTF-8
		"{\"kind\":\"\xc3\x28\"}",     // invalid UTF-8 inside a string
		`{"kind":"\ud800"}`,           // lone surrogate escape
		strings.Repeat("[", 20000),    // deep nesting, unterminated
		strings.Repeat("[", 12000) + strings.Repeat("]", 12000),
		`{"payload":` + strings.Repeat(`{"a":`, 11000) + `1` + strings.Repeat("}", 11000) + `}`,
		`[` + strings.Repeat(`{},`, 50000) + `{}]`, // many small values
		`{"entries":[` + strings.Repeat(`{"id":"x","seq":1,"kind":"k","created_at":"2026-01-01T00:00:00Z","payload":{}},`, 150) + `{}]}`,
		`{"items":null,"next":-9223372036854775808,"more":false}`,
		`{"created_at":"9999-12-31T23:59:59.999999999-23:59"}`,
		`{"at":"0000-01-01T00:00:00+23:59"}`,
		`null`, `true`, `0`, `""`, `{}`, ``, ` `, "\x00", `{"":{}}`,
	} {
		f.Add([]byte(s))
	}
}

var sampleTime = time.Date(2026, 3, 1, 9, 30, 0, 123456789, time.UTC)

func sampleEvent() domain.ChangeEvent {
	return domain.ChangeEvent{
		Kind: domain.EventAddressRequested, RequestID: "0190a0b2-7c3d-7e00-8000-000000000001",
		Reference: "RAB01-20260301-10001", RegNo: "1234567", Actor: "amina", At: sampleTime, BaseVersion: 3,
		Address: &domain.AddressInput{Line1: "12 rue Oued Ziz", Quarter: "Agdal", City: "Rabat", PostalCode: "10090", LineAr: "١٢ زنقة واد زيز"},
		Evidence: &domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: "AB123456", SignedForm: true, FormNumber: "F-1",
			Scans: []domain.Scan{{SHA256: strings.Repeat("ab", 32), MediaType: "image/png", Size: 2048}}},
		Exception: &domain.Exception{GrantedBy: "karim", Reason: "form lost", Missing: []string{domain.EvidenceSignedForm}},
	}
}

func sampleMember() wire.Member {
	return wire.Member{
		RegNo: "1234567", Society: "MGPAP", HomeBranch: "RAB01", CIN: "AB123456", FamilyName: "Alaoui", GivenName: "Mohamed",
		FamilyNameAr: "العلوي", BirthDate: "1961-05-04", Sex: "M", Category: "retired", Status: "active", Version: 4,
		Beneficiaries: []wire.Beneficiary{{Relation: "spouse", FamilyName: "Bennani", GivenName: "Khadija", BirthDate: "1965-02-01", Sex: "F"}},
		Address:       &wire.Address{AddressInput: domain.AddressInput{Line1: "3 av. Fal Ould Oumeir", City: "Rabat", PostalCode: "10090"}, Verified: true, ValidFrom: sampleTime},
	}
}

func samplePush(f *testing.F) []byte {
	return mustJSON(f, wire.PushRequest{
		Entries: []wire.Entry{{ID: "0190a0b2-7c3d-7e00-8000-000000000002", Seq: 9, Kind: domain.EventAddressRequested,
			RegNo: "1234567", CreatedAt: sampleTime, Payload: mustJSON(f, sampleEvent())}},
		Audit: []wire.AuditRecord{{Seq: 41, At: sampleTime, Actor: "amina", Action: domain.AuditViewMember, Subject: "1234567",
			PrevHash: strings.Repeat("0", 64), Hash: strings.Repeat("f", 64)}},
	})
}

func samplePushResponse(f *testing.F) []byte {
	m := sampleMember()
	return mustJSON(f, wire.PushResponse{
		Results: []wire.Result{{ID: "a", Status: wire.StatusApplied}, {ID: "b", Status: wire.StatusConflict, Reason: domain.KeyVersionConflict, Current: &m}},
		Audit:   wire.AuditAck{Through: 41, Break: &wire.Break{Seq: 12, Reason: "hash"}},
	})
}

func sampleFeed(f *testing.F) []byte {
	m := sampleMember()
	e := sampleEvent()
	decided := sampleTime.Add(time.Hour)
	return mustJSON(f, wire.FeedPage{Next: 17, More: true, Items: []wire.FeedItem{
		{Seq: 14, Kind: wire.ItemBranch, Branch: &wire.Branch{Code: "RAB01", Name: "Rabat Agdal", City: "Rabat", Region: "Rabat-Salé-Kénitra"}},
		{Seq: 15, Kind: wire.ItemMember, Member: &m},
		{Seq: 16, Kind: wire.ItemAccount, Account: &wire.Account{Username: "amina", DisplayName: "Amina", Role: "agent", Branch: "RAB01", PasswordHash: "$argon2id$x", MustChangePassword: true}},
		{Seq: 17, Kind: wire.ItemRequest, Request: &wire.Request{ID: e.RequestID, Reference: e.Reference, RegNo: e.RegNo, Branch: "RAB01",
			BaseVersion: 3, RequestedBy: "amina", RequestedAt: sampleTime, Address: *e.Address, Evidence: *e.Evidence,
			Exception: e.Exception, State: "approved", DecidedBy: "karim", DecidedAt: &decided}},
	}})
}

func mustJSON(f *testing.F, v any) []byte {
	raw, err := json.Marshal(v)
	if err != nil {
		f.Fatal(err)
	}
	return raw
}
