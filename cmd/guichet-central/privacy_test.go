package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/central/sqlite"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/internal/cli"
	"github.com/cnops/guichet/sync/wire"
)

// privacyCentre is a centre database with a member, a device, and two
// records of its chain: a search that showed the member and a view by an
// actor whose name carries an escape sequence.
func privacyCentre(t *testing.T) (db, regno, deviceID string) {
	t.Helper()
	db, regno = withBranch(t), "123456789"
	st, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	app := central.New(st, central.Options{})
	defer app.Close()
	ctx := context.Background()
	_, dev, err := app.AddDevice(ctx, "Rabat counter 1", "RAB01")
	if err != nil {
		t.Fatal(err)
	}
	err = st.Write(ctx, func(tx central.Tx) error {
		return tx.InsertMember(ctx, wire.Member{RegNo: regno, Society: "MGEN", HomeBranch: "RAB01", CIN: "AB123456",
			FamilyName: "Benjelloun", GivenName: "Khadija", BirthDate: "1990-01-01", Sex: "F", Category: "active",
			Status: "active", Version: 1, Beneficiaries: []wire.Beneficiary{}})
	})
	if err != nil {
		t.Fatal(err)
	}
	var records []wire.AuditRecord
	prev := domain.GenesisHash
	for i, step := range []struct{ actor, action, subject, detail string }{
		{"amina", domain.AuditSearch, "", `{"query":"benjelloun","shown":["` + regno + `"]}`},
		{"\x1b[31mmallory", domain.AuditViewMember, regno, ""},
	} {
		e := domain.AuditEntry{Seq: int64(i + 1), At: time.Date(2026, 3, 16, 10, i, 0, 0, time.UTC), DeviceID: dev.ID,
			Actor: step.actor, Action: step.action, Subject: step.subject, Detail: step.detail, PrevHash: prev}
		e.Hash = domain.AuditHash(e)
		prev = e.Hash
		records = append(records, wire.AuditRecord{Seq: e.Seq, At: e.At, Actor: e.Actor, Action: e.Action,
			Subject: e.Subject, Detail: e.Detail, PrevHash: e.PrevHash, Hash: e.Hash})
	}
	if _, err := app.Push(ctx, dev, wire.PushRequest{Audit: records}); err != nil {
		t.Fatal(err)
	}
	return db, regno, dev.ID
}

// `privacy access-log` lists the devices' records about the member, in
// UTC, as JSON and as a sanitised table, and logs the lookup in the name
// given; a bad number names the field.
func TestPrivacyAccessLogAtTheCentre(t *testing.T) {
	db, regno, deviceID := privacyCentre(t)
	r := centralCmd(t, "", "--db", db, "privacy", "access-log", regno, "--by", "dpo", "--json")
	var log []cli.AccessLine
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &log) != nil || len(log) != 2 {
		t.Fatalf("access-log --json: %+v", r)
	}
	if l := log[0]; l.DeviceID != deviceID || l.Actor != "amina" || l.Access != "searched" || l.Source != "device" ||
		l.At != "2026-03-16T10:00:00Z" {
		t.Errorf("first line: %+v", l)
	}
	r = centralCmd(t, "", "--db", db, "privacy", "access-log", regno, "--by", "dpo")
	if r.code != 0 || strings.ContainsRune(r.stdout, '\x1b') || !strings.Contains(r.stdout, "mallory") ||
		!strings.Contains(r.stdout, "access log consulted") || !strings.Contains(r.stdout, "Accesses: 3.") {
		t.Errorf("access-log text: %+v", r)
	}
	if r := centralCmd(t, "", "--db", db, "privacy", "access-log", "12AB", "--by", "dpo"); r.code != 1 ||
		!strings.Contains(r.stderr, "Registration number") {
		t.Errorf("bad number: %+v", r)
	}
}
