package letter

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"
	"time"
)

var (
	testFrom  = "ne-pas-repondre@cnops.ma"
	testTo    = "y.bennani@um5.ac.ma"
	testDate  = time.Date(2026, 11, 25, 13, 35, 0, 0, time.UTC)
	testMsgID = "pin-7f3a9c@guichet.cnops.ma"
)

func pinEmail(t *testing.T, l PINLetter) (*mail.Message, string, []byte) {
	t.Helper()
	raw, err := PINEmail(testSender, l, testFrom, testTo, testDate, testMsgID)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not an RFC 5322 message: %v\n%s", err, raw)
	}
	body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil {
		t.Fatal(err)
	}
	return msg, strings.ReplaceAll(string(body), "\r\n", "\n"), raw
}

func TestPINEmailHeaders(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	l.FullName = "AÏT BENHADDOU Fatima-Zahra"
	msg, _, _ := pinEmail(t, l)
	h := msg.Header
	from, err := mail.ParseAddress(h.Get("From"))
	if err != nil || from.Address != testFrom || from.Name != "CNOPS" {
		t.Errorf("From = %q (%v)", h.Get("From"), err)
	}
	to, err := mail.ParseAddress(h.Get("To"))
	if err != nil || to.Address != testTo || to.Name != l.FullName {
		t.Errorf("To = %q → %+v (%v)", h.Get("To"), to, err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(h.Get("Subject"))
	if err != nil || subject != pinSubject {
		t.Errorf("Subject %q decodes to %q (%v)", h.Get("Subject"), subject, err)
	}
	if !strings.Contains(h.Get("Subject"), "=?UTF-8?q?") {
		t.Errorf("Subject not RFC 2047 encoded: %q", h.Get("Subject"))
	}
	if d, err := h.Date(); err != nil || !d.Equal(testDate) {
		t.Errorf("Date = %q (%v)", h.Get("Date"), err)
	}
	if got := h.Get("Date"); !strings.HasSuffix(got, "+0100") {
		t.Errorf("Date %q not in Casablanca time", got)
	}
	for k, want := range map[string]string{
		"Message-Id":                "<" + testMsgID + ">",
		"Mime-Version":              "1.0",
		"Content-Type":              "text/plain; charset=UTF-8",
		"Content-Transfer-Encoding": "quoted-printable",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
}

func TestPINEmailBody(t *testing.T) {
	msg, body, raw := pinEmail(t, pinLetterFor(t, bennani, testPIN))
	_ = msg
	for _, w := range []string{
		"Bonjour BENNANI Youssef,",
		"Numéro d'immatriculation : 1234567890",
		"\n    " + testPIN + "\n",
		"Ce code est valable jusqu'au 25 décembre 2026 inclus.",
		"\n   https://portail.cnops.ma\n",
		"Saisissez votre numéro d'immatriculation et ce code PIN temporaire.",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("body lacks %q\n%s", w, body)
		}
	}
	flat := strings.Join(strings.Fields(body), " ")
	for _, w := range []string{pinIntro, pinOnce, pinNeverShare, pinNotAsked} {
		if !strings.Contains(flat, w) {
			t.Errorf("body lacks %q", w)
		}
	}
	for _, secret := range []string{bennani.cin, bennani.ppr, bennani.phone} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("e-mail holds %q", secret)
		}
	}
	for i, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line %d is %d characters: %q", i+1, len(line), line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("line %d has a bare CR or LF: %q", i+1, line)
		}
	}
}

func TestPINEmailIsDeterministic(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	_, _, a := pinEmail(t, l)
	_, _, b := pinEmail(t, l)
	if !bytes.Equal(a, b) {
		t.Error("the same e-mail written twice differs")
	}
}

