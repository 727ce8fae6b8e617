// Package mail delivers the centre's e-mails (temporary PINs for students)
// through one Mailer interface: SMTP, which never sends a password in the
// clear and upgrades with STARTTLS whenever the server offers it, or a
// local Maildir spool for a centre without a mail server (another program
// or a person picks the messages up there). A message is delivered whole
// or not at all, and Send returns nil only once it was handed over: the
// centre activates a PIN only after that.
package mail

import "context"

// Mailer delivers one ready-made message (RFC 5322, headers included) to
// the envelope recipients.
type Mailer interface {
	Send(ctx context.Context, from string, to []string, msg []byte) error
}
