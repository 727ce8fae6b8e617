package chaos

import (
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// The console commands of the workload.
const (
	opRequest  = "request"  // guichet address request (agent)
	opApprove  = "approve"  // guichet address approve (supervisor)
	opReject   = "reject"   // guichet address reject (supervisor)
	opReissue  = "reissue"  // guichet pin reissue, counter or post (agent, supervisor's override)
	opDiscover = "discover" // guichet address list --member: what became of a member's request
	opSync     = "sync"     // guichet sync
)

// pick chooses the step's command and member among those that can run.
func (d *driver) pick() (string, *member) {
	byState := func(ok func(*member) bool) []*member {
		var out []*member
		for _, m := range d.w.members {
			if ok(m) {
				out = append(out, m)
			}
		}
		return out
	}
	choices := []struct {
		op      string
		weight  float64
		members []*member
	}{
		{opRequest, 3, byState(func(m *member) bool { return m.state == idle })},
		{opApprove, 3, byState(func(m *member) bool { return m.state == pending })},
		{opReject, 1, byState(func(m *member) bool { return m.state == pending })},
		{opReissue, 2, byState(func(m *member) bool { return m.verified })},
		{opDiscover, 2, byState(func(m *member) bool { return m.state == unknown })},
		{opSync, 2, d.w.members},
	}
	total := 0.0
	for _, c := range choices {
		if len(c.members) > 0 {
			total += c.weight
		}
	}
	x, pickM := d.rng.Float64()*total, d.rng.IntN(1<<30)
	for _, c := range choices {
		if len(c.members) == 0 {
			continue
		}
		if x < c.weight {
			return c.op, c.members[pickM%len(c.members)]
		}
		x -= c.weight
	}
	return opSync, nil
}

// command builds the command line of an operation on m.
func (d *driver) command(op string, m *member) *exec.Cmd {
	d.seq++
	switch op {
	case opRequest:
		args := []string{"address", "request", m.regno, "--json", "--line1", fmt.Sprintf("%d rue des Essais", d.seq),
			"--city", "Rabat", "--postal-code", "10090", "--cin-copy", m.cin, "--registration-card-copy",
			"--form-number", fmt.Sprintf("F-%d", d.seq)}
		if d.seq%4 == 0 {
			if scan, err := d.scan(); err == nil {
				args = append(args, "--scan", scan)
			}
		}
		return d.w.as(agentUser, args...)
	case opApprove:
		return d.w.as(supervisorUser, "address", "approve", m.pendingRef, "--json")
	case opReject:
		return d.w.as(supervisorUser, "address", "reject", m.pendingRef, "--reason", "the form is not signed", "--json")
	case opReissue:
		args := []string{"pin", "reissue", m.regno, "--json", "--override-by", supervisorUser,
			"--override-reason", "member at the counter with the letter of approval"}
		if d.seq%3 == 0 {
			args = append(args, "--channel", "post")
		} else {
			args = append(args, "--channel", "counter", "--save", filepath.Join(d.w.scanDir(), fmt.Sprintf("letter-%d.pdf", d.seq)))
		}
		return d.w.as(agentUser, args...)
	case opDiscover:
		return d.w.as(supervisorUser, "address", "list", "--member", m.regno, "--json")
	}
	return d.w.command(nil, "sync", "--json")
}

// scan writes a small PNG, different each time, for a request's evidence.
func (d *driver) scan() (string, error) {
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	img.Set(d.seq%8, 0, color.RGBA{uint8(d.seq), uint8(d.seq >> 8), uint8(d.seq >> 16), 255})
	path := filepath.Join(d.w.scanDir(), fmt.Sprintf("scan-%d.png", d.seq))
	f, err := os.Create(path)
	if err != nil {
		return "", err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return "", err
	}
	return path, f.Close()
}

// requestOut is the part of `address request|approve|list --json` the
// harness reads.
type requestOut struct {
	ID        string `json:"id"`
	Reference string `json:"reference"`
	State     string `json:"state"`
	RegNo     string `json:"registration_number"`
}

type pinOut struct {
	ID      string `json:"id"`
	RegNo   string `json:"registration_number"`
	Channel string `json:"channel"`
}

// apply records what an operation's outcome tells: an acknowledged
// operation goes into the ledger; anything else leaves the member's state
// unknown until the console is asked.
func (d *driver) apply(op string, m *member, o outcome) error {
	if !o.ok() {
		if !o.killed && len(d.failed[op]) < 5 {
			d.failed[op] = append(d.failed[op], strings.TrimSpace(o.stderr))
		}
		if op == opRequest || op == opApprove || op == opReject {
			m.state = unknown
		}
		return nil
	}
	d.acked[op]++
	bad := func(err error) error {
		return fmt.Errorf("%s printed what the harness cannot read (%v): %s", op, err, o.stdout)
	}
	switch op {
	case opRequest:
		var r requestOut
		if err := json.Unmarshal([]byte(o.stdout), &r); err != nil || r.ID == "" || r.Reference == "" {
			return bad(err)
		}
		if r.State != "pending" || r.RegNo != m.regno {
			return fmt.Errorf("request for %s acknowledged as %+v", m.regno, r)
		}
		d.ledger.requests[r.ID] = ackRequest{id: r.ID, ref: r.Reference, regno: m.regno}
		m.state, m.pendingRef = pending, r.Reference
	case opApprove, opReject:
		var r requestOut
		if err := json.Unmarshal([]byte(o.stdout), &r); err != nil || r.ID == "" {
			return bad(err)
		}
		want := map[string]string{opApprove: "approved", opReject: "rejected"}[op]
		if r.State != want || r.Reference != m.pendingRef {
			return fmt.Errorf("%s of %s acknowledged as %+v", op, m.pendingRef, r)
		}
		d.ledger.decisions[r.Reference] = ackDecision{id: r.ID, state: r.State}
		m.state, m.pendingRef = idle, ""
		m.verified = m.verified || op == opApprove
	case opReissue:
		var p pinOut
		if err := json.Unmarshal([]byte(o.stdout), &p); err != nil || p.ID == "" {
			return bad(err)
		}
		if p.RegNo != m.regno {
			return fmt.Errorf("PIN reissue for %s acknowledged as %+v", m.regno, p)
		}
		d.ledger.pins[p.ID] = ackPIN{id: p.ID, regno: m.regno, channel: p.Channel}
	case opDiscover:
		var list []requestOut
		if err := json.Unmarshal([]byte(o.stdout), &list); err != nil {
			return bad(err)
		}
		m.state, m.pendingRef = idle, ""
		for _, r := range list {
			switch r.State {
			case "pending":
				m.state, m.pendingRef = pending, r.Reference
			case "approved":
				m.verified = true
			}
		}
	}
	return nil
}
