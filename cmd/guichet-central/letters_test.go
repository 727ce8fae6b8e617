package main

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/pdftext"
	"github.com/cnops/guichet/sync/wire"
)

// Members of the letters centre.
const (
	lettersPost    = "300000001"
	lettersStudent = "300000002"
)

// lettersCentre is a centre database with its keys (made by `keys
// generate`, configured in ./guichet-central.yaml with 12-digit PINs),
// a Rabat agent, a device, and the members above.
func lettersCentre(t *testing.T) (db string) {
	t.Helper()
	db = withBranch(t)
	dir := filepath.Dir(db)
	if r := centralCmd(t, "", "keys", "generate", "--dir", filepath.Join(dir, "keys")); r.code != 0 {
		t.Fatalf("keys generate: %+v", r)
	}
	write(t, filepath.Join(dir, "guichet-central.yaml"), "pin:\n  length: 12\n"+
		"  hmac_key_file: "+filepath.Join(dir, "keys", hmacKeyFileName)+"\n"+
		"  box_key_file: "+filepath.Join(dir, "keys", boxKeyFileName)+"\n")
	app, st := keyedCentre(t, db)
	defer app.Close()
	ctx := context.Background()
	_, dev, err := app.AddDevice(ctx, "Rabat counter 1", "RAB01")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	err = st.Write(ctx, func(tx central.Tx) error {
		if err := tx.InsertAccount(ctx, central.AccountRecord{Username: "amina", DisplayName: "Amina", Role: domain.RoleAgent,
			Branch: "RAB01", PasswordHash: "x", CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
		for _, m := range []wire.Member{
			{RegNo: lettersPost, FamilyName: "Benjelloun", GivenName: "Khadija", Category: "active", CIN: "AB123456",
				Address: &wire.Address{AddressInput: domain.AddressInput{Line1: "7 Rue Oued Sebou", City: "Rabat",
					PostalCode: "10080"}, Verified: true, ValidFrom: now.AddDate(-1, 0, 0)}},
			{RegNo: lettersStudent, FamilyName: "El Idrissi", GivenName: "Salma", Category: "student", CIN: "AB654321",
				Email: "salma.idrissi@um5.ac.ma"},
		} {
			m.Society, m.HomeBranch, m.BirthDate, m.Sex, m.Status, m.Version = "MGEN", "RAB01", "1990-01-01", "F", "active", 1
			m.Beneficiaries = []wire.Beneficiary{}
			if err := tx.InsertMember(ctx, m); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		regno string
		ch    domain.PINChannel
	}{{lettersPost, domain.ChannelPost}, {lettersStudent, domain.ChannelEmail}} {
		pushReissue(t, app, dev, r.regno, r.ch)
	}
	return db
}

// keyedCentre opens the database with the keys and policy the
// configuration names, as the commands do; close the App, which closes
// the store.
func keyedCentre(t *testing.T, db string) (*central.App, *sqlite.Store) {
	t.Helper()
	cfg, err := loadConfig("", nil)
	if err != nil {
		t.Fatal(err)
	}
	ring, err := loadPINKeys(cfg)
	if err != nil {
		t.Fatal(err)
	}
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return central.New(st, central.Options{PIN: cfg.PIN, PINKeys: ring.HMAC, BoxKey: ring.Box}), st
}

// pushReissue pushes a reissue by the Rabat agent from dev.
func pushReissue(t *testing.T, app *central.App, dev wire.Device, regno string, ch domain.PINChannel) {
	t.Helper()
	ev := domain.PINEvent{Kind: domain.EventPINReissued, IssueID: uuid.Must(uuid.NewV7()).String(), RegNo: regno,
		Channel: ch, Actor: "amina", At: time.Now().UTC()}
	payload, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := app.Push(context.Background(), dev, wire.PushRequest{Entries: []wire.Entry{{ID: uuid.Must(uuid.NewV7()).String(),
		Seq: 1, Kind: ev.Kind, RegNo: regno, CreatedAt: ev.At, Payload: payload}}})
	if err != nil || resp.Results[0].Status != wire.StatusApplied {
		t.Fatalf("reissue %s: %+v %v", regno, resp, err)
	}
}

// verifyPIN asks the centre as the portal does.
func verifyPIN(t *testing.T, db, regno, code string) string {
	t.Helper()
	app, _ := keyedCentre(t, db)
	defer app.Close()
	ctx := context.Background()
	token, err := app.AddPortalClient(ctx, "portal-"+uuid.NewString()[:8])
	if err != nil {
		t.Fatal(err)
	}
	client, err := app.AuthenticatePortal(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := app.VerifyPIN(ctx, client, wire.PINVerifyRequest{RegNo: regno, PIN: code})
	if err != nil {
		t.Fatal(err)
	}
	return resp.Result
}

var (
	letterPINText = regexp.MustCompile(`Votre code PIN temporaire\s*\n([0-9]{12})\n`)
	emailPINText  = regexp.MustCompile(`(?m)^\s*([0-9]{12})\s*$`)
)

func TestLettersCommandsEndToEnd(t *testing.T) {
	db := lettersCentre(t)
	dir := filepath.Dir(db)
	var outputs []string
	run := func(args ...string) result {
		t.Helper()
		r := centralCmd(t, "", append([]string{"--db", db}, args...)...)
		outputs = append(outputs, r.stdout, r.stderr)
		return r
	}
	loc, _ := time.LoadLocation("Africa/Casablanca")
	today := time.Now().In(loc).Format(domain.DateLayout)

	if r := run("letters", "export"); r.code != 2 {
		t.Fatalf("export without --date is a usage error: %+v", r)
	}
	if r := run("letters", "export", "--date", "16/03/2026"); r.code != 1 || !strings.Contains(r.stderr, "date") {
		t.Fatalf("a malformed date names the field: %+v", r)
	}
	r := run("letters", "export", "--date", today, "--json")
	var batch batchJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &batch) != nil || batch.Letters != 1 || batch.Refused != 0 {
		t.Fatalf("letters export: %+v", r)
	}
	if filepath.Dir(batch.Path) != filepath.Join(dir, "letters") || batch.Date != today {
		t.Fatalf("the batch goes beside the database by default: %+v", batch)
	}
	pdf, err := os.ReadFile(batch.Path)
	if err != nil {
		t.Fatal(err)
	}
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	found := letterPINText.FindStringSubmatch(text)
	if found == nil || !strings.Contains(text, "BENJELLOUN Khadija") {
		t.Fatalf("the letter's PIN and name: %q", text)
	}
	letterPIN := found[1]
	if got := verifyPIN(t, db, lettersPost, letterPIN); got != wire.PINValid {
		t.Fatalf("the letter's PIN: %s", got)
	}
	if r := run("letters", "export", "--date", today); r.code != 0 || !strings.Contains(r.stdout, "No letter due") {
		t.Fatalf("nothing left: %+v", r)
	}

	r = run("letters", "email")
	spool := filepath.Join(dir, "mail-spool")
	if r.code != 0 || !strings.Contains(r.stdout, "Sent 1 e-mail(s) into the maildir "+spool) {
		t.Fatalf("letters email: %+v", r)
	}
	files, err := os.ReadDir(filepath.Join(spool, "new"))
	if err != nil || len(files) != 1 {
		t.Fatalf("one message in the spool: %v %v", files, err)
	}
	raw, err := os.ReadFile(filepath.Join(spool, "new", files[0].Name()))
	if err != nil {
		t.Fatal(err)
	}
	found = emailPINText.FindStringSubmatch(string(raw))
	if found == nil || !strings.Contains(string(raw), "salma.idrissi@um5.ac.ma") {
		t.Fatalf("the e-mail's PIN: %q", raw)
	}
	mailPIN := found[1]
	if got := verifyPIN(t, db, lettersStudent, mailPIN); got != wire.PINValid {
		t.Fatalf("the e-mailed PIN: %s", got)
	}

	if r := run("letters", "returned", lettersPost, "--by", "clerk"); r.code != 0 || !strings.Contains(r.stdout, "unverified") {
		t.Fatalf("letters returned: %+v", r)
	}
	app, st := keyedCentre(t, db)
	var m wire.Member
	err = st.Read(context.Background(), func(r central.Reader) (err error) {
		m, _, err = r.Member(context.Background(), lettersPost)
		return err
	})
	app.Close()
	if err != nil || m.Address == nil || m.Address.Verified || m.Version != 2 {
		t.Fatalf("the address unverified, version 2: %+v %v", m.Address, err)
	}
	if got := verifyPIN(t, db, lettersPost, letterPIN); got == wire.PINValid {
		t.Fatal("the PIN of a returned letter must stop working")
	}
	if r := run("letters", "returned", lettersPost, "--by", "clerk"); r.code != 1 || !strings.Contains(r.stderr, "already unverified") {
		t.Fatalf("twice: %+v", r)
	}
	if r := run("letters", "returned", "399999999", "--by", "clerk"); r.code != 1 || r.stdout != "" {
		t.Fatalf("an unknown member: %+v", r)
	}

	// The PINs are in the letter and the e-mail, nowhere else.
	for _, path := range []string{db, db + "-wal"} {
		b, err := os.ReadFile(path)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		for _, code := range []string{letterPIN, mailPIN} {
			if bytes.Contains(b, []byte(code)) {
				t.Errorf("a PIN is in %s", path)
			}
		}
	}
	for _, out := range outputs {
		if strings.Contains(out, letterPIN) || strings.Contains(out, mailPIN) {
			t.Errorf("a PIN is in a command's output: %q", out)
		}
	}
	info, _ := os.Stat(batch.Path)
	if info.Mode().Perm() != 0o600 {
		t.Errorf("the batch is 0600: %v", info.Mode())
	}
}

func TestLettersCommandsNeedTheKeys(t *testing.T) {
	db := withBranch(t)
	for _, args := range [][]string{{"letters", "export", "--date", "2026-03-16"}, {"letters", "email"}} {
		r := centralCmd(t, "", append([]string{"--db", db}, args...)...)
		if r.code != 1 || !strings.Contains(r.stderr, "PIN keys") {
			t.Errorf("%v without keys: %+v", args, r)
		}
	}
	if entries, _ := os.ReadDir(filepath.Join(filepath.Dir(db), "letters")); len(entries) != 0 {
		t.Errorf("nothing written: %v", entries)
	}
}

func TestStartMailerSendsUntilTheContextEnds(t *testing.T) {
	db := lettersCentre(t)
	cfg, err := loadConfig("", nil)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabasePath, cfg.MailInterval = db, 20*time.Millisecond
	app, _ := keyedCentre(t, db)
	defer app.Close()
	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := startMailer(ctx, app, cfg, slog.New(slog.NewTextHandler(&logs, nil)))
	spool := filepath.Join(cfg.MailSpoolDir(), "new")
	waitFor := func(n int) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			if files, _ := os.ReadDir(spool); len(files) == n {
				return
			}
		}
		t.Fatalf("%d e-mail(s) expected in %s; log: %s", n, spool, logs.String())
	}
	waitFor(1)
	// A reissue made while it runs goes at a later tick.
	_, dev, err := app.AddDevice(ctx, "Rabat counter 2", "RAB01")
	if err != nil {
		t.Fatal(err)
	}
	// The limit allows three reissues in 30 days: this is the second.
	pushReissue(t, app, dev, lettersStudent, domain.ChannelEmail)
	waitFor(2)
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the mailer must stop when its context ends")
	}
	if strings.Contains(logs.String(), "level=WARN") || strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("no failure expected: %s", logs.String())
	}
}
