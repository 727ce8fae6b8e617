package domain

import (
	"errors"
	"testing"
	"time"
)

func pinPolicy(t *testing.T) PINPolicy {
	t.Helper()
	loc, err := time.LoadLocation("Africa/Casablanca")
	if err != nil {
		t.Fatal(err)
	}
	return DefaultPINPolicy(loc)
}

func eligibleSubject(now time.Time) PINSubject {
	return PINSubject{
		Member:  Member{RegNo: "123456", Status: StatusActive, Category: CategoryActive},
		Address: &Address{Line1: "1 rue", City: "Rabat", PostalCode: "10000", Verified: true, ValidFrom: now.AddDate(-1, 0, 0)},
		// The approval of the current address, a year ago.
		AddressChangedAt: now.AddDate(-1, 0, 0),
	}
}

var agent = Actor{Username: "agent1", Role: RoleAgent, Branch: "RAB01"}

func TestPINChannelRefusalsSayWhatIsMissing(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	unverified := eligibleSubject(now)
	unverified.Address.Verified = false
	noAddress := eligibleSubject(now)
	noAddress.Address = nil
	suspended := eligibleSubject(now)
	suspended.Member.Status = StatusSuspended
	student := eligibleSubject(now)
	student.Member.Category = CategoryStudent
	studentWithMail := student
	studentWithMail.Member.Email = "amal@etu.um5.ac.ma"
	cases := []struct {
		name string
		s    PINSubject
		ch   PINChannel
		want error
	}{
		{"post, verified", eligibleSubject(now), ChannelPost, nil},
		{"counter, verified", eligibleSubject(now), ChannelCounter, nil},
		{"post, unverified", unverified, ChannelPost, ErrPINAddressUnverified},
		{"counter, unverified", unverified, ChannelCounter, ErrPINAddressUnverified},
		{"post, no address", noAddress, ChannelPost, ErrPINNoAddress},
		{"suspended", suspended, ChannelCounter, ErrPINMemberInactive},
		{"e-mail, not a student", eligibleSubject(now), ChannelEmail, ErrPINNotStudent},
		{"e-mail, student without e-mail", student, ChannelEmail, ErrPINNoEmail},
		{"e-mail, student with e-mail", studentWithMail, ChannelEmail, nil},
		{"e-mail, student, unverified address", func() PINSubject { s := studentWithMail; s.Address = nil; return s }(), ChannelEmail, nil},
	}
	for _, c := range cases {
		err := CheckPINReissue(agent, c.ch, c.s, pinPolicy(t), now, nil, nil)
		if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	if _, err := ParsePINChannel("channel", "fax"); err == nil {
		t.Error("fax is not a channel")
	} else if fe, ok := AsFieldError(err); !ok || fe.Field != "channel" {
		t.Errorf("bad channel error %v does not name the field", err)
	}
}

func TestPINReissueNeedsAnAgentOrSupervisor(t *testing.T) {
	now := time.Now()
	admin := Actor{Username: "root", Role: RoleAdmin}
	if err := CheckPINReissue(admin, ChannelPost, eligibleSubject(now), pinPolicy(t), now, nil, nil); !errors.Is(err, ErrForbidden) {
		t.Fatalf("admin reissue: %v", err)
	}
}

func TestPINLimitCountsThirtyDaysAndSkipsRefused(t *testing.T) {
	p := pinPolicy(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	s := eligibleSubject(now)
	s.History = []PINIssue{
		{State: PINSuperseded, RequestedAt: now.AddDate(0, 0, -20)},
		{State: PINSuperseded, RequestedAt: now.AddDate(0, 0, -10)},
		{State: PINRefused, RequestedAt: now.AddDate(0, 0, -5)},
		{State: PINSuperseded, RequestedAt: now.AddDate(0, 0, -40)}, // out of the window
	}
	if err := CheckPINReissue(agent, ChannelPost, s, p, now, nil, nil); err != nil {
		t.Fatalf("2 counted of 3: %v", err)
	}
	s.History = append(s.History, PINIssue{State: PINActive, RequestedAt: now.AddDate(0, 0, -1)})
	err := CheckPINReissue(agent, ChannelPost, s, p, now, nil, nil)
	if !errors.Is(err, ErrPINLimit) {
		t.Fatalf("3 counted of 3: %v", err)
	}
	var de *Error
	errors.As(err, &de)
	if next := de.Args[1].(time.Time); !next.Equal(now.AddDate(0, 0, -20).Add(PINLimitWindow)) {
		t.Errorf("next reissue possible at %v, want when the oldest leaves the window", next)
	}
}

func TestCoolingOffNeedsAnotherSupervisor(t *testing.T) {
	p := pinPolicy(t)
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	s := eligibleSubject(now)
	s.AddressChangedAt = now.Add(-24 * time.Hour)
	err := CheckPINReissue(agent, ChannelCounter, s, p, now, nil, nil)
	if !errors.Is(err, ErrPINCoolingOff) {
		t.Fatalf("within the cooling-off without override: %v", err)
	}
	if until := err.(*Error).Args[0].(time.Time); !until.Equal(s.AddressChangedAt.Add(72 * time.Hour)) {
		t.Errorf("cooling-off until %v", until)
	}
	super := Actor{Username: "super1", Role: RoleSupervisor, Branch: "RAB01"}
	ok := &PINOverride{By: "super1", Reason: "member travels abroad tomorrow"}
	if err := CheckPINReissue(agent, ChannelCounter, s, p, now, ok, &super); err != nil {
		t.Fatalf("override by another supervisor: %v", err)
	}
	self := Actor{Username: "super1", Role: RoleSupervisor}
	if err := CheckPINReissue(self, ChannelCounter, s, p, now, ok, &super); !errors.Is(err, ErrSecondPersonSame) {
		t.Errorf("override by oneself: %v", err)
	}
	other := Actor{Username: "agent2", Role: RoleAgent}
	if err := CheckPINReissue(agent, ChannelCounter, s, p, now, &PINOverride{By: "agent2", Reason: "x"}, &other); !errors.Is(err, ErrForbidden) {
		t.Errorf("override by an agent: %v", err)
	}
	if err := CheckPINReissue(agent, ChannelCounter, s, p, now, &PINOverride{By: "super1", Reason: " "}, &super); err == nil {
		t.Error("override without a reason accepted")
	}
	if err := CheckPINReissue(agent, ChannelCounter, s, p, now, &PINOverride{By: "someone", Reason: "x"}, &super); err == nil {
		t.Error("override naming another person than the one signed in accepted")
	}
	if err := CheckPINReissue(agent, ChannelCounter, s, p, now.Add(48*time.Hour), nil, nil); err != nil {
		t.Errorf("after the cooling-off: %v", err)
	}
}

func TestPINExpiryIsACasablancaDate(t *testing.T) {
	p := pinPolicy(t)
	// 23:30 UTC on 30 November is already 1 December in Casablanca (UTC+1).
	issued := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC)
	exp := PINExpiry(issued, p)
	if exp.String() != "2026-12-31" {
		t.Fatalf("expiry %s, want 2026-12-31", exp)
	}
	lastMinute := time.Date(2026, 12, 31, 22, 59, 0, 0, time.UTC) // 23:59 in Casablanca
	if PINExpired(exp, p, lastMinute) {
		t.Error("expired during its last day")
	}
	if !PINExpired(exp, p, lastMinute.Add(2*time.Minute)) {
		t.Error("still valid the day after")
	}
}

func TestCheckPIN(t *testing.T) {
	p := pinPolicy(t)
	for s, ok := range map[string]bool{"12345678": true, "1234567": false, "1234567a": false, "١٢٣٤٥٦٧٨": false, "": false} {
		if err := CheckPIN(s, p); (err == nil) != ok {
			t.Errorf("CheckPIN(%q) = %v", s, err)
		}
	}
	if err := p.Check(); err != nil {
		t.Fatalf("default policy: %v", err)
	}
	bad := p
	bad.Length = 4
	if bad.Check() == nil {
		t.Error("a 4-digit policy accepted")
	}
}
