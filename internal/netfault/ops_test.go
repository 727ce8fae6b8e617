package netfault

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/service"
)

// The operations the soak records while faults come and go, and what the
// service acknowledged of them (the invariants' reference).
//
// Members are split so that no two consoles can race for one (a race the
// centre would rightly refuse, which is not what this harness looks
// for): a member's address changes are recorded on one console only (its
// "home" console here) and decided by a supervisor of the next one, once
// the request has reached it through the centre; PIN reissues use other
// members, each reissued on one console only.

// member is a member as the harness knows it: by registration number (a
// console's local ids are its own).
type member struct {
	regno, cin string
}

// request is an acknowledged address-change request and its decision.
type request struct {
	id, ref, regno, line1 string
	scan                  string // SHA-256 of its scan, "" without
	recordedOn, decidedOn int    // console indexes (decidedOn -1 while pending)
	state                 domain.RequestState
	decidedBy             string
}

// pinIssue is an acknowledged PIN reissue.
type pinIssue struct {
	id, regno string
	channel   domain.PINChannel
	console   int
}

// ledger is what the service acknowledged, and what it refused.
type ledger struct {
	requests []*request
	pins     []pinIssue
	signIns  int
	refused  map[string]int      // by operation and refusal key
	open     map[string]*request // undecided requests, by registration number
}

func (l *ledger) refuse(op string, err error) {
	key := "other"
	var de *domain.Error
	if fe, ok := domain.AsFieldError(err); ok {
		key = fe.Field + ":" + fe.Key
	} else if errors.As(err, &de) {
		key = de.Key
	}
	l.refused[op+" "+key]++
}

// operator draws and performs operations on the consoles.
type operator struct {
	t        *testing.T
	rng      *rand.Rand
	consoles []*console
	// changes[i] are the members whose changes console i records;
	// pinned[i] those it reissues PINs for.
	changes, pinned [][]member
	led             ledger
	scans           string // where scans are written before being attached
	n               int    // numbers addresses, forms and scans
}

