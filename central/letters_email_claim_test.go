package central_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/cnops/guichet/central/mail"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// slowMailer delivers into a maildir after running during, which stands
// for the time a mail server takes to answer.
type slowMailer struct {
	mail.Maildir
	during func()
}

func (m slowMailer) Send(ctx context.Context, from string, to []string, msg []byte) error {
	m.during()
	return m.Maildir.Send(ctx, from, to, msg)
}

// While the mail server takes its time, devices push and the portal
// verifies: sending holds no write transaction.
func TestEmailSendLetsOtherWritesThrough(t *testing.T) {
	f := newLettersFixture(t)
	f.pushReissue(student, domain.ChannelEmail)
	counter, code := f.counter(agent, postA)
	var during []string
	m := slowMailer{Maildir: mail.Maildir{Dir: filepath.Join(t.TempDir(), "spool")}, during: func() {
		ctx, cancel := context.WithTimeout(f.ctx, 5*time.Second)
		defer cancel()
		resp, err := f.app.Push(ctx, f.rabA, wire.PushRequest{Entries: []wire.Entry{pinEntry(t, counter)}})
		if err != nil {
			t.Errorf("a push while an e-mail is being sent: %v", err)
			return
		}
		during = append(during, resp.Results[0].Status, f.verify(postA, code))
	}}
	if sent, err := f.app.SendEmails(f.ctx, m, mailFrom, sender); err != nil || sent != 1 {
		t.Fatalf("one e-mail: %d %v", sent, err)
	}
	if len(during) != 2 || during[0] != wire.StatusApplied || during[1] != wire.PINValid {
		t.Fatalf("push and verification during the send: %v", during)
	}
}

// A sender that dies after the message went out, before it activated the
// PIN: that PIN never works, and once the dead sender's claim has lapsed
// the next run sends a new one, which does.
func TestEmailSentButNotActivatedIsSentAgain(t *testing.T) {
	f := newLettersFixture(t)
	id := f.pushReissue(student, domain.ChannelEmail)
	spool := filepath.Join(t.TempDir(), "spool")
	spooler := mail.Maildir{Dir: spool}
	func() {
		defer func() { recover() }()
		f.app.SendEmails(f.ctx, crashAfterSend{spooler}, mailFrom, sender)
		t.Fatal("the sender was meant to die")
	}()
	msgs := readSpool(t, spool)
	if len(msgs) != 1 {
		t.Fatalf("the message went out: %+v", msgs)
	}
	lost := emailPIN.FindStringSubmatch(msgs[0].body)[1]
	if p := f.issue(student, id); p.State != domain.PINRequested || p.Verifier != "" || p.ExpiresOn != "" {
		t.Fatalf("nothing active after the crash: %+v", p)
	}
	if got := f.verify(student, lost); got != wire.PINInvalid {
		t.Fatalf("the PIN of a send that never activated: %s", got)
	}

	// Another run at once leaves it to the claim's holder...
	if sent, err := f.app.SendEmails(f.ctx, spooler, mailFrom, sender); err != nil || sent != 0 {
		t.Fatalf("a claimed reissue is not sent twice: %d %v", sent, err)
	}
	// ...until the claim lapses.
	f.clock = f.clock.Add(5 * time.Minute)
	if sent, err := f.app.SendEmails(f.ctx, spooler, mailFrom, sender); err != nil || sent != 1 {
		t.Fatalf("the next run after the claim lapsed: %d %v", sent, err)
	}
	msgs = readSpool(t, spool)
	var fresh string
	for _, m := range msgs {
		if code := emailPIN.FindStringSubmatch(m.body)[1]; code != lost {
			fresh = code
		}
	}
	if len(msgs) != 2 || fresh == "" || f.verify(student, fresh) != wire.PINValid || f.verify(student, lost) != wire.PINInvalid {
		t.Fatalf("only the PIN of the send that activated works (%d messages)", len(msgs))
	}
	if p := f.issue(student, id); p.State != domain.PINActive || p.Batch == "" {
		t.Fatalf("active, its batch the second message: %+v", p)
	}
	f.noPINs([]string{lost, fresh})
}

// crashAfterSend delivers, then dies as a killed process would, before
// anything else runs.
type crashAfterSend struct{ mail.Mailer }

func (c crashAfterSend) Send(ctx context.Context, from string, to []string, msg []byte) error {
	if err := c.Mailer.Send(ctx, from, to, msg); err != nil {
		return err
	}
	panic("killed")
}
