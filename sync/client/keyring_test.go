package client_test

import (
	"bytes"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/letter"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/service"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/wire"
)

// A full rotation of both PIN keys while a console works: PINs issued
// before (counter and post), during (sealed offline to the old public key
// after the centre rotated) and after it all verify; the console learns
// the new public key from its sync, without provisioning again; keys
// status counts what uses each key; a reload that drops a key in use is
// refused, and a PIN sealed to a dropped key makes the console fetch the
// centre's key at once.
func TestKeyRotationEndToEnd(t *testing.T) {
	w := newPINWorld(t)
	c := w.newConsole("counter-1")
	agent := c.signIn("agent", agentPW)
	c.pass() // the engine's first pass fetches the key (b1)
	members := verifiedMembers(c, 5)
	counter := func(m store.MemberFile) string {
		t.Helper()
		time.Sleep(2 * time.Millisecond) // the next letter's file name
		if _, err := c.svc.ReissuePIN(c.ctx, agent, service.PINReissueInput{MemberID: m.Member.ID, Channel: domain.ChannelCounter}); err != nil {
			t.Fatal(err)
		}
		return w.lastPrinted(m.Member.RegNo)
	}

	// Before: a counter PIN sealed to b1, and a letter under h1.
	before := counter(members[0])
	if _, err := c.svc.ReissuePIN(c.ctx, agent, service.PINReissueInput{MemberID: members[1].Member.ID, Channel: domain.ChannelPost}); err != nil {
		t.Fatal(err)
	}
	c.pass()
	posted := w.exportLetter(members[1].Member.RegNo)

	// The centre rotates both keys; the old ones stay as previous keys.
	h1 := bytes.Repeat([]byte{0x5a}, 32) // newPINWorld's
	b1 := w.box
	rotated := rotatedKeys(t, h1, b1)
	if err := w.app.ReloadPINKeys(w.ctx, rotated); err != nil {
		t.Fatalf("reload with the rotated keys: %v", err)
	}

	// During: the console has not fetched the new key yet and seals to b1.
	if id := meta(c, store.MetaPINKeyID); id != "b1" {
		t.Fatalf("the console's key before its next fetch: %s", id)
	}
	during := counter(members[2])
	c.pass()
	if got := w.verifierKey(members[2].Member.RegNo); got != "h2" {
		t.Errorf("a PIN opened with the previous box key got a verifier under %q, want h2", got)
	}

	// The console fetches the new key at its next due pass (a restart here).
	var err error
	if c.engine, err = client.New(c.db, c.options()); err != nil {
		t.Fatal(err)
	}
	c.pass()
	if id, key := meta(c, store.MetaPINKeyID), meta(c, store.MetaPINPublicKey); id != "b2" || key != pin.EncodeKey(rotated.Box.Public[:]) {
		t.Fatalf("the console's key after the rotation: %s %s", id, key)
	}
	after := counter(members[3])
	c.pass()

	for regno, code := range map[string]string{members[0].Member.RegNo: before, members[1].Member.RegNo: posted,
		members[2].Member.RegNo: during, members[3].Member.RegNo: after} {
		if got := w.verify(regno, code); got != wire.PINValid {
			t.Errorf("PIN of %s: %s", regno, got)
		}
	}

	st, err := w.app.PINKeyStatus(w.ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []central.KeyUse{
		{Kind: central.KeyHMAC, ID: "h1", Role: central.KeyPrevious, Verifiers: 2},
		{Kind: central.KeyHMAC, ID: "h2", Role: central.KeyCurrent, Verifiers: 2},
		{Kind: central.KeyBox, ID: "b2", Role: central.KeyCurrent, Devices: 1},
		{Kind: central.KeyBox, ID: "b1", Role: central.KeyPrevious},
	}
	if !slices.Equal(st.Keys, want) || st.Unconfirmed != 0 {
		t.Fatalf("key status:\n got %+v (unconfirmed %d)\nwant %+v", st.Keys, st.Unconfirmed, want)
	}
	if st.Droppable(st.Keys[0]) || !st.Droppable(st.Keys[3]) {
		t.Errorf("h1 has live verifiers, b1 no device: droppable %v %v", st.Droppable(st.Keys[0]), st.Droppable(st.Keys[3]))
	}

	// Dropping h1 while its PINs live is refused; the keys in use stay.
	withoutH1 := rotated
	if withoutH1.HMAC, err = pin.NewHMACKeys("h2", rotatedHMAC); err != nil {
		t.Fatal(err)
	}
	if err := w.app.ReloadPINKeys(w.ctx, withoutH1); err == nil || !strings.Contains(err.Error(), "h1") {
		t.Fatalf("a reload dropping h1 in use: %v", err)
	}
	if got := w.verify(members[0].Member.RegNo, before); got != wire.PINValid {
		t.Errorf("after the refused reload, the PIN under h1: %s", got)
	}

	// b1 is dropped. A console that still seals to it (it missed the
	// rotation) sees that PIN set aside and fetches the key in the same pass.
	dropB1 := rotated
	dropB1.PreviousBox = nil
	if err := w.app.ReloadPINKeys(w.ctx, dropB1); err != nil {
		t.Fatal(err)
	}
	setMeta(c, store.MetaPINKeyID, "b1")
	setMeta(c, store.MetaPINPublicKey, pin.EncodeKey(b1.Public[:]))
	stale := counter(members[4])
	if rep := c.pass(); rep.SetAside != 1 {
		t.Fatalf("a PIN sealed to a dropped key: %+v", rep)
	}
	if id := meta(c, store.MetaPINKeyID); id != "b2" {
		t.Errorf("after the refusal the console holds key %s, want b2", id)
	}
	if got := w.verify(members[4].Member.RegNo, stale); got != wire.PINInvalid {
		t.Errorf("a PIN sealed to a dropped key: %s", got)
	}
	w.assertNowhere(before, posted, during, after, stale)
}

// rotatedHMAC is the new HMAC key of the rotation.
var rotatedHMAC = bytes.Repeat([]byte{0x6b}, 32)

// rotatedKeys is h2 and b2 current, h1 and b1 previous.
func rotatedKeys(t *testing.T, h1 []byte, b1 pin.BoxKey) central.PINKeys {
	t.Helper()
	hmac, err := pin.NewHMACKeys("h2", rotatedHMAC)
	if err == nil {
		err = hmac.Add("h1", h1)
	}
	if err != nil {
		t.Fatal(err)
	}
	b2, err := pin.GenerateBoxKey("b2")
	if err != nil {
		t.Fatal(err)
	}
	return central.PINKeys{HMAC: hmac, Box: b2, PreviousBox: []pin.BoxKey{b1}}
}

// verifiedMembers returns n active, non-student members with a verified
// address: each may get a PIN by post or at the counter.
func verifiedMembers(c *console, n int) []store.MemberFile {
	c.t.Helper()
	raw, err := sql.Open("sqlite", "file:"+c.path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		c.t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.QueryContext(c.ctx, `SELECT m.id FROM members m JOIN addresses a ON a.member_id = m.id
		AND a.valid_to IS NULL WHERE m.status = 'active' AND a.verified = 1 AND m.category <> 'student' ORDER BY m.id LIMIT ?`, n)
	if err != nil {
		c.t.Fatal(err)
	}
	defer rows.Close()
	var out []store.MemberFile
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			c.t.Fatal(err)
		}
		f, err := c.db.MemberFile(c.ctx, id)
		if err != nil {
			c.t.Fatal(err)
		}
		out = append(out, f)
	}
	if len(out) != n {
		c.t.Fatalf("%d members fit, want %d", len(out), n)
	}
	return out
}

