package chaos

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite"
)

// The accounts the harness adds at the centre (`guichet-central users
// add`); the provisioned console receives them with the feed.
const (
	agentUser       = "chaos-agent"
	agentPassword   = "chaos-agent-password-1"
	supervisorUser  = "chaos-supervisor"
	supervisorPass  = "chaos-supervisor-password-1"
	maxReissues     = "100" // both sides: the workload reissues often, the limit is not under test
	deviceTokenFile = "device.token"
)

// world is one centre and one console provisioned from it, each with its
// own folder, driven only through the binaries' command lines.
type world struct {
	dir       string
	centre    *centre
	console   string // guichet binary
	consoleDB string
	branch    string
	deviceID  string
	members   []*member
	// What the centre held of each member before the chaos: the checks
	// compare the end with it.
	before map[string]memberAtCentre
}

// member is a member of the console's branch as the harness knows it.
type member struct {
	regno, cin string
	verified   bool // known to have a verified address (PIN reissues need one)
	state      memberState
	pendingRef string
}

type memberState int

const (
	idle    memberState = iota // no pending request, as far as the harness knows
	pending                    // a pending request the harness knows (pendingRef)
	unknown                    // a command on it was killed or failed: ask the console
)

// setUp makes the world: a demo centre with its accounts, keys and
// device (prepareCentre), served, and the console provisioned from it
// (`guichet provision`), the provisioning itself killed at a random
// moment (it must resume).
func setUp(dir, consoleBin, centreBin string, members int, rng *rand.Rand, kills *killCount) (*world, error) {
	cdir := filepath.Join(dir, "centre")
	w := &world{dir: dir, console: consoleBin, consoleDB: filepath.Join(dir, "console", "guichet.db")}
	for _, d := range []string{cdir, filepath.Dir(w.consoleDB), w.scanDir()} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return nil, err
		}
	}
	var err error
	if w.centre, err = newCentre(centreBin, cdir); err != nil {
		return nil, err
	}
	token, err := w.prepareCentre(members)
	if err != nil {
		return w, err
	}
	if err := w.centre.start(); err != nil {
		return w, err
	}
	if err := w.provision(token, rng, kills); err != nil {
		return w, err
	}
	return w, w.loadMembers()
}

// prepareCentre seeds the centre with demo members (`demo seed`), makes
// its PIN keys (`keys generate`), adds an agent and a supervisor (`users
// add`) in the branch of the demo's own accounts (`users list`) and
// registers the console (`devices add`), whose token it writes to a file
// only its owner reads.
func (w *world) prepareCentre(members int) (tokenFile string, err error) {
	c := w.centre
	must := func(o outcome, what string) error {
		if !o.ok() {
			return fmt.Errorf("%s: %s", what, o)
		}
		return nil
	}
	if err := must(c.admin("", "demo", "seed", "--members", fmt.Sprint(members), "--seed", "1"), "demo seed"); err != nil {
		return "", err
	}
	if err := must(c.admin("", "keys", "generate", "--dir", filepath.Join(c.dir, "keys")), "keys generate"); err != nil {
		return "", err
	}
	o := c.admin("", "users", "list", "--json")
	if err := must(o, "users list"); err != nil {
		return "", err
	}
	var accounts []struct{ Username, Branch string }
	if err := json.Unmarshal([]byte(o.stdout), &accounts); err != nil {
		return "", fmt.Errorf("users list --json: %v", err)
	}
	for _, a := range accounts {
		if a.Username == "agent" {
			w.branch = a.Branch
		}
	}
	if w.branch == "" {
		return "", fmt.Errorf("the demo centre has no agent account to take the branch from: %s", o.stdout)
	}
	for _, u := range []struct{ name, role, pass string }{{agentUser, "agent", agentPassword}, {supervisorUser, "supervisor", supervisorPass}} {
		o := c.admin(u.pass+"\n", "users", "add", u.name, "--display-name", "Chaos "+u.role, "--role", u.role,
			"--branch", w.branch, "--password-stdin")
		if err := must(o, "users add "+u.name); err != nil {
			return "", err
		}
	}
	o = c.admin("", "devices", "add", "--name", "chaos counter", "--branch", w.branch, "--json")
	if err := must(o, "devices add"); err != nil {
		return "", err
	}
	var dev struct{ ID, Token string }
	if err := json.Unmarshal([]byte(o.stdout), &dev); err != nil || dev.Token == "" {
		return "", fmt.Errorf("devices add --json: %v", err)
	}
	w.deviceID = dev.ID
	tokenFile = filepath.Join(w.dir, deviceTokenFile)
	return tokenFile, os.WriteFile(tokenFile, []byte(dev.Token+"\n"), 0o600)
}

