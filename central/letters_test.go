package central_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/sync/wire"
)

// dayOf is the members' calendar day of t.
func (f *lettersFixture) dayOf(t time.Time) domain.Date {
	y, m, d := t.In(f.loc).Date()
	return domain.Date{Time: time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

func TestExportLettersOnePDFWhosePINsVerify(t *testing.T) {
	f := newLettersFixture(t)
	idA, idB := f.pushReissue(postA, domain.ChannelPost), f.pushReissue(postB, domain.ChannelPost)
	y, m, d := f.clock.In(f.loc).Date()
	midnight := time.Date(y, m, d+1, 0, 0, 0, 0, f.loc)
	f.clock = midnight.Add(2 * time.Hour) // the batch of the day before, run the next morning

	dir := filepath.Join(t.TempDir(), "letters")
	batch, err := f.app.ExportLetters(f.ctx, f.dayOf(midnight.Add(-time.Hour)), dir, sender)
	if err != nil {
		t.Fatal(err)
	}
	if batch.Letters != 2 || batch.Refused != 0 || batch.ID == "" {
		t.Fatalf("batch %+v", batch)
	}
	wantName := "letters-" + f.dayOf(midnight.Add(-time.Hour)).String() + "-" + batch.ID + ".pdf"
	if filepath.Dir(batch.Path) != dir || filepath.Base(batch.Path) != wantName {
		t.Fatalf("path %s, want %s in %s", batch.Path, wantName, dir)
	}
	info, err := os.Stat(batch.Path)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("the batch must be 0600: %v %v", info, err)
	}
	if dinfo, _ := os.Stat(dir); dinfo.Mode().Perm() != 0o700 {
		t.Fatalf("the letters folder must be 0700: %v", dinfo.Mode())
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("one file, no temporary left: %v", entries)
	}
	pdf, err := os.ReadFile(batch.Path)
	if err != nil {
		t.Fatal(err)
	}
	pins, text := letterPINs(t, pdf)
	for _, name := range []string{"BENJELLOUN Khadija", "TAZI Omar", "7 Rue Oued Sebou", "30000 Fès"} {
		if !strings.Contains(text, name) {
			t.Errorf("the batch does not show %q", name)
		}
	}
	if len(pins) != 2 || len(pins[postA]) != 12 || len(pins[postB]) != 12 || pins[postA] == pins[postB] {
		t.Fatalf("one 12-digit PIN per letter: %v\n%s", pins, text)
	}
	for _, regno := range []string{postA, postB} {
		if got := f.verify(regno, pins[regno]); got != wire.PINValid {
			t.Errorf("%s: its letter's PIN is %s", regno, got)
		}
	}
	other := "123456789012"
	if other == pins[postA] {
		other = "210987654321"
	}
	if got := f.verify(postA, other); got != wire.PINInvalid {
		t.Errorf("another PIN: %s", got)
	}
	if got := f.verify(postA, pins[postB]); got != wire.PINInvalid {
		t.Errorf("another member's PIN: %s", got)
	}

	wantExpiry := domain.PINExpiry(f.clock, domain.DefaultPINPolicy(f.loc)).String()
	for regno, id := range map[string]string{postA: idA, postB: idB} {
		p := f.issue(regno, id)
		if p.State != domain.PINActive || p.Batch != batch.ID || p.ExpiresOn != wantExpiry || p.KeyID != "h1" || p.Verifier == "" {
			t.Errorf("%s after the export: %+v", regno, p)
		}
	}
	items := f.pinFeed(f.rabA)
	for _, id := range []string{idA, idB} {
		if p, ok := items[id]; !ok || p.State != string(domain.PINActive) || p.ExpiresOn != wantExpiry {
			t.Errorf("the feed must carry issue %s active: %+v", id, p)
		}
	}

	again, err := f.app.ExportLetters(f.ctx, f.dayOf(midnight.Add(-time.Hour)), dir, sender)
	if err != nil || again.Letters != 0 || again.Refused != 0 || again.Path != "" {
		t.Fatalf("a second export finds nothing: %+v %v", again, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("no file for an empty batch: %v", entries)
	}
	f.noPINs([]string{pins[postA], pins[postB]})
}

func TestExportLettersNextDayAndRefusal(t *testing.T) {
	f := newLettersFixture(t)
	y, m, d := f.clock.In(f.loc).Date()
	midnight := time.Date(y, m, d+1, 0, 0, 0, 0, f.loc)
	f.clock = midnight.Add(-time.Minute)
	idA := f.pushReissue(postA, domain.ChannelPost)
	f.clock = midnight.Add(time.Minute)
	idB := f.pushReissue(postB, domain.ChannelPost)
	dir := t.TempDir()

	first, err := f.app.ExportLetters(f.ctx, f.dayOf(midnight.Add(-time.Minute)), dir, sender)
	if err != nil || first.Letters != 1 {
		t.Fatalf("the day's batch holds the reissue applied before the members' midnight: %+v %v", first, err)
	}
	if f.issue(postB, idB).State != domain.PINRequested {
		t.Fatal("the reissue applied after midnight waits for the next day's batch")
	}
	if f.issue(postA, idA).State != domain.PINActive {
		t.Fatal("postA's letter went out")
	}

	// Its address comes back unverified before the next batch: no letter.
	if err := f.app.LetterReturned(f.ctx, postB, "courrier"); err != nil {
		t.Fatal(err)
	}
	second, err := f.app.ExportLetters(f.ctx, f.dayOf(midnight.Add(time.Minute)), dir, sender)
	if err != nil || second.Letters != 0 || second.Refused != 1 || second.Path != "" {
		t.Fatalf("an unverified address gets no letter: %+v %v", second, err)
	}
	p := f.issue(postB, idB)
	if p.State != domain.PINRefused || p.Verifier != "" || p.ExpiresOn != "" {
		t.Fatalf("refused, with no PIN made: %+v", p)
	}
	if got := f.pinFeed(f.rabA)[idB]; got.State != string(domain.PINRefused) {
		t.Fatalf("the consoles learn the refusal: %+v", got)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("only the first batch is on disk: %v", entries)
	}
}

func TestExportLettersNeedsTheKeyAndTheFile(t *testing.T) {
	f := newLettersFixture(t)
	id := f.pushReissue(postA, domain.ChannelPost)
	noKey := central.New(f.st, central.Options{Now: func() time.Time { return f.clock }})
	if _, err := noKey.ExportLetters(f.ctx, f.dayOf(f.clock), t.TempDir(), sender); !errors.Is(err, domain.ErrPINNoKey) {
		t.Fatalf("without the HMAC key: %v", err)
	}
	if _, err := f.app.ExportLetters(f.ctx, domain.Date{}, t.TempDir(), sender); !isField(err, "date") {
		t.Fatalf("no date: %v", err)
	}

	// A folder that cannot be written: the write fails, nothing activates.
	blocked := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := f.app.ExportLetters(f.ctx, f.dayOf(f.clock), filepath.Join(blocked, "letters"), sender); err == nil {
		t.Fatal("an unwritable folder must fail the export")
	}
	if p := f.issue(postA, id); p.State != domain.PINRequested || p.Verifier != "" || p.Batch != "" {
		t.Fatalf("a failed export leaves the issue requested: %+v", p)
	}

	// A sender the letters cannot carry fails before anything is written.
	dir := t.TempDir()
	if _, err := f.app.ExportLetters(f.ctx, f.dayOf(f.clock), dir, sender0()); err == nil {
		t.Fatal("a portal address that is not https must fail the export")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 || f.issue(postA, id).State != domain.PINRequested {
		t.Fatalf("nothing written, nothing active: %v", entries)
	}
}

func TestExportLettersRefusesALetterThatCannotBePrinted(t *testing.T) {
	f := newLettersFixture(t)
	idWide, idA := f.pushReissue(tooWide, domain.ChannelPost), f.pushReissue(postA, domain.ChannelPost)
	batch, err := f.app.ExportLetters(f.ctx, f.dayOf(f.clock), t.TempDir(), sender)
	if err != nil || batch.Letters != 1 || batch.Refused != 1 {
		t.Fatalf("one letter, one refused, the batch not held up: %+v %v", batch, err)
	}
	if p := f.issue(tooWide, idWide); p.State != domain.PINRefused || p.Verifier != "" {
		t.Fatalf("the address that does not fit the window: %+v", p)
	}
	pdf, err := os.ReadFile(batch.Path)
	if err != nil {
		t.Fatal(err)
	}
	pins, text := letterPINs(t, pdf)
	if len(pins) != 1 || strings.Contains(text, "FASSI") || f.verify(postA, pins[postA]) != wire.PINValid {
		t.Fatalf("only postA's letter: %v", pins)
	}
	if p := f.issue(postA, idA); p.State != domain.PINActive {
		t.Fatalf("postA: %+v", p)
	}
}

// failingCommit is the centre's real store whose writes never commit: the
// transaction does its work, then is rolled back, as when COMMIT fails.
type failingCommit struct{ central.Storage }

var errCommit = errors.New("disk I/O error at commit")

func (s failingCommit) Write(ctx context.Context, fn func(central.Tx) error) error {
	err := s.Storage.Write(ctx, func(tx central.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		return errCommit
	})
	return err
}

func TestExportLettersRemovesThePDFWhenTheWriteFails(t *testing.T) {
	f := newLettersFixture(t)
	id := f.pushReissue(postA, domain.ChannelPost)
	failing := central.New(failingCommit{f.st}, central.Options{PIN: pinPolicy12(f.loc), PINKeys: f.keys,
		Now: func() time.Time { return f.clock }})
	dir := t.TempDir()
	if _, err := failing.ExportLetters(f.ctx, f.dayOf(f.clock), dir, sender); !errors.Is(err, errCommit) {
		t.Fatalf("the commit's failure: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("the PDF of PINs that never activated must go: %v", entries)
	}
	if p := f.issue(postA, id); p.State != domain.PINRequested || p.Verifier != "" {
		t.Fatalf("nothing active: %+v", p)
	}
}

// pinFeed is the newest state of each PIN item in a device's feed.
func (f *lettersFixture) pinFeed(dev wire.Device) map[string]wire.PIN {
	f.t.Helper()
	page, err := f.app.Feed(f.ctx, dev, 0, 0)
	if err != nil {
		f.t.Fatal(err)
	}
	out := map[string]wire.PIN{}
	for _, it := range page.Items {
		if it.Kind == wire.ItemPIN {
			out[it.PIN.ID] = *it.PIN
		}
	}
	return out
}

// sender0 is a sender whose portal address letters refuse to print.
func sender0() letter.Sender { return letter.Sender{PortalURL: "http://portail.cnops.ma"} }
