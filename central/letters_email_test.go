package central_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cnops/guichet/central/mail"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// spooled is one message of the maildir spool, decoded.
type spooled struct {
	to, messageID, body string
}

func readSpool(t *testing.T, dir string) []spooled {
	t.Helper()
	files, err := os.ReadDir(filepath.Join(dir, "new"))
	if err != nil {
		t.Fatal(err)
	}
	var out []spooled
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(dir, "new", f.Name()))
		if err != nil {
			t.Fatal(err)
		}
		msg, err := netmail.ReadMessage(strings.NewReader(string(raw)))
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			t.Fatal(err)
		}
		to, err := netmail.ParseAddress(msg.Header.Get("To"))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, spooled{to: to.Address, messageID: msg.Header.Get("Message-ID"), body: string(body)})
	}
	return out
}

func TestEmailsLandInTheSpoolAndTheirPINsVerify(t *testing.T) {
	f := newLettersFixture(t)
	idS, idB, idBad := f.pushReissue(student, domain.ChannelEmail), f.pushReissue(studentB, domain.ChannelEmail),
		f.pushReissue(badEmail, domain.ChannelEmail)

	// The mail server is down: nothing goes, nothing activates.
	down := mail.SMTP{Host: "127.0.0.1", Port: closedPort(t)}
	sent, err := f.app.SendEmails(f.ctx, down, mailFrom, sender)
	if err == nil || sent != 0 {
		t.Fatalf("a failed send: %d %v", sent, err)
	}
	for regno, id := range map[string]string{student: idS, studentB: idB, badEmail: idBad} {
		if p := f.issue(regno, id); p.State != domain.PINRequested || p.Verifier != "" || p.Batch != "" {
			t.Fatalf("after a failed send %s must still be requested: %+v", regno, p)
		}
	}

	spool := filepath.Join(t.TempDir(), "mail-spool")
	sent, err = f.app.SendEmails(f.ctx, mail.Maildir{Dir: spool}, mailFrom, sender)
	if err != nil || sent != 2 {
		t.Fatalf("two e-mails: %d %v", sent, err)
	}
	msgs := readSpool(t, spool)
	if len(msgs) != 2 {
		t.Fatalf("two messages in the spool: %+v", msgs)
	}
	emails := map[string]string{"salma.idrissi@um5.ac.ma": student, "y.chraibi@uca.ac.ma": studentB}
	ids := map[string]string{student: idS, studentB: idB}
	var pins []string
	for _, m := range msgs {
		regno := emails[m.to]
		found := emailPIN.FindAllStringSubmatch(m.body, -1)
		if regno == "" || len(found) != 1 || !strings.Contains(m.body, regno) {
			t.Fatalf("a message to %s with one PIN and the registration number: %q", m.to, m.body)
		}
		code := found[0][1]
		pins = append(pins, code)
		if got := f.verify(regno, code); got != wire.PINValid {
			t.Errorf("%s: the e-mailed PIN is %s", regno, got)
		}
		p := f.issue(regno, ids[regno])
		if p.State != domain.PINActive || p.Batch != m.messageID || p.Batch == "" {
			t.Errorf("%s: active, its batch the Message-ID %s: %+v", regno, m.messageID, p)
		}
	}
	if pins[0] == pins[1] {
		t.Fatal("each e-mail has its own PIN")
	}
	if p := f.issue(badEmail, idBad); p.State != domain.PINRefused || p.Verifier != "" {
		t.Fatalf("an e-mail that is no address is refused: %+v", p)
	}
	if got := f.pinFeed(f.rabA)[idBad]; got.State != string(domain.PINRefused) {
		t.Fatalf("the refusal reaches the consoles: %+v", got)
	}

	if sent, err := f.app.SendEmails(f.ctx, mail.Maildir{Dir: spool}, mailFrom, sender); err != nil || sent != 0 {
		t.Fatalf("nothing left to send: %d %v", sent, err)
	}
	f.noPINs(pins)
}

// refusingServer is a mail server that refuses every recipient for good,
// as the mail package reports a 5xx answer to RCPT.
type refusingServer struct{ tried int }

func (r *refusingServer) Send(context.Context, string, []string, []byte) error {
	r.tried++
	return fmt.Errorf("%w: 550 no such user", mail.ErrRecipientRefused)
}

func TestEmailRefusedRecipientDoesNotHoldTheQueue(t *testing.T) {
	f := newLettersFixture(t)
	idS, idB := f.pushReissue(student, domain.ChannelEmail), f.pushReissue(studentB, domain.ChannelEmail)
	server := &refusingServer{}
	sent, err := f.app.SendEmails(f.ctx, server, mailFrom, sender)
	if err != nil || sent != 0 || server.tried != 2 {
		t.Fatalf("both tried, none sent, no error: %d %v %d", sent, err, server.tried)
	}
	for regno, id := range map[string]string{student: idS, studentB: idB} {
		if p := f.issue(regno, id); p.State != domain.PINRefused || p.Verifier != "" {
			t.Errorf("%s: refused, nothing active: %+v", regno, p)
		}
	}
}

func TestSendEmailsChecksItsInput(t *testing.T) {
	f := newLettersFixture(t)
	f.pushReissue(student, domain.ChannelEmail)
	spool := t.TempDir()
	for _, from := range []string{"", "CNOPS <" + mailFrom + ">", "no address"} {
		if _, err := f.app.SendEmails(f.ctx, mail.Maildir{Dir: spool}, from, sender); !isField(err, "from") {
			t.Errorf("from %q: %v", from, err)
		}
	}
	if _, err := f.app.SendEmails(f.ctx, mail.Maildir{Dir: spool}, mailFrom, sender0()); err == nil {
		t.Error("a sender the e-mail cannot carry is an error")
	}
	if entries, _ := os.ReadDir(filepath.Join(spool, "new")); len(entries) != 0 {
		t.Fatalf("nothing sent: %v", entries)
	}
	ctx, cancel := context.WithCancel(f.ctx)
	cancel()
	if _, err := f.app.SendEmails(ctx, mail.Maildir{Dir: spool}, mailFrom, sender); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled run: %v", err)
	}
}

// closedPort is a loopback port nobody listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port
}