func TestPINEmailKeepsTheSendersDisplayNameAndLongNames(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	l.FullName = "EL MOUSSAOUI BENABDELLAH Fatima-Zahra Oum Keltoum Aïcha Lalla Khadija Zineb"
	raw, err := PINEmail(testSender, l, `"Mutuelle Générale" <contact@mgpap.ma>`, "Fatima <f.z@um5.ac.ma>", testDate, "<id.1@x.ma>")
	if err != nil {
		t.Fatal(err)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if from, err := mail.ParseAddress(msg.Header.Get("From")); err != nil || from.Name != "Mutuelle Générale" {
		t.Errorf("From = %q (%v)", msg.Header.Get("From"), err)
	}
	// The member's name is the one on file, not the one in the address.
	if to, err := mail.ParseAddress(msg.Header.Get("To")); err != nil || to.Name != l.FullName || to.Address != "f.z@um5.ac.ma" {
		t.Errorf("To = %q (%v)", msg.Header.Get("To"), err)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 {
			t.Errorf("line of %d characters: %q", len(line), line)
		}
	}
}

func TestPINEmailRefusesInjection(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	for name, c := range map[string]struct {
		from, to, id, fullName string
		field                  string
	}{
		"CRLF in from":          {from: testFrom + "\r\nBcc: evil@x.ma", field: "from"},
		"LF in to":              {to: testTo + "\nBcc: evil@x.ma", field: "to"},
		"encoded CRLF in name":  {from: "=?utf-8?q?CNOPS=0D=0ABcc:_evil@x.ma?= <" + testFrom + ">", field: "from"},
		"CRLF in member name":   {fullName: "BENNANI Youssef\r\nBcc: evil@x.ma", field: "full_name"},
		"CRLF in Message-ID":    {id: "a@b\r\nBcc: evil@x.ma", field: "message_id"},
		"two addresses":         {to: testTo + ", evil@x.ma", field: "to"},
		"not an address":        {to: "y.bennani", field: "to"},
		"non-ASCII address":     {to: "yâ@um5.ac.ma", field: "to"},
		"Message-ID without @":  {id: "abc", field: "message_id"},
		"Message-ID with space": {id: "a b@c", field: "message_id"},
		"Message-ID too long":   {id: strings.Repeat("a", 60) + "@cnops.ma", field: "message_id"},
	} {
		from, to, id, m := testFrom, testTo, testMsgID, l
		if c.from != "" {
			from = c.from
		}
		if c.to != "" {
			to = c.to
		}
		if c.id != "" {
			id = c.id
		}
		if c.fullName != "" {
			m.FullName = c.fullName
		}
		raw, err := PINEmail(testSender, m, from, to, testDate, id)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Field != c.field {
			t.Errorf("%s: err = %v, want field %s; message:\n%s", name, err, c.field, raw)
			continue
		}
		if strings.Contains(err.Error(), testPIN) {
			t.Errorf("%s: error shows the PIN", name)
		}
	}
	if _, err := PINEmail(testSender, l, testFrom, testTo, time.Time{}, testMsgID); err == nil {
		t.Error("no date accepted")
	}
	bad := l
	bad.PIN = "1234 5678"
	if _, err := PINEmail(testSender, bad, testFrom, testTo, testDate, testMsgID); err == nil {
		t.Error("grouped PIN accepted")
	}
	noAddress := l
	noAddress.AddressLines = nil // an e-mail needs no postal address
	if _, err := PINEmail(testSender, noAddress, testFrom, testTo, testDate, testMsgID); err != nil {
		t.Errorf("e-mail without postal address: %v", err)
	}
}

func TestPINEmailStripsDisguisingMarks(t *testing.T) {
	l := pinLetterFor(t, bennani, testPIN)
	l.FullName = "BENNANI \u202eYoussef\u200b"
	_, body, raw := pinEmail(t, l)
	if !strings.Contains(body, "Bonjour BENNANI Youssef,") || bytes.Contains(raw, []byte("\u202e")) {
		t.Errorf("bidi override kept:\n%s", body)
	}
}
