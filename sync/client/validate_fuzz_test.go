package client

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// What the centre sends is checked before it is stored. Whatever a feed
// item holds, once the check passes every text in it is printable (the
// console shows them all), checking it again changes nothing, and a
// refusal is itself printable.

func FuzzCheckFeedItem(f *testing.F) {
	for _, it := range fuzzFeedSeeds(f) {
		f.Add(it)
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var it wire.FeedItem
		if wire.DecodeBytes(body, &it) != nil {
			return
		}
		if err := checkItem(&it); err != nil {
			wantPrintableText(t, "refusal", err.Error())
			return
		}
		walkStrings(reflect.ValueOf(it), func(path, s string) { wantPrintableText(t, path, s) })
		again := it
		again.Member, again.Request = cloneJSON(t, it.Member), cloneJSON(t, it.Request)
		if err := checkItem(&again); err != nil || !reflect.DeepEqual(again, it) {
			t.Fatalf("a checked item does not check to itself (%v):\n%+v\n%+v", err, it, again)
		}
	})
}

// fuzzFeedSeeds are one valid item of each kind and hostile variants.
func fuzzFeedSeeds(f *testing.F) [][]byte {
	m := goodMember()
	p := goodPIN()
	req := wire.Request{ID: "0190a0b2-7c3d-7e00-8000-000000000001", Reference: "RAB01-20260301-10001", RegNo: m.RegNo, Branch: "RAB01",
		BaseVersion: 1, RequestedBy: "amina", RequestedAt: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Address:  domain.AddressInput{Line1: "12 rue Oued Ziz", City: "Rabat", PostalCode: "10090"},
		Evidence: domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: m.CIN},
		State:    string(domain.RequestPending)}
	items := []wire.FeedItem{
		{Seq: 1, Kind: wire.ItemBranch, Branch: &wire.Branch{Code: "RAB01", Name: "Rabat Agdal", City: "Rabat"}},
		{Seq: 2, Kind: wire.ItemMember, Member: m},
		{Seq: 3, Kind: wire.ItemAccount, Account: &wire.Account{Username: "amina", DisplayName: "Amina", Role: "agent", Branch: "RAB01",
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$" + strings.Repeat("A", 43)}},
		{Seq: 4, Kind: wire.ItemRequest, Request: &req},
		{Seq: 5, Kind: wire.ItemPIN, PIN: p},
		{Seq: 6, Kind: wire.ItemMember, Account: &wire.Account{Username: "amina"}},
	}
	var out [][]byte
	for _, it := range items {
		raw, err := json.Marshal(it)
		if err != nil {
			f.Fatal(err)
		}
		out = append(out, raw)
		s := string(raw)
		for _, r := range [][2]string{
			{`"Alaoui"`, `"Ala\u001b[2Joui"`}, {`"Rabat"`, `" Rabat\u202e "`}, {`"amina"`, `"Amina"`}, {`"RAB01"`, `"rab01"`},
			{`"1234567"`, `"12345x"`}, {`"10090"`, `"1009"`}, {`"agent"`, `"root"`}, {m.CIN, "ab 123"},
			{`"cin_read_off_copy":"` + m.CIN + `"`, `"cin_read_off_copy":" "`}, {`"active"`, `"queued"`},
		} {
			if strings.Contains(s, r[0]) {
				out = append(out, []byte(strings.Replace(s, r[0], r[1], 1)))
			}
		}
	}
	return out
}

// What the domain's rules accept of a new request (the centre applies them
// to what a device pushes, then feeds the request to every console of the
// branch) passes the consoles' feed check unchanged. Were it refused, one
// request would stop the feed of the whole branch.
func FuzzCentreRequestPassesFeedCheck(f *testing.F) {
	sum := strings.Repeat("ab", 32)
	f.Add("12 rue Oued Ziz", "Rabat", "10090", "١٢ زنقة", true, "AB123456", true, "F-1", sum, "image/png", "", "AB123456")
	f.Add("12 rue", "Fès", "30000", "", false, " ", false, "", "", "", "form lost", "AB123456")
	f.Add("12 rue", "Rabat", "10090", "", false, "", false, " ", sum, "text/html", "ok", "AB123456")
	f.Add("12 rue", "Rabat", "10090", "", true, "ab 123456", false, "", "", "", "  ", "AB123456")
	f.Fuzz(func(t *testing.T, line1, city, postal, lineAr string, cinSeen bool, cinRead string, formSeen bool, form, scanSum, scanType, reason, memberCIN string) {
		addr, _, err := domain.ValidateAddress(domain.AddressInput{Line1: line1, City: city, PostalCode: postal, LineAr: lineAr})
		if err != nil {
			return
		}
		in := domain.Evidence{RegistrationCardCopy: true, CINCopy: cinSeen, CINReadOffCopy: cinRead, SignedForm: formSeen, FormNumber: form}
		if scanSum != "" || scanType != "" {
			in.Scans = []domain.Scan{{SHA256: scanSum, MediaType: scanType, Size: 10}}
		}
		cin, err := domain.ParseCIN(memberCIN)
		if err != nil {
			return
		}
		evidence, missing, err := domain.CheckEvidence(in, cin)
		if err != nil {
			return
		}
		var exception *domain.Exception
		if len(missing) > 0 {
			agent := domain.Actor{Username: "amina", Role: domain.RoleAgent, Branch: "RAB01"}
			supervisor := domain.Actor{Username: "karim", Role: domain.RoleSupervisor, Branch: "RAB01"}
			if exception, err = domain.GrantException(agent, reason, missing, func() (domain.Actor, error) { return supervisor, nil }); err != nil {
				return
			}
		}
		at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		req := wire.Request{ID: uuid.NewString(), Reference: domain.RequestReference("RAB01", at, 10001), RegNo: "1234567", Branch: "RAB01",
			BaseVersion: 1, RequestedBy: "amina", RequestedAt: at, Address: addr, Evidence: evidence, Exception: exception,
			State: string(domain.RequestPending)}
		fed := *cloneJSON(t, &req)
		if err := checkRequest(&fed); err != nil {
			t.Fatalf("the feed check refuses what the rules accepted: %v\n%+v", err, req)
		}
		if !reflect.DeepEqual(fed, req) {
			t.Fatalf("the feed check altered an accepted request:\n%+v\n%+v", req, fed)
		}
	})
}

func FuzzCheckDevice(f *testing.F) {
	good := wire.Device{ID: "0190a0b2-7c3d-7e00-8000-0000000000aa", Name: "Counter 1", Branch: "RAB01", Number: 1,
		PINKeyID: "b1", PINPublicKey: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", ServerTime: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	raw, err := json.Marshal(good)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(raw)
	for _, r := range [][2]string{{`"Counter 1"`, `"\u001b]0;x\u0007"`}, {`"RAB01"`, `"RAB"`}, {`"number":1`, `"number":1000`},
		{`"b1"`, `"b\n1"`}, {`AAA=`, `AA==`}, {`0190a0b2`, `zzzzzzzz`}} {
		f.Add([]byte(strings.Replace(string(raw), r[0], r[1], 1)))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var d wire.Device
		if wire.DecodeBytes(body, &d) != nil {
			return
		}
		if err := checkDevice(&d); err != nil {
			wantPrintableText(t, "refusal", err.Error())
			return
		}
		walkStrings(reflect.ValueOf(d), func(path, s string) { wantPrintableText(t, path, s) })
		if d.Number < 0 || d.Number > 999 {
			t.Fatalf("device number %d accepted", d.Number)
		}
		if again := d; checkDevice(&again) != nil || again != d {
			t.Fatalf("not a fixed point: %+v -> %+v", d, again)
		}
	})
}

// A token is 16 to 512 printable ASCII characters, and a refusal never
// quotes it (it is a credential).
func FuzzCheckToken(f *testing.F) {
	for _, s := range []string{strings.Repeat("t", 16), strings.Repeat("t", 15), strings.Repeat("t", 513), "token with space!", "tok\x1b[2Jen-0123456789", "tokén-0123456789abc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, token string) {
		if err := CheckToken(token); err != nil {
			if len(token) >= 16 && strings.Contains(err.Error(), token) {
				t.Fatalf("the refusal quotes the token: %v", err)
			}
			return
		}
		if len(token) < 16 || len(token) > 512 || strings.ContainsFunc(token, func(r rune) bool { return r <= ' ' || r > '~' }) {
			t.Fatalf("token %q accepted", token)
		}
	})
}

