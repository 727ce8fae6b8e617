package letter

import (
	"bytes"
	"errors"
	"io"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/cnops/guichet/internal/pdftext"
)

// The e-mail is built from member data and configuration: whatever they
// hold, an accepted message has exactly its ten header fields (nothing
// injected), lines ended by CRLF within RFC 5322's limit, the recipient
// asked for, and the PIN alone on its line of a printable body. A refusal
// is an *InputError that never quotes the value.
func FuzzPINEmail(f *testing.F) {
	f.Add("BENNANI Youssef", "1234567890", "12345678", "CNOPS", testFrom, testTo, testMsgID)
	f.Add("AÏT BENHADDOU Fatima-Zahra", "1", "1234", "", "Mutuelle <"+testFrom+">", `"B, Y" <y@b.ma>`, "<a@b>")
	for _, s := range []string{"X\r\nBcc: evil@x.ma", "X\nBcc: evil@x.ma", "=?UTF-8?q?=0D=0ABcc:_e@x?=", "\x1b[2JX", "X\u202eY", "العلوي محمد", strings.Repeat("Ab ", 60)} {
		f.Add(s, "1234567890", "12345678", s, testFrom, testTo, testMsgID)
		f.Add("BENNANI Youssef", "1234567890", "12345678", "CNOPS", testFrom, "y@b.ma\r\nBcc: e@x.ma", s+"@x")
	}
	f.Add("BENNANI Youssef", "1234567890", "12345678", "CNOPS", testFrom, "Evil\r\n <y@b.ma>", "a@b")
	f.Add("BENNANI Youssef", "12a", "1234 678", "CNOPS", "x", "y", "no-at")
	wantFields := []string{"From", "To", "Subject", "Date", "Message-Id", "Mime-Version", "Content-Type", "Content-Transfer-Encoding", "Content-Language", "Auto-Submitted"}
	f.Fuzz(func(t *testing.T, name, regno, pin, senderName, from, to, messageID string) {
		l := PINLetter{FullName: name, RegNo: regno, PIN: pin, IssuedAt: testDate, ExpiresOn: testDate.AddDate(0, 0, 30)}
		raw, err := PINEmail(Sender{PortalURL: "https://portail.cnops.ma", Name: senderName}, l, from, to, testDate, messageID)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) && !strings.HasPrefix(err.Error(), "letter:") {
				t.Fatalf("untyped refusal %T %v", err, err)
			}
			if len(pin) >= 4 && strings.Contains(err.Error(), pin) {
				t.Fatalf("the refusal quotes the PIN: %v", err)
			}
			return
		}
		head, _, _ := bytes.Cut(raw, []byte("\r\n\r\n"))
		for _, line := range strings.Split(string(head), "\r\n") {
			if strings.ContainsAny(line, "\r\n\x00") || len(line) > 998 {
				t.Fatalf("header line %q breaks the format", line)
			}
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("not an RFC 5322 message: %v\n%s", err, raw)
		}
		var got []string
		for k, v := range msg.Header {
			if len(v) != 1 {
				t.Fatalf("header %s appears %d times", k, len(v))
			}
			got = append(got, k)
		}
		if slices.Sort(got); !slices.Equal(got, slices.Sorted(slices.Values(wantFields))) {
			t.Fatalf("header fields %q, want %q", got, wantFields)
		}
		toAddr, err := mail.ParseAddress(msg.Header.Get("To"))
		if want, _ := mail.ParseAddress(to); err != nil || toAddr.Address != want.Address {
			t.Fatalf("To %q, want %q (%v)", msg.Header.Get("To"), to, err)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil || !utf8.Valid(body) {
			t.Fatalf("body does not decode: %v", err)
		}
		text := strings.ReplaceAll(string(body), "\r\n", "\n")
		if strings.ContainsFunc(text, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) {
			t.Fatalf("body holds control characters: %q", text)
		}
		if !slices.Contains(strings.Split(text, "\n"), "    "+pin) {
			t.Fatalf("the PIN is not alone on its line:\n%s", text)
		}
	})
}

