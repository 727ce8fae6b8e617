package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/mail"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/pdftext"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/wire"
)

// pinWorld is a world whose centre holds PIN keys, with 12-digit PINs on
// both sides (so that no PPR or phone number matches a PIN by chance when
// the files are scanned), both sides logging into one buffer, a counter
// printer that keeps each letter in printed/, and a portal client.
type pinWorld struct {
	*world
	logs     *lockedBuffer
	printed  string // where the counter printer puts letters
	outside  string // letters, e-mails: the only places a PIN may be
	portal   string // the portal client's token
	consoles []*console
	policy   domain.PINPolicy
	box      pin.BoxKey // the centre's sealed-box key pair at start
}

func newPINWorld(t *testing.T) *pinWorld {
	t.Helper()
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	policy := domain.DefaultPINPolicy(loc)
	policy.Length = 12
	box, err := pin.GenerateBoxKey("b1")
	if err != nil {
		t.Fatal(err)
	}
	keys, err := pin.NewHMACKeys("h1", bytes.Repeat([]byte{0x5a}, 32))
	if err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	w := &pinWorld{logs: logs, outside: t.TempDir(), policy: policy, box: box}
	w.world = newWorldWith(t, 300, central.Options{PIN: policy, PINKeys: keys, BoxKey: box, Logger: logger})
	w.log = logger
	w.printed = filepath.Join(w.outside, "printed")
	if err := os.Mkdir(w.printed, 0o700); err != nil {
		t.Fatal(err)
	}
	printer := filepath.Join(t.TempDir(), "printer.sh")
	script := "#!/bin/sh\ncat > " + filepath.Join(w.printed, "letter-$(date +%s%N).pdf") + "\n"
	if err := os.WriteFile(printer, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	w.tune = func(p *service.Policy) {
		p.PIN, p.Location, p.PrintCommand, p.PortalURL = policy, loc, printer, "https://portail.cnops.ma"
	}
	if w.portal, err = w.app.AddPortalClient(w.ctx, "portal"); err != nil {
		t.Fatal(err)
	}
	w.addSupervisor()
	return w
}

func (w *pinWorld) newConsole(name string) *console {
	c := w.console(name)
	w.consoles = append(w.consoles, c)
	return c
}

// verify asks the centre, as the portal does, whether code opens regno.
func (w *pinWorld) verify(regno, code string) string {
	w.t.Helper()
	body, _ := json.Marshal(wire.PINVerifyRequest{RegNo: regno, PIN: code})
	req, err := http.NewRequest(http.MethodPost, w.srv.URL+wire.PathPINVerify, bytes.NewReader(body))
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+w.portal)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans wire.PINVerifyResponse
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&ans) != nil {
		w.t.Fatalf("verify: HTTP %d", resp.StatusCode)
	}
	return ans.Result
}

// lastPrinted returns the PIN on the newest counter letter.
func (w *pinWorld) lastPrinted(regno string) string {
	w.t.Helper()
	files, err := filepath.Glob(filepath.Join(w.printed, "letter-*.pdf"))
	if err != nil || len(files) == 0 {
		w.t.Fatalf("no letter printed (%v)", err)
	}
	slices.Sort(files)
	pdf, err := os.ReadFile(files[len(files)-1])
	if err != nil {
		w.t.Fatal(err)
	}
	pins := pinsIn(w.t, pdf, regno)
	if len(pins) != 1 {
		w.t.Fatalf("the letter shows %d PINs", len(pins))
	}
	return pins[0]
}

var twelveDigits = regexp.MustCompile(`\b[0-9]{12}\b`)

// pinsIn lists the 12-digit numbers a letter shows, other than regno.
func pinsIn(t *testing.T, pdf []byte, regno string) []string {
	t.Helper()
	text, err := pdftext.Text(pdf)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, regno) {
		t.Fatalf("the letter does not name registration number %s", regno)
	}
	var out []string
	for _, n := range twelveDigits.FindAllString(text, -1) {
		if n != regno {
			out = append(out, n)
		}
	}
	return out
}

