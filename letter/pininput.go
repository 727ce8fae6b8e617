package letter

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Sender is what the fund prints on every letter and e-mail.
type Sender struct {
	PortalURL string   // the members' portal, an https address, e.g. https://portail.cnops.ma
	Name      string   // the fund as it signs ("" = DefaultSenderName)
	Address   []string // return address printed under Name on letters (optional, at most 4 lines)
}

// DefaultSenderName signs letters and e-mails when Sender.Name is empty.
const DefaultSenderName = "CNOPS"

// PINLetter is one temporary-PIN letter (or e-mail).
type PINLetter struct {
	FullName     string    // "BENNANI Youssef" (Latin script)
	AddressLines []string  // recipient block: line1, line2, quarter, "10000 Rabat", province (empty ones skipped)
	RegNo        string    // registration number, digits
	PIN          string    // digits
	IssuedAt     time.Time // when the PIN was generated
	// ExpiresOn is the last day the PIN works. Its calendar date is printed
	// as it is (a domain.Date is midnight UTC of that day), not converted
	// to Location.
	ExpiresOn time.Time
	Counter   bool           // handed over at the counter (otherwise posted or e-mailed)
	Location  *time.Location // members' time zone; nil means DefaultZone (Africa/Casablanca)
}

// InputError is a PIN letter or e-mail refused because of one field. Its
// text never holds the field's value (it may be the PIN or personal data).
type InputError struct {
	Index  int    // the letter's position in the batch (0 for an e-mail)
	Field  string // full_name, regno, pin, address, issued_at, expires_on, portal_url, sender, letters, from, to, date, message_id
	Reason string // in English, for logs
}

func (e *InputError) Error() string {
	return fmt.Sprintf("letter: PIN letter %d: %s: %s", e.Index+1, e.Field, e.Reason)
}

// Limits of a PIN letter's fields. The PIN bounds are those of
// domain.MinPINLength and MaxPINLength (this package imports nothing of
// ours), a little wider so that a policy change there is not refused here.
const (
	minPINDigits      = 4
	maxPINDigits      = 16
	maxRegNoDigits    = 32
	maxNameChars      = 150
	maxRecipientLines = 6 // the name and up to five address lines fit the envelope window
	maxSenderLines    = 4
	maxPortalURL      = 100
	maxValidityDays   = 366
)

// name is the fund's signature.
func (s Sender) name() string {
	if n := latin(s.Name); n != "" {
		return n
	}
	return DefaultSenderName
}

// check refuses a sender that would print a wrong or unsafe portal address.
func (s Sender) check() error {
	u := s.PortalURL
	switch {
	case !strings.HasPrefix(u, "https://") || len(u) <= len("https://") || len(u) > maxPortalURL:
		return &InputError{Field: "portal_url", Reason: "must be an https address of at most 100 characters"}
	case strings.ContainsFunc(u, func(r rune) bool { return r <= ' ' || r >= 0x7f }):
		return &InputError{Field: "portal_url", Reason: "must be printable ASCII without spaces"}
	case hasControl(s.Name) || utf8Len(s.Name) > maxNameChars:
		return &InputError{Field: "sender", Reason: "name has control characters or is too long"}
	case len(nonEmpty(s.Address)) > maxSenderLines:
		return &InputError{Field: "sender", Reason: fmt.Sprintf("at most %d address lines", maxSenderLines)}
	}
	return nil
}

// check refuses a letter that would mislead or could not be delivered:
// post letters need an address, the PIN must be digits (printed as one
// run, so a reader or a scanner sees exactly what the portal expects).
func (l PINLetter) check(index int, needAddress bool) error {
	bad := func(field, reason string) error { return &InputError{Index: index, Field: field, Reason: reason} }
	switch {
	case latin(l.FullName) == "":
		return bad("full_name", "required")
	case !strings.ContainsFunc(latin(l.FullName), unicode.IsLetter):
		return bad("full_name", "must be written in Latin script") // "?" on an envelope would not arrive
	case hasControl(l.FullName):
		return bad("full_name", "has control characters")
	case utf8Len(l.FullName) > maxNameChars:
		return bad("full_name", fmt.Sprintf("longer than %d characters", maxNameChars))
	case !digits(l.RegNo, 1, maxRegNoDigits):
		return bad("regno", fmt.Sprintf("must be 1 to %d digits", maxRegNoDigits))
	case !digits(l.PIN, minPINDigits, maxPINDigits):
		return bad("pin", fmt.Sprintf("must be %d to %d digits", minPINDigits, maxPINDigits))
	case l.IssuedAt.IsZero():
		return bad("issued_at", "required")
	case l.ExpiresOn.IsZero():
		return bad("expires_on", "required")
	}
	loc, err := zone(l.Location)
	if err != nil {
		return err
	}
	issued, expires := calendarDay(l.IssuedAt.In(loc)), calendarDay(l.ExpiresOn)
	switch {
	case expires.Before(issued):
		return bad("expires_on", "before the day of issue")
	case expires.After(issued.AddDate(0, 0, maxValidityDays)):
		return bad("expires_on", fmt.Sprintf("more than %d days after the day of issue", maxValidityDays))
	}
	lines := nonEmpty(l.AddressLines)
	switch {
	case needAddress && len(lines) == 0:
		return bad("address", "a posted letter needs an address")
	case len(lines) > maxRecipientLines-1:
		return bad("address", fmt.Sprintf("at most %d lines fit the envelope window", maxRecipientLines-1))
	}
	return nil
}

// calendarDay is t's date at midnight UTC, for comparing days.
func calendarDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// nonEmpty returns the lines that still hold something once sanitised.
func nonEmpty(lines []string) []string {
	var out []string
	for _, s := range lines {
		if s = latin(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func digits(s string, minLen, maxLen int) bool {
	if len(s) < minLen || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func hasControl(s string) bool { return strings.ContainsFunc(s, unicode.IsControl) }

func utf8Len(s string) int { return len([]rune(s)) }

// The wording shared by the letter and the e-mail, so both say the same.

const pinIntro = "Voici le code PIN temporaire qui vous permet d'accéder au portail des adhérents."

// pinValidity words the last day the PIN works.
func pinValidity(expires time.Time) string {
	return "Ce code est valable jusqu'au " + frenchDate(expires) + " inclus."
}

// pinSteps explains how to sign in; the portal address is printed on a
// line of its own after the first step, so it is never cut.
var pinSteps = [...]string{
	"1. Rendez-vous sur le portail des adhérents :",
	"2. Saisissez votre numéro d'immatriculation et ce code PIN temporaire.",
	"3. Choisissez votre mot de passe personnel : vous l'utiliserez désormais pour vous connecter.",
}

// pinOnce says what the centre enforces: the code works until its expiry
// and the newest one replaces the others (the portal has the member choose
// a password at the first sign-in).
const pinOnce = "Ce code sert à votre première connexion, jusqu'à la date indiquée. " +
	"Il remplace tout code envoyé auparavant, qui ne fonctionne plus."

const pinNeverShare = "Ne communiquez jamais ce code, à personne. " +
	"Nos services ne vous le demanderont jamais, ni par téléphone, ni par courriel, ni au guichet."

const pinNotAsked = "Si vous n'avez pas demandé ce code, signalez-le à votre mutuelle."

// pinCounterNote says the letter was handed over in person.
func pinCounterNote(at time.Time) string {
	return "Lettre remise en main propre au guichet le " + frenchDateTime(at) +
		", après vérification de l'identité du titulaire."
}