// provision runs `guichet provision`, killed at a random moment of its
// first run (when that comes before it ends), then again until it
// succeeds.
func (w *world) provision(token string, rng *rand.Rand, kills *killCount) error {
	args := []string{"provision", "--central", w.centre.url, "--token-file", token}
	delay := time.Duration(rng.Float64() * float64(150*time.Millisecond))
	for attempt := range 5 {
		p, err := start(w.command(nil, args...), hangLimit)
		if err != nil {
			return err
		}
		if attempt == 0 {
			p.killAfter(delay)
		}
		switch o := p.wait(); {
		case o.ok():
			return nil
		case !o.killed:
			return fmt.Errorf("provision (run %d): %s", attempt+1, o)
		}
		kills.add("provision")
	}
	return fmt.Errorf("provision did not succeed in 5 runs")
}

// command is a console command line on the world's database, with the
// centre's current address and extra environment.
func (w *world) command(env []string, args ...string) *exec.Cmd {
	cmd := exec.Command(w.console, append([]string{"--db", w.consoleDB}, args...)...)
	cmd.Dir = filepath.Dir(w.consoleDB)
	cmd.Env = environment(append([]string{"XDG_CONFIG_HOME=" + filepath.Join(w.dir, "xdg"),
		"GUICHET_SYNC_CENTRAL_URL=" + w.centre.url, "GUICHET_SYNC_TIMEOUT=10s",
		"GUICHET_PIN_MAX_REISSUES=" + maxReissues}, env...)...)
	return cmd
}

// as is a command acting as user (password in GUICHET_PASSWORD), with a
// supervisor's consent available for a PIN override.
func (w *world) as(user string, args ...string) *exec.Cmd {
	pass := agentPassword
	if user == supervisorUser {
		pass = supervisorPass
	}
	return w.command([]string{"GUICHET_PASSWORD=" + pass, "GUICHET_OVERRIDE_PASSWORD=" + supervisorPass},
		append(args, "--user", user)...)
}

// loadMembers reads the active members of the branch from the provisioned
// console, and what the centre holds for each of them.
func (w *world) loadMembers() error {
	local, err := openReadOnly(w.consoleDB)
	if err != nil {
		return err
	}
	defer local.Close()
	rows, err := local.Query(`SELECT m.regno, m.cin, coalesce(a.verified, 0) FROM members m
		LEFT JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
		WHERE m.home_branch = ? AND m.status = 'active' ORDER BY m.regno`, w.branch)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		m := &member{}
		if err := rows.Scan(&m.regno, &m.cin, &m.verified); err != nil {
			return err
		}
		w.members = append(w.members, m)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(w.members) < 5 {
		return fmt.Errorf("only %d active members in branch %s", len(w.members), w.branch)
	}
	w.before, err = centreMembers(w.centre.db)
	return err
}

// memberAtCentre is what the centre holds of one member: its record
// version, its addresses (history included) and its approved changes.
type memberAtCentre struct {
	version             int64
	addresses, approved int
}

// centreMembers reads every member's memberAtCentre.
func centreMembers(path string) (map[string]memberAtCentre, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	rows, err := db.Query(`SELECT m.regno, m.version,
		(SELECT count(*) FROM addresses a WHERE a.member_id = m.id),
		(SELECT count(*) FROM address_requests r WHERE r.member_id = m.id AND r.state = 'approved')
		FROM members m`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]memberAtCentre{}
	for rows.Next() {
		var regno string
		var m memberAtCentre
		if err := rows.Scan(&regno, &m.version, &m.addresses, &m.approved); err != nil {
			return nil, err
		}
		out[regno] = m
	}
	return out, rows.Err()
}

// openReadOnly opens a SQLite file read-only, as the checks do.
func openReadOnly(path string) (*sql.DB, error) {
	return sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
}

// scanDir is where the workload writes its scans and counter letters.
func (w *world) scanDir() string { return filepath.Join(w.dir, "paper") }

func (w *world) String() string {
	return fmt.Sprintf("centre %s, console %s (device %s, branch %s, %d members)", w.centre.db, w.consoleDB,
		w.deviceID, w.branch, len(w.members))
}