// assertNowhere scans every file of the centre and the consoles (databases
// with their WAL, documents) and both sides' logs for the PINs; only the
// letters and e-mails (w.outside) may hold them.
func (w *pinWorld) assertNowhere(pins ...string) {
	w.t.Helper()
	dirs := []string{w.dir}
	for _, c := range w.consoles {
		dirs = append(dirs, filepath.Dir(c.path))
	}
	scanned := 0
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			scanned++
			for _, p := range pins {
				if bytes.Contains(data, []byte(p)) {
					w.t.Errorf("PIN found in %s", path)
				}
			}
			return nil
		})
		if err != nil {
			w.t.Fatal(err)
		}
	}
	for _, p := range pins {
		if strings.Contains(w.logs.String(), p) {
			w.t.Errorf("PIN found in the logs")
		}
	}
	if scanned < 4 { // two databases and their WAL files at least
		w.t.Fatalf("scanned only %d files", scanned)
	}
}

// memberWhere returns the file of the first member here matching cond.
func memberWhere(c *console, cond string) store.MemberFile {
	c.t.Helper()
	var id int64
	if err := c.query(`SELECT m.id FROM members m JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
		WHERE m.status = 'active' AND ` + cond + ` ORDER BY m.id LIMIT 1`).Scan(&id); err != nil {
		c.t.Fatalf("no member where %s: %v", cond, err)
	}
	f, err := c.db.MemberFile(c.ctx, id)
	if err != nil {
		c.t.Fatal(err)
	}
	return f
}

func TestCounterPINAfterAnApprovedAddressVerifiesAtTheCentre(t *testing.T) {
	w := newPINWorld(t)
	c := w.newConsole("counter-1")
	agent, super := c.signIn("agent", agentPW), c.signIn("supervisor", superPW)
	m := memberWhere(c, "m.category <> 'student'")
	req := c.request(agent, m, "27 avenue Hassan II")
	c.pass()
	if _, err := c.svc.ApproveAddressChange(c.ctx, super, req.Ref); err != nil {
		t.Fatal(err)
	}
	c.pass()

	// Just approved: the cooling-off needs a second supervisor.
	in := service.PINReissueInput{MemberID: m.Member.ID, Channel: domain.ChannelCounter}
	if _, err := c.svc.ReissuePIN(c.ctx, agent, in); !errors.Is(err, domain.ErrPINCoolingOff) {
		t.Fatalf("reissue in the cooling-off without override: %v", err)
	}
	in.Override = &service.Consent{Username: super2, Password: super2PW, Reason: "member leaves for Dakhla tonight"}
	if _, err := c.svc.ReissuePIN(c.ctx, agent, in); err != nil {
		t.Fatal(err)
	}
	first := w.lastPrinted(m.Member.RegNo)
	if got := w.verify(m.Member.RegNo, first); got != wire.PINInvalid {
		t.Fatalf("before sync the centre answers %s", got)
	}
	c.pass()
	if got := w.verify(m.Member.RegNo, first); got != wire.PINValid {
		t.Fatalf("printed PIN after sync: %s", got)
	}

	time.Sleep(2 * time.Millisecond) // the next letter's file name
	if _, err := c.svc.ReissuePIN(c.ctx, agent, in); err != nil {
		t.Fatal(err)
	}
	second := w.lastPrinted(m.Member.RegNo)
	c.pass()
	if got := w.verify(m.Member.RegNo, second); got != wire.PINValid {
		t.Errorf("newest PIN: %s", got)
	}
	if got := w.verify(m.Member.RegNo, first); got != wire.PINInvalid {
		t.Errorf("superseded PIN: %s", got)
	}

	// The console learns the centre's states on the next pull.
	c.pass()
	ov, err := c.svc.PINOverview(c.ctx, agent, m.Member.ID)
	if err != nil {
		t.Fatal(err)
	}
	var states []domain.PINState
	for _, h := range ov.History {
		states = append(states, h.State)
	}
	if !slices.Equal(states, []domain.PINState{domain.PINActive, domain.PINSuperseded}) {
		t.Errorf("history states %v, want active then superseded", states)
	}
	w.assertNowhere(first, second)
}

