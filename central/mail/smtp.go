package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"strconv"
	"time"
)

// Timeouts of one delivery when ctx has no earlier deadline: a server
// that does not answer must not hold the PIN e-mails behind it for long
// (the centre claims a reissue for a little longer than a send may take).
const (
	DefaultSMTPTimeout = 30 * time.Second // connection, dialogue and data
	smtpDialTimeout    = 10 * time.Second
)

// ErrCleartextAuth refuses to hand credentials to a server that does not
// offer STARTTLS: the password would cross the network in the clear.
var ErrCleartextAuth = errors.New("mail: the SMTP server does not offer STARTTLS; credentials are never sent in the clear")

// ErrRecipientRefused is a recipient the server refused for good (a 5xx
// reply to RCPT): sending again will not help, unlike a server that is
// down.
var ErrRecipientRefused = errors.New("mail: recipient refused by the server")

// SMTP delivers through a mail server. It upgrades the connection with
// STARTTLS whenever the server offers it (and then never falls back to
// the clear), and with credentials it requires STARTTLS.
type SMTP struct {
	Host               string
	Port               int
	Username, Password string
	// TLS configures STARTTLS; nil verifies the server's certificate for
	// Host against the system's roots, TLS 1.2 at least.
	TLS *tls.Config
	// HelloName is the name given in EHLO (default "localhost").
	HelloName string
}

// Send delivers msg in one SMTP dialogue, within ctx and
// DefaultSMTPTimeout.
func (s SMTP) Send(ctx context.Context, from string, to []string, msg []byte) error {
	if err := checkEnvelope(from, to, msg); err != nil {
		return err
	}
	if s.Host == "" || s.Port < 1 || s.Port > 65535 {
		return fmt.Errorf("mail: smtp: no server (host %q, port %d)", s.Host, s.Port)
	}
	ctx, cancel := context.WithTimeout(ctx, DefaultSMTPTimeout)
	defer cancel()
	addr := net.JoinHostPort(s.Host, strconv.Itoa(s.Port))
	dialer := net.Dialer{Timeout: smtpDialTimeout}
	conn, err := dialer.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("mail: smtp %s: %w", addr, err)
	}
	defer conn.Close()
	// The dialogue ends with ctx: its deadline bounds every read and
	// write, and a cancellation closes the connection.
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	if err := s.dialogue(conn, from, to, msg); err != nil {
		// The connection's deadline is ctx's: its timeout is ctx's, even
		// when it fires a moment before ctx notices.
		if ctxErr := ctx.Err(); ctxErr != nil {
			err = fmt.Errorf("%w (%w)", ctxErr, err)
		} else if errors.Is(err, os.ErrDeadlineExceeded) {
			err = fmt.Errorf("%w (%w)", context.DeadlineExceeded, err)
		}
		return fmt.Errorf("mail: smtp %s: %w", addr, err)
	}
	return nil
}

func (s SMTP) dialogue(conn net.Conn, from string, to []string, msg []byte) error {
	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		return err
	}
	defer c.Close()
	hello := s.HelloName
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return err
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := s.TLS.Clone()
		if cfg == nil {
			cfg = &tls.Config{MinVersion: tls.VersionTLS12}
		}
		if cfg.ServerName == "" {
			cfg.ServerName = s.Host
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	} else if s.Username != "" || s.Password != "" {
		return ErrCleartextAuth
	}
	if s.Username != "" || s.Password != "" {
		if ok, _ := c.Extension("AUTH"); !ok {
			return errors.New("the server offers no authentication, yet credentials are configured")
		}
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("authentication: %w", err)
		}
	}
	if err := c.Mail(from); err != nil {
		return err
	}
	for _, rcpt := range to {
		if err := c.Rcpt(rcpt); err != nil {
			var reply *textproto.Error
			if errors.As(err, &reply) && reply.Code >= 500 {
				return fmt.Errorf("%w: %w", ErrRecipientRefused, err)
			}
			return fmt.Errorf("recipient: %w", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := w.Write(msg); err != nil {
		w.Close()
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	// The server has taken the message: a failed QUIT must not count as
	// a failed send, or the member would hold a PIN that never activated.
	c.Quit()
	return nil
}
