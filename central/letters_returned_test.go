package central_test

import (
	"errors"
	"testing"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

func TestLetterReturnedUnverifiesTheAddressAndStopsThePIN(t *testing.T) {
	f := newLettersFixture(t)
	id := f.pushReissue(postA, domain.ChannelPost)
	batch, err := f.app.ExportLetters(f.ctx, f.dayOf(f.clock), t.TempDir(), sender)
	if err != nil || batch.Letters != 1 {
		t.Fatalf("export: %+v %v", batch, err)
	}
	before := f.member(postA)
	head, err := f.app.Feed(f.ctx, f.rabA, 0, 0)
	if err != nil {
		t.Fatal(err)
	}

	if err := f.app.LetterReturned(f.ctx, postA, "courrier"); err != nil {
		t.Fatal(err)
	}
	after := f.member(postA)
	if after.Address == nil || after.Address.Verified || after.Version != before.Version+1 ||
		after.Address.AddressInput != before.Address.AddressInput {
		t.Fatalf("the same address, unverified, version +1: %+v -> %+v", before, after)
	}
	if p := f.issue(postA, id); p.State != domain.PINReturned {
		t.Fatalf("the letter's PIN stops working: %+v", p)
	}
	page, err := f.app.Feed(f.ctx, f.rabA, head.Next, 0)
	if err != nil {
		t.Fatal(err)
	}
	var member *wire.Member
	var returned *wire.PIN
	for _, it := range page.Items {
		switch {
		case it.Kind == wire.ItemMember && it.Member.RegNo == postA:
			member = it.Member
		case it.Kind == wire.ItemPIN && it.PIN.ID == id:
			returned = it.PIN
		}
	}
	if member == nil || member.Address.Verified || member.Version != after.Version {
		t.Fatalf("the consoles get the member unverified: %+v", member)
	}
	if returned == nil || returned.State != string(domain.PINReturned) {
		t.Fatalf("the consoles get the PIN returned: %+v", returned)
	}
	log, err := f.app.AccessLog(f.ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	last := log[len(log)-1]
	if last.Action != central.AuditLetterReturned || last.Subject != postA || last.Actor != "courrier" {
		t.Fatalf("access log: %+v", last)
	}

	// Recorded once: the address is unverified now.
	if err := f.app.LetterReturned(f.ctx, postA, "courrier"); !errors.Is(err, central.ErrLetterAlreadyUnverified) {
		t.Fatalf("twice: %v", err)
	}
	if f.member(postA).Version != after.Version {
		t.Fatal("a refusal changes nothing")
	}
	// And no new post PIN goes there until an address change is approved.
	res := f.pushPIN(f.rabA, f.reissue(agent, postA, domain.ChannelPost))
	wantStatus(t, "post reissue to an unverified address", res, wire.StatusRejected, domain.KeyPINAddressUnverified)
}

func TestLetterReturnedRefusals(t *testing.T) {
	f := newLettersFixture(t)
	if err := f.app.LetterReturned(f.ctx, "299999999", "courrier"); !errors.Is(err, domain.ErrMemberNotFound) {
		t.Errorf("unknown member: %v", err)
	}
	if err := f.app.LetterReturned(f.ctx, "12ab", "courrier"); !isField(err, "registration_number") {
		t.Errorf("malformed registration number: %v", err)
	}
	if err := f.app.LetterReturned(f.ctx, postA, " \x1b[2J"); !isField(err, "by") {
		t.Errorf("who recorded it: %v", err)
	}
	if err := f.app.LetterReturned(f.ctx, noAddress, "courrier"); !errors.Is(err, central.ErrLetterNoAddress) {
		t.Errorf("no address: %v", err)
	}
	if m := f.member(postA); !m.Address.Verified || m.Version != 1 {
		t.Fatalf("nothing stored on bad input: %+v", m)
	}
	// A member without an active post PIN: only the address changes.
	id := f.pushReissue(postB, domain.ChannelPost)
	if err := f.app.LetterReturned(f.ctx, postB, "courrier"); err != nil {
		t.Fatal(err)
	}
	if p := f.issue(postB, id); p.State != domain.PINRequested {
		t.Fatalf("a PIN not made yet is left to the export, which refuses it: %+v", p)
	}
}
