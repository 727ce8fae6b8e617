package tui

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/internal/hostile"
	"github.com/cnops/guichet/store"
)

// renderCase is a text that must never reach the terminal as it is
// (testdata/hostile/render.json): escape sequences, C1 controls, invalid
// UTF-8, bidi controls.
type renderCase struct {
	hostile.Case
	Text string `json:"text"`
}

// renderCIN is the CIN all the seeded members share: looking it up lists
// them all.
const renderCIN = "HX123456"

// renderSeeds are the rows seedRenderData added.
type renderSeeds struct {
	members []int64
	refs    []string
}

// seedRenderData adds, for each text, a member whose every text field
// carries it (as if the centre had sent it): names in both scripts, e-mail,
// phone, a spouse, a current and a former address, a pending address
// change with its evidence, a PIN reissue, and an account. With clean
// set, each text goes in sanitised instead: that database renders what
// the hostile one must render.
func seedRenderData(t *testing.T, f *fixture, texts []string, clean bool) renderSeeds {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+(&url.URL{Path: f.path}).EscapedPath()+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var hash string
	if err := raw.QueryRow(`SELECT password_hash FROM users WHERE username = 'agent'`).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	tx, err := raw.Begin() // one transaction: a commit per row would wait on the disk hundreds of times
	if err != nil {
		t.Fatal(err)
	}
	insert := func(t *testing.T, _ *sql.DB, q string, args ...any) int64 {
		t.Helper()
		res, err := tx.Exec(q, args...)
		if err != nil {
			t.Fatal(err)
		}
		id, err := res.LastInsertId()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	var s renderSeeds
	for i, p := range texts {
		if clean {
			p = domain.Sanitize(p)
		}
		regno := fmt.Sprintf("3%08d", i)
		id := insert(t, raw, `INSERT INTO members (regno, society_code, home_branch, cin, family_name, given_name,
			family_name_ar, given_name_ar, birth_date, sex, category, email, phone, status, version)
			VALUES (?, 'MGPAP', 'RAB01', ?, ?, ?, ?, ?, '1970-01-01', 'M', 'active', ?, ?, 'active', 1)`,
			regno, renderCIN, fmt.Sprintf("H%02d %s", i, p), p+"Karim", "حسن"+p, p, "k"+p+"@example.ma", "+2126"+p)
		insert(t, raw, `INSERT INTO beneficiaries (member_id, relation, family_name, given_name, family_name_ar,
			given_name_ar, birth_date, sex) VALUES (?, 'spouse', ?, ?, ?, ?, '1972-01-01', 'F')`, id, "S"+p, p, p, p)
		insert(t, raw, `INSERT INTO addresses (member_id, line1, line2, quarter, city, postal_code, province, line_ar,
			verified, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, '2021-07-01T00:00:00.000000000Z')`,
			id, "1 Rue "+p, p, p, "Rabat"+p, "10000"+p, p, "شارع"+p)
		insert(t, raw, `INSERT INTO addresses (member_id, line1, city, postal_code, verified, valid_from, valid_to)
			VALUES (?, ?, ?, '10080', 1, '2015-03-01T00:00:00.000000000Z', '2021-06-30T00:00:00.000000000Z')`,
			id, "5 Avenue "+p, p)
		evidence, err := json.Marshal(domain.Evidence{RegistrationCardCopy: true, CINCopy: true, CINReadOffCopy: p,
			SignedForm: true, FormNumber: p})
		if err != nil {
			t.Fatal(err)
		}
		ref := fmt.Sprintf("RAB01-20250614-%d", 900+i)
		insert(t, raw, `INSERT INTO address_requests (id, ref, member_id, branch, base_version, requested_by,
			requested_at, line1, line2, quarter, city, postal_code, province, line_ar, evidence)
			VALUES (?, ?, ?, 'RAB01', 1, ?, '2025-06-14T09:00:00.000000000Z', ?, ?, ?, ?, ?, ?, ?, ?)`,
			fmt.Sprintf("0190f5e4-8d3c-7c1a-9b2e-%012d", i), ref, id, "agent"+p, "2 Rue "+p, p, p, "Fès"+p,
			"30000", p, "زنقة"+p, string(evidence))
		insert(t, raw, `INSERT INTO pin_issues (id, member_id, regno, channel, state, requested_by, requested_at,
			expires_on, override_by, override_reason, updated_at) VALUES (?, ?, ?, 'post', 'active', ?,
			'2025-06-01T09:00:00.000000000Z', '2025-07-01', ?, ?, '2025-06-01T09:00:00.000000000Z')`,
			fmt.Sprintf("0190f5e4-8d3c-7c1a-9b2f-%012d", i), id, regno, "agent"+p, "super"+p, p)
		insert(t, raw, `INSERT INTO users (username, display_name, role, branch_code, password_hash, created_at)
			VALUES (?, ?, 'agent', 'RAB01', ?, '2025-06-01T09:00:00.000000000Z')`, fmt.Sprintf("u%02d", i), p, hash)
		s.members = append(s.members, id)
		s.refs = append(s.refs, ref)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	err = f.db.Write(context.Background(), func(tx *store.Tx) error {
		for _, id := range s.members {
			if err := tx.ReindexMember(context.Background(), id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// twin drives two consoles, one on hostile data and one on the same data
// sanitised, through the same keys, and compares what they show.
type twin struct {
	t              *testing.T
	hostile, clean *harness
	frames         int
}

func (w *twin) send(msgs ...tea.Msg) { w.hostile.send(msgs...); w.clean.send(msgs...) }
func (w *twin) press(keys ...string) { w.hostile.press(keys...); w.clean.press(keys...) }
func (w *twin) typ(s string)         { w.hostile.typ(s); w.clean.typ(s) }

// same checks the frame on screen. The hostile console's frame holds no
// control character but SGR style sequences, and only the ones the clean
// console's frame uses (a style from data would be new); and it shows the
// same text as the clean one, spaces aside (the console trims and pads
// names before it sanitises them, so a control character next to a space
// leaves a space where clean data leaves none).
func (w *twin) same(where string) {
	w.t.Helper()
	w.frames++
	got, want := w.hostile.content(), w.clean.content()
	if bad := hostile.Unsafe(got, true); bad != "" {
		w.t.Errorf("%s: the frame carries %s", where, bad)
	}
	styles := map[string]bool{}
	for _, s := range sgr.FindAllString(want, -1) {
		styles[s] = true
	}
	for _, s := range sgr.FindAllString(got, -1) {
		if !styles[s] {
			w.t.Errorf("%s: the frame of hostile data has a style the clean one lacks: %q", where, s)
		}
	}
	if g, c := visibleText(got), visibleText(want); g != c {
		w.t.Errorf("%s: the text of hostile data differs from the same data sanitised:\n%s\n----\n%s", where, ansi.Strip(got), ansi.Strip(want))
	}
}

// visible is the text a frame shows, without styles or spaces.
func visibleText(frame string) string {
	return strings.Join(strings.Fields(ansi.Strip(frame)), "")
}

// Escape sequences, C1 controls, invalid UTF-8 and bidi controls in data
// from the centre never reach the terminal: every screen that shows the
// renderSeeds members (lookup list, member file, PIN history, approval queue,
// request, accounts) renders them as it renders the same data sanitised,
// with no control character but the console's own styles; and so does
// the whole program through its real renderer.
func TestHostileDataNeverReachesTheTerminal(t *testing.T) {
	cases := hostile.Load[renderCase](t, "render.json")
	texts := make([]string, len(cases))
	for i, c := range cases {
		texts[i] = hostile.Expand(t, c.Text, nil)
	}
	fh, fc := newFixture(t), newFixture(t)
	seeds := seedRenderData(t, fh, texts, false)
	seedRenderData(t, fc, texts, true)
	t.Run("screens", func(t *testing.T) { checkScreens(t, cases, fh, fc, seeds) })
	t.Run("renderer", func(t *testing.T) { checkRenderer(t, cases, texts, fh, fc, seeds) })
}

// checkScreens drives a console on each database through every screen
// that shows the renderSeeds data and compares the frames.
func checkScreens(t *testing.T, cases []renderCase, fh, fc *fixture, seeds renderSeeds) {
	w := &twin{t: t, hostile: newHarness(t, fh.svc, Deps{}), clean: newHarness(t, fc.svc, Deps{})}
	w.send(tea.WindowSizeMsg{Width: 160, Height: 70})

	w.hostile.signIn("agent", agentPassword)
	w.clean.signIn("agent", agentPassword)
	w.same("home")
	w.typ(renderCIN)
	w.press("enter")
	w.same("lookup list")
	for i, id := range seeds.members {
		w.send(OpenMemberMsg{ID: id})
		w.same(cases[i].Name + ": member file")
		w.press("f7")
		w.same(cases[i].Name + ": PIN history")
		w.press("esc", "esc")
	}
	w.press("ctrl+l")

	w.hostile.signIn("super", superPassword)
	w.clean.signIn("super", superPassword)
	w.press("f7")
	w.same("approval queue")
	for i, ref := range seeds.refs {
		w.send(OpenRequestMsg{Ref: ref})
		w.same(cases[i].Name + ": request")
		w.press("esc")
	}
	w.press("ctrl+l")

	w.hostile.signIn("admin", adminPassword)
	w.clean.signIn("admin", adminPassword)
	w.same("accounts")
	if want := 4 + 3*len(cases); w.frames != want {
		t.Errorf("compared %d frames, want %d", w.frames, want)
	}
}

// programOutput runs the whole program on f's database in a real renderer:
// the agent signs in, looks the renderSeeds members up and opens each file. It
// returns every byte the program wrote to the terminal.
func programOutput(t *testing.T, f *fixture, seeds renderSeeds) []byte {
	t.Helper()
	tm := teatest.NewTestModel(t, New(context.Background(), Deps{Service: f.svc, Catalog: i18n.English(), IdleLock: time.Hour}),
		teatest.WithInitialTermSize(160, 60), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ANSI256)))
	var out bytes.Buffer
	wait := func(what string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if _, err := io.Copy(&out, tm.Output()); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(out.Bytes(), []byte(what)) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the program never showed %q", what)
			}
		}
	}
	wait("Sign in to this console")
	typeSignIn(tm, "agent", agentPassword)
	wait("results come as you type")
	tm.Type(renderCIN)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	wait("members for")
	for i, id := range seeds.members {
		tm.Send(OpenMemberMsg{ID: id})
		wait(fmt.Sprintf("3%08d", i))
		tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	}
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	if _, err := io.Copy(&out, tm.FinalOutput(t, teatest.WithFinalTimeout(5*time.Second))); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// escapeSeq matches the sequences a terminal acts on: CSI, OSC (ended by
// BEL or ST), the string sequences DCS, SOS, PM and APC, and two-byte
// escapes.
var escapeSeq = regexp.MustCompile("\x1b\\[[0-?]*[ -/]*[@-~]|\x1b\\][^\x07\x1b]*(?:\x07|\x1b\\\\)|\x1b[PX^_][^\x1b]*\x1b\\\\|\x1b[^\\[\\]PX^_]")

// rendererCSI matches the CSI sequences a renderer writes at any place
// and time (cursor moves, erasing, styles, modes): between two runs they
// differ with the frames' timing, so the View test judges those (it
// compares styles frame by frame); this one judges the rest.
var rendererCSI = regexp.MustCompile("^\x1b\\[[0-9;:?]*[A-HJKSTXfmhlr]$")

// rendererEsc are the two-byte escapes a renderer writes when it scrolls
// or keeps the cursor, as timing has it: the View test judges those too.
var rendererEsc = map[string]bool{"\x1bM": true, "\x1bD": true, "\x1bE": true, "\x1b7": true, "\x1b8": true,
	"\x1b=": true, "\x1b>": true}

// checkRenderer runs the whole program, through its real renderer, on
// each database: on hostile data it writes no OSC, DCS, SOS, PM, APC or
// two-byte escape but those it writes on the same data sanitised, no piece
// of an escape sequence of the corpus that a renderer never writes, no
// stray ESC and no C1 control.
func checkRenderer(t *testing.T, cases []renderCase, texts []string, fh, fc *fixture, seeds renderSeeds) {
	got, clean := programOutput(t, fh, seeds), programOutput(t, fc, seeds)

	own := map[string]bool{}
	for _, s := range escapeSeq.FindAll(clean, -1) {
		own[string(s)] = true
	}
	for _, s := range escapeSeq.FindAll(got, -1) {
		if !own[string(s)] && !bytes.HasPrefix(s, []byte("\x1b[")) && !rendererEsc[string(s)] {
			t.Errorf("the program wrote %q on hostile data, never on the same data sanitised", s)
		}
	}
	if rest := escapeSeq.ReplaceAll(got, nil); bytes.ContainsRune(rest, 0x1b) {
		i := bytes.IndexByte(rest, 0x1b)
		t.Errorf("a stray ESC in the output: %q", rest[max(0, i-20):min(len(rest), i+20)])
	}
	for i, c := range cases {
		for _, piece := range escapePieces(texts[i]) {
			if !rendererCSI.MatchString(piece) && !rendererEsc[piece] && bytes.Contains(got, []byte(piece)) {
				t.Errorf("%s: the output holds %q", c.Name, piece)
			}
		}
	}
	for i, r := range string(got) {
		if r >= 0x80 && r < 0xa0 {
			t.Errorf("C1 control %U at byte %d of the output", r, i)
			break
		}
	}
	if !utf8.Valid(got) {
		t.Error("the output is not valid UTF-8: a raw byte from data got through")
	}
}

// escapePieces are the parts of a text that start with an escape
// character or a C1 control, each up to the next one.
func escapePieces(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r == 0x1b || (r >= 0x80 && r < 0xa0) || (r == utf8.RuneError && i < len(s) && s[i] >= 0x80 && s[i] < 0xa0) {
			if start >= 0 {
				out = append(out, s[start:i])
			}
			start = i
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
