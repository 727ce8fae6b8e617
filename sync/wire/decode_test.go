package wire_test

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/cnops/guichet/sync/wire"
)

func TestDecode(t *testing.T) {
	const valid = `{"entries":[{"id":"0190a0b2-7c3d-7e00-8000-000000000001","seq":7,"kind":"address.cancelled",` +
		`"created_at":"2026-03-01T09:30:00Z","payload":{"kind":"address.cancelled"}}]}`
	cases := []struct {
		name   string
		body   string
		limit  int64
		field  string // the field the DecodeError names
		reason string // part of its reason; "" for success
		large  bool   // ErrTooLarge expected
	}{
		{name: "valid", body: valid},
		{name: "valid with trailing whitespace", body: valid + "\n \t\r\n"},
		{name: "exactly at the limit", body: valid, limit: int64(len(valid))},
		{name: "one byte over the limit", body: valid, limit: int64(len(valid)) - 1, large: true},
		{name: "over the limit even as garbage", body: strings.Repeat("x", 20), limit: 10, large: true},
		{name: "unknown top-level field", body: `{"entries":[],"admin":true}`, field: "admin", reason: "unknown field"},
		{name: "unknown nested field", body: `{"entries":[{"id":"x","sudo":1}]}`, field: "entries.sudo", reason: "unknown field"},
		{name: "key in another case", body: `{"ENTRIES":[]}`, field: "ENTRIES", reason: "unknown field"},
		{name: "nested key in another case", body: `{"entries":[{"ID":"x"}]}`, field: "entries.ID", reason: "unknown field"},
		{name: "repeated key", body: `{"entries":[],"entries":[]}`, field: "entries", reason: "repeated key"},
		{name: "repeated nested key", body: `{"entries":[{"id":"a","id":"b"}]}`, field: "entries.id", reason: "repeated key"},
		{name: "invalid UTF-8", body: "{\"entries\":[{\"id\":\"\xff\"}]}", reason: "invalid UTF-8"},
		{name: "bare null", body: `null`, reason: "null"},
		{name: "second value", body: `{"entries":[]} {"entries":[]}`, reason: "trailing data"},
		{name: "trailing garbage", body: `{"entries":[]}x`, reason: "trailing data"},
		{name: "trailing bracket", body: `{"entries":[]}]`, reason: "trailing data"},
		{name: "empty body", body: ``, reason: "empty or truncated"},
		{name: "only whitespace", body: "  \n", reason: "empty or truncated"},
		{name: "truncated", body: `{"entries":[`, reason: "empty or truncated"},
		{name: "malformed", body: `{"entries":}`, reason: "malformed JSON at byte"},
		{name: "wrong type at the top", body: `{"entries":5}`, field: "entries", reason: "wrong type"},
		{name: "wrong type nested", body: `{"entries":[{"seq":"seven"}]}`, field: "entries.seq", reason: "wrong type"},
		{name: "number too big for int64", body: `{"entries":[{"seq":9223372036854775808}]}`, field: "entries.seq", reason: "wrong type"},
		{name: "huge exponent", body: `{"entries":[{"seq":1e400}]}`, field: "entries.seq", reason: "wrong type"},
		{name: "fraction for an integer", body: `{"entries":[{"seq":1.5}]}`, field: "entries.seq", reason: "wrong type"},
		{name: "array instead of object", body: `[]`, reason: "wrong type"},
		{name: "bad time", body: `{"entries":[{"created_at":"yesterday"}]}`, field: "entries.created_at", reason: "RFC 3339"},
		{name: "bad raw payload", body: `{"entries":[{"payload":{]}`, reason: "malformed JSON"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			limit := c.limit
			if limit == 0 {
				limit = wire.MaxBodyBytes
			}
			var req wire.PushRequest
			err := wire.Decode(strings.NewReader(c.body), limit, &req)
			switch {
			case c.large:
				if !errors.Is(err, wire.ErrTooLarge) {
					t.Fatalf("want ErrTooLarge, got %v", err)
				}
			case c.reason == "":
				if err != nil {
					t.Fatalf("want success, got %v", err)
				}
				if len(req.Entries) != 1 || req.Entries[0].Seq != 7 || string(req.Entries[0].Payload) != `{"kind":"address.cancelled"}` {
					t.Fatalf("decoded %+v", req)
				}
			default:
				var de *wire.DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("want a DecodeError, got %v", err)
				}
				if de.Field != c.field || !strings.Contains(de.Reason, c.reason) {
					t.Fatalf("got field %q reason %q, want field %q reason containing %q", de.Field, de.Reason, c.field, c.reason)
				}
			}
		})
	}
}

func TestDecodeUnreadableBody(t *testing.T) {
	var req wire.PushRequest
	err := wire.Decode(iotest.ErrReader(io.ErrClosedPipe), wire.MaxBodyBytes, &req)
	var de *wire.DecodeError
	if !errors.As(err, &de) || !strings.Contains(de.Reason, "unreadable") {
		t.Fatalf("want an unreadable-body DecodeError, got %v", err)
	}
}

// The limit is enforced while reading: a body far over it is not read in
// full (a client cannot make the centre buffer gigabytes).
func TestDecodeStopsReadingAtTheLimit(t *testing.T) {
	endless := &countingReader{}
	var req wire.PushRequest
	if err := wire.Decode(endless, 1<<10, &req); !errors.Is(err, wire.ErrTooLarge) {
		t.Fatalf("want ErrTooLarge, got %v", err)
	}
	if endless.n > 1<<10+1 {
		t.Fatalf("read %d bytes for a limit of %d", endless.n, 1<<10)
	}
}

// countingReader is an endless body of spaces that counts what was read.
type countingReader struct{ n int64 }

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = ' '
	}
	r.n += int64(len(p))
	return len(p), nil
}

func TestDecodeErrorNamesItsField(t *testing.T) {
	if got := (&wire.DecodeError{Field: "entries", Reason: "too many"}).Error(); got != "entries: too many" {
		t.Errorf("got %q", got)
	}
	if got := (&wire.DecodeError{Reason: "trailing data"}).Error(); got != "trailing data" {
		t.Errorf("got %q", got)
	}
}

func TestDecodeRefusesNUL(t *testing.T) {
	var b wire.Branch
	for body, refused := range map[string]bool{
		`{"code":"RAB\u0000"}`:       true,
		`{"code":"RAB\\\u0000"}`:     true,  // a backslash, then NUL
		`{"code":"RAB\\u0000"}`:      false, // the text \u0000, no NUL
		"{\"code\":\"RAB\x00\"}":     true,
		`{"code":"RAB01","name":""}`: false,
	} {
		err := wire.DecodeBytes([]byte(body), &b)
		var de *wire.DecodeError
		if got := errors.As(err, &de) && de.Reason == "NUL character"; got != refused {
			t.Errorf("%s: NUL refusal %v, want %v (%v)", body, got, refused, err)
		}
	}
}