// A receipt shows what it is given, made printable: no control character
// from data reaches the page, and never more of the CIN than three digits.
func FuzzRenderReceipt(f *testing.F) {
	f.Add("RAB01-20261125-7", "ALAOUI Mohamed", "1234567", "456", "12 rue Oued Ziz", "Amina", "form lost")
	f.Add("RAB01\x1b[2J-1", "Ala\u202eoui", "12\x00", "", "\x1b]0;x\x07", "\u009b31m", strings.Repeat("é", 400))
	f.Add("R", "العلوي", "1", "45", "", "", "")
	f.Add("R", "X", "1", "123456", "", "", "")
	f.Add("", "X", "1", "123", "", "", "")
	f.Fuzz(func(t *testing.T, ref, name, regno, cin3, line, agent, exception string) {
		r := Receipt{Reference: ref, RecordedAt: time.Date(2026, 11, 25, 13, 32, 0, 0, time.UTC), Branch: "Rabat Agdal (RAB01)",
			MemberName: name, RegNo: regno, CINLast3: cin3, NewAddress: []string{line, "10000 Rabat"}, Documents: []string{line}, Agent: agent, Exception: exception}
		pdf, err := renderReceipt(r, false)
		if err != nil {
			if cin3 != "" && len(cin3) == 3 && strings.Trim(cin3, "0123456789") == "" && latin(ref) != "" && latin(regno) != "" {
				t.Fatalf("a good receipt refused: %v", err)
			}
			return
		}
		if cin3 != "" && (len(cin3) != 3 || strings.Trim(cin3, "0123456789") != "") {
			t.Fatalf("CINLast3 %q printed", cin3)
		}
		checkPDFText(t, pdf, "***"+cin3)
	})
}

// A PIN letter likewise: printable, the PIN and the registration number
// on it, an address needed for the post.
func FuzzRenderPINLetter(f *testing.F) {
	f.Add("BENNANI Youssef", "12, rue Oued Fès", "1234567890", "12345678", false)
	f.Add("X\x1b[2J", "\u202e\x00", "1", "1234", true)
	f.Add("العلوي", "", "1", "1234", false)
	f.Add("A", "", "1", "1234", false)
	f.Add("A", strings.Repeat("Rue ", 100), "12345678901234567890123456789012", "1234567890123456", false)
	f.Fuzz(func(t *testing.T, name, line, regno, pin string, counter bool) {
		l := PINLetter{FullName: name, AddressLines: []string{line, "10000 Rabat"}, RegNo: regno, PIN: pin,
			IssuedAt: testDate, ExpiresOn: testDate.AddDate(0, 0, 30), Counter: counter}
		pdf, err := renderPINLetters(testSender, []PINLetter{l}, false)
		if err != nil {
			if len(pin) >= 4 && strings.Contains(err.Error(), pin) {
				t.Fatalf("the refusal quotes the PIN: %v", err)
			}
			return
		}
		checkPDFText(t, pdf, pin, regno)
	})
}

// checkPDFText reads an uncompressed PDF back and wants it printable,
// holding every one of want.
func checkPDFText(t *testing.T, pdf []byte, want ...string) {
	t.Helper()
	if bytes.IndexByte(pdf, 0x1b) >= 0 {
		t.Fatal("the PDF holds an ESC byte")
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatalf("the PDF does not read back: %v", err)
	}
	if strings.ContainsFunc(text, func(r rune) bool { return r != '\n' && unicode.IsControl(r) }) {
		t.Fatalf("control characters on the page: %q", text)
	}
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Fatalf("%q is not on the page:\n%s", w, text)
		}
	}
}

// Save writes a plain file name inside its folder and nowhere else.
func FuzzSave(f *testing.F) {
	for _, s := range []string{"receipt.pdf", "../escape.pdf", "a/b.pdf", "..", ".", "", "/etc/passwd", "a\x00b", "\\..\\x", "..."} {
		f.Add(s)
	}
	root := f.TempDir()
	f.Fuzz(func(t *testing.T, name string) {
		dir, err := os.MkdirTemp(root, "save")
		if err != nil {
			t.Fatal(err)
		}
		defer os.RemoveAll(dir)
		path, err := Save(dir, name, []byte("%PDF-"))
		if err != nil {
			return
		}
		if filepath.Dir(path) != dir || filepath.Base(path) != name {
			t.Fatalf("Save(%q) wrote %q outside %q", name, path, dir)
		}
		entries, _ := os.ReadDir(root)
		if len(entries) != 1 {
			t.Fatalf("Save(%q) left %d entries beside its folder", name, len(entries)-1)
		}
	})
}
