package mail_test

import (
	"context"
	"crypto/tls"
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central/mail"
)

const (
	from = "ne-pas-repondre@cnops.ma"
	to   = "etudiant@univ.ma"
)

var message = []byte("From: " + from + "\r\nTo: " + to + "\r\nSubject: test\r\n\r\nline one\r\n.starts with a dot\r\n")

func TestSMTPPlainWithoutCredentials(t *testing.T) {
	srv := newSMTPServer(t, nil)
	m := mail.SMTP{Host: "127.0.0.1", Port: srv.port()}
	if err := m.Send(context.Background(), from, []string{to}, message); err != nil {
		t.Fatal(err)
	}
	got, cmds, _ := srv.snapshot()
	if len(got) != 1 || got[0].from != from || !slices.Equal(got[0].to, []string{to}) || got[0].data != string(message) {
		t.Fatalf("received %+v", got)
	}
	if slices.Contains(cmds, "AUTH") {
		t.Error("no credentials: no AUTH")
	}
}

func TestSMTPRecipientRefusedForGood(t *testing.T) {
	srv := newSMTPServer(t, nil)
	m := mail.SMTP{Host: "127.0.0.1", Port: srv.port()}
	err := m.Send(context.Background(), from, []string{"nobody@univ.ma"}, message)
	if !errors.Is(err, mail.ErrRecipientRefused) {
		t.Fatalf("a 550 to RCPT: %v", err)
	}
	if got, _, _ := srv.snapshot(); len(got) != 0 {
		t.Fatalf("nothing delivered: %+v", got)
	}
	// A server that is down is not a refused recipient.
	down := mail.SMTP{Host: "127.0.0.1", Port: closedPort(t)}
	if err := down.Send(context.Background(), from, []string{to}, message); err == nil || errors.Is(err, mail.ErrRecipientRefused) {
		t.Fatalf("no server: %v", err)
	}
}

// closedPort is a loopback port nobody listens on.
func closedPort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}

func TestSMTPRefusesCredentialsInTheClear(t *testing.T) {
	srv := newSMTPServer(t, nil)
	m := mail.SMTP{Host: "127.0.0.1", Port: srv.port(), Username: "mailer", Password: "s3cret"}
	err := m.Send(context.Background(), from, []string{to}, message)
	if !errors.Is(err, mail.ErrCleartextAuth) {
		t.Fatalf("credentials without STARTTLS: %v", err)
	}
	got, cmds, _ := srv.snapshot()
	if len(got) != 0 || slices.Contains(cmds, "AUTH") || slices.Contains(cmds, "MAIL") {
		t.Fatalf("nothing may be sent: %v %+v", cmds, got)
	}
}

func TestSMTPStartTLSWithCredentials(t *testing.T) {
	cert, pool := selfSigned(t)
	srv := newSMTPServer(t, &tls.Config{Certificates: []tls.Certificate{cert}})
	m := mail.SMTP{Host: "127.0.0.1", Port: srv.port(), Username: "mailer", Password: "s3cret",
		TLS: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}
	if err := m.Send(context.Background(), from, []string{to}, message); err != nil {
		t.Fatal(err)
	}
	got, _, auth := srv.snapshot()
	if len(got) != 1 || !got[0].tls || got[0].data != string(message) {
		t.Fatalf("received %+v", got)
	}
	if !slices.Equal(auth, []bool{true}) {
		t.Fatalf("AUTH must come once, over TLS: %v", auth)
	}

	// Offered STARTTLS is used even without credentials.
	m.Username, m.Password = "", ""
	if err := m.Send(context.Background(), from, []string{to}, message); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := srv.snapshot(); len(got) != 2 || !got[1].tls {
		t.Fatalf("STARTTLS offered must be used: %+v", got)
	}

	// A certificate that does not verify stops the delivery: no fallback
	// to the clear.
	m.TLS = nil
	if err := m.Send(context.Background(), from, []string{to}, message); err == nil {
		t.Fatal("an untrusted certificate must fail the delivery")
	}
	if got, _, _ := srv.snapshot(); len(got) != 2 {
		t.Fatalf("nothing delivered after a failed STARTTLS: %d", len(got))
	}
}

func TestSMTPHonoursTheContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() { // accepts, then says nothing
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	m := mail.SMTP{Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port}
	err = m.Send(ctx, from, []string{to}, message)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("a silent server must fail at the deadline: %v after %v", err, time.Since(start))
	}
}

func TestEnvelopeIsChecked(t *testing.T) {
	dir := t.TempDir()
	for _, m := range []mail.Mailer{mail.Maildir{Dir: dir}, mail.SMTP{Host: "127.0.0.1", Port: 1}} {
		for _, c := range []struct {
			from string
			to   []string
			msg  []byte
		}{
			{from, []string{"a@b.ma>\r\nRCPT TO:<x@y.ma"}, message},
			{"Someone <" + from + ">", []string{to}, message},
			{from, nil, message},
			{from, []string{to}, nil},
		} {
			if err := m.Send(context.Background(), c.from, c.to, c.msg); err == nil || !strings.HasPrefix(err.Error(), "mail: ") {
				t.Errorf("%T %q %q: %v", m, c.from, c.to, err)
			}
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused envelope creates nothing: %v", entries)
	}
}

var maildirName = regexp.MustCompile(`^[0-9]+\.M[0-9]+P[0-9]+R[0-9a-f]{16}\.[^/:]+$`)

func TestMaildirLayoutAndPermissions(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "spool")
	m := mail.Maildir{Dir: dir}
	for range 2 {
		if err := m.Send(context.Background(), from, []string{to}, message); err != nil {
			t.Fatal(err)
		}
	}
	for _, sub := range []string{"", "tmp", "new", "cur"} {
		info, err := os.Stat(filepath.Join(dir, sub))
		if err != nil || !info.IsDir() || info.Mode().Perm() != 0o700 {
			t.Fatalf("%s: %v %v", sub, info, err)
		}
	}
	if tmp, _ := os.ReadDir(filepath.Join(dir, "tmp")); len(tmp) != 0 {
		t.Errorf("tmp must be empty after delivery: %v", tmp)
	}
	files, err := os.ReadDir(filepath.Join(dir, "new"))
	if err != nil || len(files) != 2 || files[0].Name() == files[1].Name() {
		t.Fatalf("two messages in new: %v %v", files, err)
	}
	for _, f := range files {
		if !maildirName.MatchString(f.Name()) {
			t.Errorf("maildir name time.MusecPpidRrandom.host: %q", f.Name())
		}
		info, _ := f.Info()
		if info.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v", f.Name(), info.Mode().Perm())
		}
		b, _ := os.ReadFile(filepath.Join(dir, "new", f.Name()))
		want := "Return-Path: <" + from + ">\r\nDelivered-To: " + to + "\r\n" + string(message)
		if string(b) != want {
			t.Errorf("content %q", b)
		}
	}
}