func TestPostPINComesOutInTheLetterBatch(t *testing.T) {
	w := newPINWorld(t)
	c := w.newConsole("counter-1")
	agent := c.signIn("agent", agentPW)
	m := memberWhere(c, "a.verified = 1 AND m.category <> 'student'")
	if _, err := c.svc.ReissuePIN(c.ctx, agent, service.PINReissueInput{MemberID: m.Member.ID, Channel: domain.ChannelPost}); err != nil {
		t.Fatal(err)
	}
	c.pass()
	y, mo, d := time.Now().In(w.policy.Location).Date()
	today := domain.Date{Time: time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)}
	batch, err := w.app.ExportLetters(w.ctx, today, filepath.Join(w.outside, "letters"), letter.Sender{PortalURL: "https://portail.cnops.ma"})
	if err != nil || batch.Letters != 1 {
		t.Fatalf("export: %+v, %v", batch, err)
	}
	pdf, err := os.ReadFile(batch.Path)
	if err != nil {
		t.Fatal(err)
	}
	text, _ := pdftext.Text(pdf)
	if !strings.Contains(text, strings.ToUpper(m.Member.FamilyName)) || strings.Contains(text, m.Member.CIN) {
		t.Errorf("the batch does not name the member %q, or shows the CIN:\n%s", m.Member.FamilyName, text)
	}
	pins := pinsIn(t, pdf, m.Member.RegNo)
	if len(pins) != 1 {
		t.Fatalf("batch shows %d PINs", len(pins))
	}
	if got := w.verify(m.Member.RegNo, pins[0]); got != wire.PINValid {
		t.Errorf("posted PIN: %s", got)
	}
	c.pass()
	ov, err := c.svc.PINOverview(c.ctx, agent, m.Member.ID)
	if err != nil || len(ov.History) != 1 || ov.History[0].State != domain.PINActive || ov.History[0].ExpiresOn.IsZero() {
		t.Errorf("console history after the batch: %+v, %v", ov.History, err)
	}

	// The post brings the letter back: the PIN stops, and after the next
	// pull the console sees the address unverified (in place, history kept).
	if err := w.app.LetterReturned(w.ctx, m.Member.RegNo, "courrier"); err != nil {
		t.Fatal(err)
	}
	if got := w.verify(m.Member.RegNo, pins[0]); got != wire.PINInvalid {
		t.Errorf("PIN of a returned letter: %s", got)
	}
	c.pass()
	f, err := c.db.MemberFile(c.ctx, m.Member.ID)
	if err != nil || len(f.Addresses) != len(m.Addresses) || f.Addresses[0].Verified || f.Addresses[0].ValidTo != nil {
		t.Fatalf("addresses after the return: %+v (was %d), %v", f.Addresses, len(m.Addresses), err)
	}
	if _, err := c.svc.ReissuePIN(c.ctx, agent, service.PINReissueInput{MemberID: m.Member.ID, Channel: domain.ChannelPost}); !errors.Is(err, domain.ErrPINAddressUnverified) {
		t.Errorf("post reissue to a returned address: %v", err)
	}
	ov, _ = c.svc.PINOverview(c.ctx, agent, m.Member.ID)
	if len(ov.History) != 1 || ov.History[0].State != domain.PINReturned {
		t.Errorf("history after the return: %+v", ov.History)
	}
	w.assertNowhere(pins...)
}

func TestEmailPINLandsInTheSpool(t *testing.T) {
	w := newPINWorld(t)
	c := w.newConsole("counter-1")
	agent := c.signIn("agent", agentPW)
	m := memberWhere(c, "m.category = 'student' AND m.email <> ''")
	if _, err := c.svc.ReissuePIN(c.ctx, agent, service.PINReissueInput{MemberID: m.Member.ID, Channel: domain.ChannelEmail}); err != nil {
		t.Fatal(err)
	}
	c.pass()
	spool := filepath.Join(w.outside, "spool")
	sent, err := w.app.SendEmails(w.ctx, mail.Maildir{Dir: spool}, "ne-pas-repondre@cnops.ma", letter.Sender{PortalURL: "https://portail.cnops.ma"})
	if err != nil || sent != 1 {
		t.Fatalf("sent %d, %v", sent, err)
	}
	files, _ := filepath.Glob(filepath.Join(spool, "new", "*"))
	if len(files) != 1 {
		t.Fatalf("%d messages in the spool", len(files))
	}
	msg, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(msg, []byte(m.Member.Email)) {
		t.Error("the message is not addressed to the student's e-mail")
	}
	var code string
	for _, n := range twelveDigits.FindAllString(string(msg), -1) {
		if n != m.Member.RegNo {
			code = n
		}
	}
	if got := w.verify(m.Member.RegNo, code); code == "" || got != wire.PINValid {
		t.Fatalf("e-mailed PIN %q: %s", code, got)
	}
	w.assertNowhere(code)
}

// lockedBuffer is a log sink both sides write to at once.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