// exportLetter makes today's letter batch and returns the PIN of regno.
func (w *pinWorld) exportLetter(regno string) string {
	w.t.Helper()
	y, mo, d := time.Now().In(w.policy.Location).Date()
	today := domain.Date{Time: time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)}
	batch, err := w.app.ExportLetters(w.ctx, today, filepath.Join(w.outside, "letters"), letter.Sender{PortalURL: "https://portail.cnops.ma"})
	if err != nil || batch.Letters != 1 {
		w.t.Fatalf("export: %+v, %v", batch, err)
	}
	pdf, err := os.ReadFile(batch.Path)
	if err != nil {
		w.t.Fatal(err)
	}
	pins := pinsIn(w.t, pdf, regno)
	if len(pins) != 1 {
		w.t.Fatalf("the batch shows %d PINs", len(pins))
	}
	return pins[0]
}

// verifierKey is the HMAC key id of the member's newest PIN at the centre.
func (w *pinWorld) verifierKey(regno string) string {
	w.t.Helper()
	var issues []central.PINRecord
	err := w.st.Read(w.ctx, func(r central.Reader) (err error) {
		issues, err = r.PINIssues(w.ctx, regno)
		return err
	})
	if err != nil || len(issues) == 0 {
		w.t.Fatalf("PINs of %s: %d, %v", regno, len(issues), err)
	}
	return issues[len(issues)-1].KeyID
}

func meta(c *console, key string) string {
	c.t.Helper()
	v, err := c.db.Meta(c.ctx, key)
	if err != nil {
		c.t.Fatal(err)
	}
	return v
}

func setMeta(c *console, key, value string) {
	c.t.Helper()
	if err := c.db.Write(c.ctx, func(tx *store.Tx) error { return tx.SetMeta(c.ctx, key, value) }); err != nil {
		c.t.Fatal(err)
	}
}