func newOperator(t *testing.T, rng *rand.Rand, consoles []*console) *operator {
	o := &operator{t: t, rng: rng, consoles: consoles, scans: t.TempDir(),
		changes: make([][]member, len(consoles)), pinned: make([][]member, len(consoles)),
		led: ledger{refused: map[string]int{}, open: map[string]*request{}}}
	db := openRO(t, consoles[0].path)
	// Verified addresses of members who are not students go to the PIN
	// pool (post or counter), a quarter of the members at most.
	rows, err := db.Query(`SELECT m.regno, m.cin, a.verified AND m.category <> 'student'
		FROM members m JOIN addresses a ON a.member_id = m.id AND a.valid_to IS NULL
		WHERE m.status = 'active' ORDER BY m.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var all []member
	var pinnable []bool
	for rows.Next() {
		var m member
		var ok bool
		if err := rows.Scan(&m.regno, &m.cin, &ok); err != nil {
			t.Fatal(err)
		}
		all, pinnable = append(all, m), append(pinnable, ok)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	pins := 0
	for i, m := range all {
		if pinnable[i] && pins < len(all)/4 {
			o.pinned[pins%len(consoles)] = append(o.pinned[pins%len(consoles)], m)
			pins++
			continue
		}
		o.changes[i%len(consoles)] = append(o.changes[i%len(consoles)], m)
	}
	for i := range consoles {
		if len(o.changes[i]) < 4 || len(o.pinned[i]) < 2 {
			t.Fatalf("console %d: %d members for changes, %d for PINs: seed more members", i,
				len(o.changes[i]), len(o.pinned[i]))
		}
	}
	return o
}

// operate performs one operation drawn at random: record a change (40 %),
// decide one (35 %), reissue a PIN (20 %), sign in (5 %).
func (o *operator) operate() {
	o.t.Helper()
	i := o.rng.IntN(len(o.consoles))
	switch p := o.rng.IntN(100); {
	case p < 40:
		o.record(i)
	case p < 75:
		o.decide(i)
	case p < 95:
		o.reissue(i)
	default:
		o.signIn(i)
	}
}

// record has console i's agent record an address change for one of its
// members without an open request, with a scan one time in four.
func (o *operator) record(i int) {
	o.t.Helper()
	free := o.consoles[i].free(o.changes[i], o.led.open)
	if len(free) == 0 {
		o.led.refused["record none-free"]++
		return
	}
	m := free[o.rng.IntN(len(free))]
	k := o.consoles[i]
	id := k.memberID(m.regno)
	o.n++
	in := service.ChangeInput{MemberID: id, ConfirmWarnings: true,
		Address:  domain.AddressInput{Line1: fmt.Sprintf("%d rue des Essais", o.n), City: "Rabat", PostalCode: "10000"},
		Evidence: domain.Evidence{RegistrationCardCopy: true, CINReadOffCopy: m.cin, FormNumber: fmt.Sprintf("NF-%d", o.n)}}
	if o.rng.IntN(4) == 0 {
		scan := filepath.Join(o.scans, fmt.Sprintf("form-%d.png", o.n))
		if err := os.WriteFile(scan, fmt.Appendf([]byte("\x89PNG\r\n\x1a\n"), "form %d", o.n), 0o600); err != nil {
			o.t.Fatal(err)
		}
		in.ScanFiles = []string{scan}
	}
	req, _, err := k.svc.RequestAddressChange(context.Background(), k.agent, in)
	if err != nil {
		o.refusedOrFatal("record", err)
		return
	}
	r := &request{id: req.ID, ref: req.Ref, regno: m.regno, line1: in.Address.Line1, recordedOn: i, decidedOn: -1,
		state: domain.RequestPending}
	if len(req.Evidence.Scans) > 0 {
		r.scan = req.Evidence.Scans[0].SHA256
	}
	o.led.requests = append(o.led.requests, r)
	o.led.open[m.regno] = r
}

// decide has a supervisor of console i approve (three times in four) or
// reject a request recorded on another console, if one has reached it.
func (o *operator) decide(i int) {
	o.t.Helper()
	var mine []*request
	for _, r := range o.led.requests {
		if r.state == domain.RequestPending && r.recordedOn == (i+1)%len(o.consoles) {
			mine = append(mine, r)
		}
	}
	if len(mine) == 0 {
		o.led.refused["decide none-open"]++
		return
	}
	r := mine[o.rng.IntN(len(mine))]
	k := o.consoles[i]
	sess := k.super
	if o.rng.IntN(2) == 0 {
		sess = k.super2
	}
	ctx := context.Background()
	var err error
	state, reason := domain.RequestApproved, ""
	if o.rng.IntN(4) == 0 {
		state = domain.RequestRejected
		_, err = k.svc.RejectAddressChange(ctx, sess, r.ref, "justificatif illisible")
	} else {
		_, err = k.svc.ApproveAddressChange(ctx, sess, r.ref)
		if errors.Is(err, domain.ErrVersionConflict) {
			// The service closed the request as rejected (and queued that)
			// before refusing: the record moved under it.
			state, reason = domain.RequestRejected, service.ReasonVersionConflict
		}
	}
	if err != nil && reason == "" {
		o.refusedOrFatal("decide", err)
		return
	}
	if err != nil {
		o.led.refuse("decide", err)
	}
	r.state, r.decidedOn, r.decidedBy = state, i, sess.Username
	delete(o.led.open, r.regno)
}

// reissue has console i's agent reissue the PIN of one of its members, by
// post or at the counter (the letter saved to a file: the only place the
// PIN is).
func (o *operator) reissue(i int) {
	o.t.Helper()
	k := o.consoles[i]
	m := o.pinned[i][o.rng.IntN(len(o.pinned[i]))]
	in := service.PINReissueInput{MemberID: k.memberID(m.regno), Channel: domain.ChannelPost}
	if o.rng.IntN(2) == 0 {
		o.n++
		in.Channel, in.SaveTo = domain.ChannelCounter, filepath.Join(o.scans, fmt.Sprintf("letter-%d.pdf", o.n))
	}
	res, err := k.svc.ReissuePIN(context.Background(), k.agent, in)
	if err != nil {
		o.refusedOrFatal("pin", err)
		return
	}
	o.led.pins = append(o.led.pins, pinIssue{id: res.Issue.ID, regno: m.regno, channel: in.Channel, console: i})
}

// signIn signs one of console i's users in again (audited there).
func (o *operator) signIn(i int) {
	users := [][2]string{{"agent", agentPW}, {"supervisor", superPW}, {super2, super2PW}}
	u := users[o.rng.IntN(len(users))]
	o.consoles[i].signIn(u[0], u[1])
	o.led.signIns++
}

// refusedOrFatal counts a rule's refusal; anything else (a database
// error) ends the test.
func (o *operator) refusedOrFatal(op string, err error) {
	o.t.Helper()
	var de *domain.Error
	if _, ok := domain.AsFieldError(err); ok || errors.As(err, &de) {
		o.led.refuse(op, err)
		return
	}
	o.t.Fatalf("%s: %v", op, err)
}

// free lists the members of pool with no open request in the ledger.
func (k *console) free(pool []member, open map[string]*request) []member {
	var out []member
	for _, m := range pool {
		if open[m.regno] == nil {
			out = append(out, m)
		}
	}
	return out
}

// memberID is the console's local id of a member.
func (k *console) memberID(regno string) int64 {
	k.t.Helper()
	var id int64
	if err := k.ro.QueryRow(`SELECT id FROM members WHERE regno = ?`, regno).Scan(&id); err != nil {
		k.t.Fatalf("%s: member %s: %v", k.name, regno, err)
	}
	return id
}