// A centre's address is accepted as http(s)://host[/path] only, reads back
// as itself, and a refusal is printable.
func FuzzParseCentralURL(f *testing.F) {
	for _, s := range []string{"https://centre.example:8443", "http://10.0.0.1/api/", " https://c ", "https://user:pw@c", "https://c/?q=1", "https://c/#x",
		"ftp://c", "https://", "javascript:alert(1)", "https://c/\x1b[2J", "https://a\u0085b", "https://c/\u009b2J", "https://c%00", "//c", "HTTPS://C"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u, err := ParseCentralURL(raw)
		if err != nil {
			wantPrintableText(t, "refusal", err.Error())
			return
		}
		if strings.ContainsFunc(strings.TrimSpace(raw), unicode.IsControl) {
			t.Fatalf("ParseCentralURL accepted control characters: %q", raw)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(u.Path, "/") {
			t.Fatalf("ParseCentralURL(%q) = %#v", raw, u)
		}
		again, err := ParseCentralURL(u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("%q reads back as %v (%v)", u.String(), again, err)
		}
		if _, err := url.Parse(u.JoinPath(wire.PathFeed).String()); err != nil {
			t.Fatalf("the feed's address does not parse: %v", err)
		}
	})
}

// Whatever the centre says in Retry-After, the wait is within [0, an hour].
func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "0", "-5", "99999999999999999999", "Sun, 01 Mar 2026 10:00:00 GMT", "Sun, 01 Mar 2026 08:00:00 GMT", " 7 ", "1e3", ""} {
		f.Add(s)
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		if d := parseRetryAfter(v, now); d < 0 || d > maxRetryAfter {
			t.Fatalf("Retry-After %q waits %v", v, d)
		}
	})
}

