package client_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/wire"
)

// hostileErrors puts terminal escape sequences in the message of every
// error answer, as a tampering proxy or a broken centre could.
type hostileErrors struct{ next http.RoundTripper }

const escapes = "\x1b[2J\x1b]0;owned\x07"

func (h hostileErrors) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := h.next.RoundTrip(r)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	var body wire.ErrorBody
	err = wire.Decode(resp.Body, wire.MaxBodyBytes, &body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	body.Message = escapes + body.Message
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(raw)), int64(len(raw))
	resp.Header.Set("Content-Length", strconv.Itoa(len(raw)))
	return resp, nil
}

// syncMarks are what a pass moves forward when the centre takes it.
func (c *console) syncMarks() map[string]string {
	c.t.Helper()
	out := map[string]string{}
	for _, k := range []string{store.MetaAuditShipped, store.MetaFeedCursor, store.MetaLastGoodSync} {
		v, err := c.db.Meta(c.ctx, k)
		if err != nil {
			c.t.Fatal(err)
		}
		out[k] = v
	}
	return out
}

// refusedPass runs a pass the centre must refuse for the device's token,
// and checks that it changed nothing here: the entry still pending and
// never counted as tried, the marks where they were, and a status that
// says why, printable on a terminal.
func refusedPass(t *testing.T, c *console, engine *client.Engine, seq int64) {
	t.Helper()
	before := c.syncMarks()
	rep, err := engine.Pass(c.ctx)
	var we *wire.Error
	if !errors.As(err, &we) || we.Status != http.StatusUnauthorized || we.Body.Code != wire.CodeUnauthorized ||
		errors.Is(err, client.ErrOffline) || errors.Is(err, client.ErrUpdateNeeded) {
		t.Fatalf("the pass with a refused token: %v", err)
	}
	if rep.Pushed != 0 || rep.Applied != 0 || rep.Pulled != 0 || rep.Pending != 1 || rep.SetAsideTotal != 0 {
		t.Errorf("report of the refused pass: %+v", rep)
	}
	if state, attempts := c.entryState(seq); state != store.EntryPending || attempts != 0 {
		t.Errorf("the entry is %s after %d attempts, want pending and untried", state, attempts)
	}
	for k, v := range c.syncMarks() {
		if before[k] != v {
			t.Errorf("meta %s moved from %q to %q on a refused pass", k, before[k], v)
		}
	}
	st := engine.Status()
	if st.Online || st.Pending != 1 || st.LastError == "" || st.LastError != domain.Sanitize(st.LastError) ||
		!strings.Contains(st.LastError, "401 unauthorized") || !strings.Contains(st.LastError, "unknown or revoked device token") {
		t.Errorf("status after the refusal: %+v", st)
	}
}

