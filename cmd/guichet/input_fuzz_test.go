package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
)

// --from-json reads a file an agent or a script wrote: whatever it holds,
// a refusal is one printable message (a key from the file is shown
// sanitised), and what is accepted is one object of known fields that
// survives being written and read again.
func FuzzReadRequestJSON(f *testing.F) {
	good := `{"line1":"12 rue Oued Ziz","city":"Rabat","postal_code":"10090","cin_copy":"AB123456","registration_card_copy":true,"form_number":"F-1","scans":["a.pdf"]}`
	for _, s := range []string{good, `{}`, `{"line1":"a","line1":"b"}`, `{"Line1":"a"}`, `{"line1":1}`, `{"scans":"a.pdf"}`, `{"registration_card_copy":"yes"}`,
		`{"x\u001b[2J":1}`, "{\"\x1b]0;pwn\x07\":1}", `{"line1":"a"} {}`, `{"line1":"a"}x`, `[]`, `null`, ``, `{"line1":`, "{\"line1\":\"\xff\"}",
		`{"line1":"\u202e"}`, `{"scans":[` + strings.Repeat(`"a",`, 1000) + `"a"]}`, strings.Repeat(" ", 70000) + `{}`,
		`{"line1":` + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + `}`} {
		f.Add([]byte(s))
	}
	cat := i18n.English()
	f.Fuzz(func(t *testing.T, body []byte) {
		a := &app{cat: cat, stdin: bufio.NewReader(bytes.NewReader(body))}
		in, err := a.readRequestJSON("-")
		if err != nil {
			if msg := err.Error(); domain.Sanitize(msg) != msg {
				t.Fatalf("refusal is not printable: %q", msg)
			}
			return
		}
		if len(body) > maxJSONInput || !json.Valid(body) || bytes.TrimSpace(body)[0] != '{' {
			t.Fatalf("accepted %d bytes that are not one JSON object", len(body))
		}
		raw, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		b := &app{cat: cat, stdin: bufio.NewReader(bytes.NewReader(raw))}
		again, err := b.readRequestJSON("-")
		if err != nil || !reflect.DeepEqual(normalScans(again), normalScans(in)) {
			t.Fatalf("%s does not read back (%v)", raw, err)
		}
	})
}

// normalScans makes an absent and an empty scan list alike.
func normalScans(in requestInput) requestInput {
	if len(in.Scans) == 0 {
		in.Scans = nil
	}
	return in
}