// A page that passes has its items within its cursor range, in apply order.
func FuzzCheckPage(f *testing.F) {
	items := fuzzFeedSeeds(f)
	page := `{"items":[` + string(items[0]) + `,` + string(items[1]) + `],"next":2,"more":true,"last":9}`
	f.Add([]byte(page), int64(0))
	f.Add([]byte(page), int64(1))
	f.Add([]byte(`{"items":[],"next":5,"more":true,"last":5}`), int64(5))
	f.Add([]byte(`{"items":[],"next":3,"more":false,"last":5}`), int64(5))
	f.Fuzz(func(t *testing.T, body []byte, after int64) {
		var p wire.FeedPage
		if wire.DecodeBytes(body, &p) != nil {
			return
		}
		if err := checkPage(&p, after); err != nil {
			wantPrintableText(t, "refusal", err.Error())
			return
		}
		if len(p.Items) > wire.MaxFeedPage || p.More && p.Next <= after {
			t.Fatalf("page of %d items, next %d after %d accepted", len(p.Items), p.Next, after)
		}
		for i, it := range p.Items {
			if it.Seq <= after || it.Seq > p.Next {
				t.Fatalf("item seq %d outside (%d, %d]", it.Seq, after, p.Next)
			}
			if i > 0 && store.FeedKindOrder(p.Items[i-1].Kind) > store.FeedKindOrder(it.Kind) {
				t.Fatalf("items out of apply order: %s before %s", p.Items[i-1].Kind, it.Kind)
			}
		}
	})
}

// walkStrings calls fn with every string reachable from v.
func walkStrings(v reflect.Value, fn func(path, s string)) {
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem(), path)
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i), path+"."+v.Type().Field(i).Name)
				}
			}
		case reflect.Slice, reflect.Array:
			if v.Type().Elem().Kind() == reflect.Uint8 {
				return // bytes, not text
			}
			for i := range v.Len() {
				walk(v.Index(i), path)
			}
		case reflect.String:
			fn(path, v.String())
		}
	}
	walk(v, "")
}

// wantPrintableText fails unless s is valid UTF-8 without control or bidi
// characters (what domain.Sanitize would remove).
func wantPrintableText(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) || domain.Sanitize(s) != s || strings.ContainsFunc(s, unicode.IsControl) {
		t.Fatalf("%s is not printable: %q", what, s)
	}
}

// cloneJSON copies a value through JSON, as the feed carries it.
func cloneJSON[T any](t *testing.T, v *T) *T {
	t.Helper()
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	out := new(T)
	if err := json.Unmarshal(raw, out); err != nil {
		t.Fatal(errors.Join(errors.New("clone"), err))
	}
	return out
}