// A device revoked at the centre is refused on its next pass; its queue
// stays as it was.
func TestRevokedDeviceIsRefusedAndKeepsItsQueue(t *testing.T) {
	w := newWorld(t, 5)
	c := w.console("counter A")
	agent := c.signIn("agent", agentPW)
	m := c.homeMember(0)
	req := c.request(agent, m, "5 Rue Ghandi")
	device, err := c.db.DeviceID(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.app.RevokeDevice(w.ctx, device); err != nil {
		t.Fatal(err)
	}
	refusedPass(t, c, c.engine, 1)
	if _, ok := w.centreRequest(req.ID); ok {
		t.Fatal("the centre took a request from a revoked device")
	}
	if _, err := c.svc.FetchFromCentre(w.ctx, agent, othersMembers(t, 5, w.home)[0].RegNo); err == nil {
		t.Fatal("a revoked device fetched a member")
	}
}

// A token the centre does not know is refused likewise, and the error
// text the centre sent reaches the status line without its escape
// sequences. With the right token back, the queue delivers as it was.
func TestWrongTokenIsRefusedAndTheQueueWaits(t *testing.T) {
	w := newWorld(t, 5)
	c := w.console("counter A")
	agent := c.signIn("agent", agentPW)
	req := c.request(agent, c.homeMember(0), "5 Rue Ghandi")
	good, err := c.db.Meta(w.ctx, store.MetaDeviceToken)
	if err != nil {
		t.Fatal(err)
	}
	setToken := func(token string) *client.Engine {
		t.Helper()
		if err := c.db.Write(w.ctx, func(tx *store.Tx) error { return tx.SetMeta(w.ctx, store.MetaDeviceToken, token) }); err != nil {
			t.Fatal(err)
		}
		e, err := client.New(c.db, c.options())
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	wrong := setToken(strings.Repeat("A", len(good)))
	c.link.next = hostileErrors{next: http.DefaultTransport} // no pass is running
	refusedPass(t, c, wrong, 1)
	if st := wrong.Status(); !strings.Contains(st.LastError, "owned") || strings.ContainsAny(st.LastError, "\x1b\x07") {
		t.Errorf("the centre's message, cleaned, is not in the status: %q", st.LastError)
	}
	if _, ok := w.centreRequest(req.ID); ok {
		t.Fatal("the centre took a request under a wrong token")
	}

	right := setToken(good)
	rep, err := right.Pass(w.ctx)
	if err != nil || rep.Applied != 1 || rep.Pending != 0 {
		t.Fatalf("the pass with the right token: %+v %v", rep, err)
	}
	if q, ok := w.centreRequest(req.ID); !ok || q.State != string(domain.RequestPending) {
		t.Fatalf("the request at the centre: %+v %v", q, ok)
	}
	if st := right.Status(); !st.Online || st.LastError != "" || st.LastGoodSync.IsZero() {
		t.Errorf("status after the good pass: %+v", st)
	}
}

// A device of another branch that decides a request of the home branch
// (the request reached it as a feed item of the home branch) is refused by
// its own rules; such a decision sent all the same is refused at the
// centre as wrong_branch and set aside, and the request stays pending
// there for its own branch to decide.
func TestOtherBranchDecisionIsSetAside(t *testing.T) {
	w := newWorld(t, 40)
	y := w.otherBranch(40)
	a, c := w.console("counter A"), w.branchConsole("counter C", y)
	agentA := a.signIn("agent", agentPW)
	m := a.homeMember(0)
	req := a.request(agentA, m, "7 Rue Oued Fès")
	a.pass()

	superC := c.signIn(otherSuper, otherSuperPW)
	if _, err := c.svc.FetchFromCentre(w.ctx, superC, m.Member.RegNo); err != nil {
		t.Fatal(err)
	}
	page, err := w.app.Feed(w.ctx, wire.Device{Branch: w.home}, 0, wire.MaxFeedPage)
	if err != nil {
		t.Fatal(err)
	}
	var item *wire.FeedItem
	for i := range page.Items {
		if it := page.Items[i]; it.Kind == wire.ItemRequest && it.Request.ID == req.ID {
			item = &page.Items[i]
		}
	}
	if item == nil {
		t.Fatalf("the home branch's feed has no request %s", req.ID)
	}
	err = c.db.Write(w.ctx, func(tx *store.Tx) error {
		held, err := tx.ApplyFeedItem(w.ctx, *item, seededAt)
		if err == nil && held {
			err = errors.New("the request was held")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// C's own rules refuse the decision; an approval that got into its
	// outbox anyway (hand-built here) is refused at the centre.
	if _, err := c.svc.ApproveAddressChange(w.ctx, superC, req.Ref); !errors.Is(err, domain.ErrWrongBranch) {
		t.Fatalf("C approved another branch's request: %v", err)
	}
	err = c.db.Write(w.ctx, func(tx *store.Tx) error {
		_, err := tx.Enqueue(w.ctx, domain.ChangeEvent{Kind: domain.EventAddressApproved, RequestID: req.ID,
			Reference: req.Ref, RegNo: m.Member.RegNo, Actor: otherSuper, At: time.Now(),
			BaseVersion: m.Member.Version, Address: &req.Address})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rep := c.pass()
	if rep.Pushed != 1 || rep.SetAside != 1 || rep.Applied != 0 || rep.SetAsideTotal != 1 {
		t.Fatalf("C's push: %+v", rep)
	}
	if state, attempts := c.entryState(1); state != store.EntrySetAside || attempts != 1 {
		t.Errorf("C's approval is %s after %d attempts", state, attempts)
	}
	if _, res := c.answer(1); res.Status != wire.StatusRejected || res.Reason != domain.KeyWrongBranch || res.Current != nil {
		t.Errorf("C's approval answered %+v", res)
	}
	if q, _ := w.centreRequest(req.ID); q.State != string(domain.RequestPending) || q.DecidedBy != "" {
		t.Fatalf("the request at the centre after C's decision: %+v", q)
	}
	if cm := w.centreMember(m.Member.RegNo); cm.Version != m.Member.Version || cm.Address.Line1 == "7 Rue Oued Fès" {
		t.Fatalf("the member at the centre changed: v%d %+v", cm.Version, cm.Address)
	}
	// A supervisor of the home branch still decides it.
	superA := a.signIn("supervisor", superPW)
	if _, err := a.svc.ApproveAddressChange(w.ctx, superA, req.Ref); err != nil {
		t.Fatal(err)
	}
	if rep := a.pass(); rep.Applied != 1 {
		t.Fatalf("A's approval: %+v", rep)
	}
	if cm := w.centreMember(m.Member.RegNo); cm.Version != m.Member.Version+1 || cm.Address.Line1 != "7 Rue Oued Fès" {
		t.Fatalf("the member at the centre after A's approval: v%d %+v", cm.Version, cm.Address)
	}
}
