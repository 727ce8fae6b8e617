package letter

import (
	"bytes"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
	"unicode"
)

// pinSubject is the e-mail's subject, in French.
const pinSubject = "Votre code PIN temporaire pour le portail des adhérents"

// Limits of an e-mail's header lines (RFC 5322 asks for at most 78
// characters): a Message-ID is never folded, so it must fit on its line.
const (
	maxHeaderLine = 78
	maxMessageID  = maxHeaderLine - len("Message-ID: <>")
	maxBodyLine   = 72
)

// PINEmail writes the temporary-PIN e-mail for l as an RFC 5322 message:
// text/plain in UTF-8, quoted-printable, in French, with the same content
// as the letter (name, registration number, PIN, expiry, how to sign in).
// from is the fund's address (a display name in it is kept, otherwise
// Sender.Name is used), to the member's; both must be plain ASCII
// addresses. messageID is "left@right", with or without angle brackets.
// date is written in l.Location. Nothing from the input can add a header
// line: CR, LF and other control characters are refused (*InputError).
// The same input gives the same bytes.
func PINEmail(s Sender, l PINLetter, from, to string, date time.Time, messageID string) ([]byte, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if err := l.check(0, false); err != nil {
		return nil, err
	}
	fromAddr, err := emailAddress("from", from)
	if err != nil {
		return nil, err
	}
	toAddr, err := emailAddress("to", to)
	if err != nil {
		return nil, err
	}
	if date.IsZero() {
		return nil, &InputError{Field: "date", Reason: "required"}
	}
	id, err := messageIDOf(messageID)
	if err != nil {
		return nil, err
	}
	loc, err := zone(l.Location)
	if err != nil {
		return nil, err
	}
	if fromAddr.Name == "" {
		fromAddr.Name = s.name()
	}
	name := cleanName(l.FullName)

	var b bytes.Buffer
	header(&b, "From", fromAddr.String())
	header(&b, "To", (&mail.Address{Name: name, Address: toAddr.Address}).String())
	header(&b, "Subject", encodeUnstructured(pinSubject))
	header(&b, "Date", date.In(loc).Format(time.RFC1123Z))
	header(&b, "Message-ID", "<"+id+">")
	header(&b, "MIME-Version", "1.0")
	header(&b, "Content-Type", "text/plain; charset=UTF-8")
	header(&b, "Content-Transfer-Encoding", "quoted-printable")
	header(&b, "Content-Language", "fr")
	header(&b, "Auto-Submitted", "auto-generated") // no vacation replies
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b) // lines of at most 76 characters, CRLF
	if _, err := qp.Write([]byte(pinEmailBody(s, l, name))); err != nil {
		return nil, fmt.Errorf("letter: e-mail body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, fmt.Errorf("letter: e-mail body: %w", err)
	}
	return b.Bytes(), nil
}

// pinEmailBody is the message text, wrapped for reading in any mail client.
func pinEmailBody(s Sender, l PINLetter, name string) string {
	var b strings.Builder
	para := func(lines ...string) {
		for _, line := range lines {
			for _, w := range wrapWords(line, maxBodyLine) {
				b.WriteString(w + "\n")
			}
		}
		b.WriteString("\n")
	}
	para("Bonjour " + name + ",")
	para(pinIntro)
	para("Numéro d'immatriculation : " + l.RegNo)
	para("Votre code PIN temporaire :")
	para("    " + l.PIN) // alone on its line: easy to copy, never cut
	para(pinValidity(l.ExpiresOn))
	para("Pour vous connecter :", pinSteps[0], "   "+s.PortalURL, pinSteps[1], pinSteps[2])
	para(pinOnce)
	para(pinNeverShare)
	para(pinNotAsked)
	para("Ce message a été envoyé automatiquement : merci de ne pas y répondre.")
	b.WriteString("Le service des adhérents\n" + s.name() + "\n")
	return b.String()
}

// emailAddress parses one address of the envelope. Raw CR or LF, a
// non-ASCII address (it would need SMTPUTF8) or control characters in the
// decoded display name are refused.
func emailAddress(field, raw string) (*mail.Address, error) {
	bad := func(reason string) error { return &InputError{Field: field, Reason: reason} }
	if strings.ContainsAny(raw, "\r\n") {
		return nil, bad("has a line break")
	}
	a, err := mail.ParseAddress(raw)
	if err != nil {
		return nil, bad("not an e-mail address")
	}
	if strings.ContainsFunc(a.Address, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
		return nil, bad("the address must be plain ASCII")
	}
	if hasControl(a.Name) {
		return nil, bad("the display name has control characters")
	}
	return a, nil
}

// messageIDOf checks a Message-ID's "left@right" (angle brackets optional):
// printable ASCII without spaces or specials, short enough for its line.
func messageIDOf(raw string) (string, error) {
	id := strings.TrimSuffix(strings.TrimPrefix(raw, "<"), ">")
	left, right, ok := strings.Cut(id, "@")
	switch {
	case !ok || left == "" || right == "" || len(id) > maxMessageID:
		return "", &InputError{Field: "message_id", Reason: fmt.Sprintf("must be left@right, at most %d characters", maxMessageID)}
	case strings.ContainsFunc(id, func(r rune) bool {
		return r <= ' ' || r >= 0x7f || strings.ContainsRune(`<>()[]\",;:`, r)
	}) || strings.Count(id, "@") != 1:
		return "", &InputError{Field: "message_id", Reason: "must be printable ASCII without spaces or specials"}
	}
	return id, nil
}

// cleanName is the member's name for the e-mail: it may keep any script
// (the message is UTF-8), without bidi or zero-width marks that could
// disguise the text around it, spaces collapsed.
func cleanName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

// encodeUnstructured encodes a header text (RFC 2047, Q encoding) word
// by word, so the header can be folded between words: ASCII words stay as
// they are, each run of other words becomes one encoded-word (white space
// between two encoded-words is dropped by readers, so a run is never split).
func encodeUnstructured(s string) string {
	var out, run []string
	flush := func() {
		if len(run) > 0 {
			out = append(out, mime.QEncoding.Encode("UTF-8", strings.Join(run, " ")))
			run = nil
		}
	}
	for _, w := range strings.Fields(s) {
		if strings.ContainsFunc(w, func(r rune) bool { return r < ' ' || r >= 0x7f }) || strings.HasPrefix(w, "=?") {
			run = append(run, w)
			continue
		}
		flush()
		out = append(out, w)
	}
	flush()
	return strings.Join(out, " ")
}

// header writes "Name: value" folded at spaces into lines of at most
// maxHeaderLine characters where it can: a word is never cut, but may
// start on the line after "Name:" (an encoded-word is up to 75 characters).
func header(b *bytes.Buffer, name, value string) {
	line := name + ":"
	for _, w := range strings.Split(value, " ") {
		if len(line)+1+len(w) > maxHeaderLine && strings.TrimSpace(line) != "" {
			b.WriteString(line + "\r\n")
			line = ""
		}
		line += " " + w
	}
	b.WriteString(line + "\r\n")
}

// wrapWords splits a line at spaces into lines of at most n characters (a
// longer word stays whole); the line's indentation is kept on its first.
func wrapWords(s string, n int) []string {
	trimmed := strings.TrimLeft(s, " ")
	out := []string{s[:len(s)-len(trimmed)]}
	for _, w := range strings.Fields(trimmed) {
		cur := &out[len(out)-1]
		switch {
		case strings.TrimSpace(*cur) == "":
			*cur += w
		case utf8Len(*cur)+1+utf8Len(w) <= n:
			*cur += " " + w
		default:
			out = append(out, w)
		}
	}
	return out
}
