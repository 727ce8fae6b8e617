package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/cnops/guichet/central"
	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/server"
	"github.com/cnops/guichet/sync/wire"
)

// pinCentre is the loopback centre with PIN keys, a portal client, and
// a member of the device's branch whose address is verified.
type pinCentre struct {
	*centre
	box         pin.BoxKey
	portalToken string
	member      wire.Member
}

func newPINCentre(t *testing.T) *pinCentre {
	t.Helper()
	keys, err := pin.NewHMACKeys("h1", bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	box, err := pin.GenerateBoxKey("b1")
	if err != nil {
		t.Fatal(err)
	}
	c := &pinCentre{centre: newCentreWith(t, server.Options{}, central.Options{PINKeys: keys, BoxKey: box}), box: box}
	if c.portalToken, err = c.app.AddPortalClient(context.Background(), "portal"); err != nil {
		t.Fatal(err)
	}
	for _, p := range c.scope(wire.MaxFeedPage) {
		for _, it := range p.Items {
			if m := it.Member; m != nil && m.HomeBranch == c.home && m.Status == "active" && m.Address != nil &&
				m.Address.Verified && time.Since(m.Address.ValidFrom) > domain.DefaultPINCoolingOff {
				c.member = *m
				return c
			}
		}
	}
	t.Fatal("no member of the branch with a verified address")
	return nil
}

// reissueAtCounter pushes a counter reissue by the demo agent and returns
// its PIN.
func (c *pinCentre) reissueAtCounter() string {
	c.t.Helper()
	code, err := pin.Generate(domain.DefaultPINLength)
	if err != nil {
		c.t.Fatal(err)
	}
	sealed, err := pin.Seal(c.box, code)
	if err != nil {
		c.t.Fatal(err)
	}
	at := time.Now().UTC()
	ev := domain.PINEvent{Kind: domain.EventPINReissued, IssueID: uuid.Must(uuid.NewV7()).String(), RegNo: c.member.RegNo,
		Channel: domain.ChannelCounter, Actor: "agent", At: at, Sealed: &sealed,
		ExpiresOn: at.AddDate(0, 0, 10).Format(domain.DateLayout)}
	payload, err := json.Marshal(ev)
	if err != nil {
		c.t.Fatal(err)
	}
	e := wire.Entry{ID: uuid.Must(uuid.NewV7()).String(), Seq: 1, Kind: ev.Kind, RegNo: ev.RegNo, CreatedAt: at, Payload: payload}
	a, resp := c.push(wire.PushRequest{Entries: []wire.Entry{e}})
	if a.status != http.StatusOK || resp.Results[0].Status != wire.StatusApplied {
		c.t.Fatalf("counter reissue: %d %s", a.status, a.body)
	}
	return code
}

// verify posts a body to the verification with a token.
func (c *pinCentre) verify(body, token string) answer {
	c.t.Helper()
	return c.do(request{method: http.MethodPost, path: wire.PathPINVerify, body: strings.NewReader(body),
		contentType: "application/json", token: &token})
}

func verifyBody(regno, code string) string {
	raw, _ := json.Marshal(wire.PINVerifyRequest{RegNo: regno, PIN: code})
	return string(raw)
}

func (c *pinCentre) result(a answer) string {
	c.t.Helper()
	var resp wire.PINVerifyResponse
	if a.status != http.StatusOK {
		c.t.Fatalf("verify: %d %s", a.status, a.body)
	}
	if err := wire.DecodeBytes(a.body, &resp); err != nil {
		c.t.Fatalf("verify answer %s: %v", a.body, err)
	}
	return resp.Result
}

func TestVerifyPINOverHTTP(t *testing.T) {
	c := newPINCentre(t)
	code := c.reissueAtCounter()
	if got := c.result(c.verify(verifyBody(c.member.RegNo, code), c.portalToken)); got != wire.PINValid {
		t.Fatalf("the printed PIN: %s", got)
	}
	wrong := strings.Repeat("0", len(code))
	if wrong == code {
		wrong = strings.Repeat("1", len(code))
	}
	if got := c.result(c.verify(verifyBody(c.member.RegNo, wrong), c.portalToken)); got != wire.PINInvalid {
		t.Fatalf("another PIN: %s", got)
	}
	next := c.reissueAtCounter()
	if c.result(c.verify(verifyBody(c.member.RegNo, code), c.portalToken)) != wire.PINInvalid ||
		c.result(c.verify(verifyBody(c.member.RegNo, next), c.portalToken)) != wire.PINValid {
		t.Fatal("only the newest PIN may work")
	}
	// Neither the PIN nor the body reaches the log; the client's name does.
	logs := c.logs.String()
	for _, secret := range []string{code, next, wrong} {
		if strings.Contains(logs, secret) {
			t.Fatalf("a PIN in the log:\n%s", logs)
		}
	}
	if !strings.Contains(logs, `"portal":"portal"`) || strings.Contains(logs, c.portalToken) {
		t.Fatalf("request log lines: the client, never its token:\n%s", logs)
	}
}

// A device token does not open the portal's operation, nor a portal token
// the devices'.
func TestPortalAndDeviceTokensAreApart(t *testing.T) {
	c := newPINCentre(t)
	body := verifyBody(c.member.RegNo, "12345678")
	for name, token := range map[string]string{"device token": c.token, "no token": "", "wrong token": c.portalToken + "x"} {
		a := c.verify(body, token)
		if a.status != http.StatusUnauthorized || a.errorBody(t).Code != wire.CodeUnauthorized ||
			!strings.Contains(a.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("%s on verify: %d %s", name, a.status, a.body)
		}
	}
	for _, op := range []request{
		{method: http.MethodGet, path: wire.PathDevice},
		{method: http.MethodGet, path: wire.PathFeed},
		{method: http.MethodPost, path: wire.PathPush, body: strings.NewReader(`{"entries":[]}`), contentType: "application/json"},
	} {
		op.token = &c.portalToken
		if a := c.do(op); a.status != http.StatusUnauthorized {
			t.Errorf("portal token on %s %s: %d %s", op.method, op.path, a.status, a.body)
		}
	}
	if err := c.app.RevokePortalClient(context.Background(), "portal"); err != nil {
		t.Fatal(err)
	}
	if a := c.verify(body, c.portalToken); a.status != http.StatusUnauthorized {
		t.Fatalf("revoked portal token: %d %s", a.status, a.body)
	}
	if a := c.do(request{method: http.MethodGet, path: wire.PathPINVerify, token: &c.portalToken}); a.status != http.StatusMethodNotAllowed ||
		a.header.Get("Allow") != http.MethodPost {
		t.Fatalf("GET on verify: %d %v", a.status, a.header)
	}
}

func TestVerifyBodiesAreDecodedStrictly(t *testing.T) {
	c := newPINCentre(t)
	regno := c.member.RegNo
	cases := []struct {
		name, body  string
		status      int
		code, field string
	}{
		{"unknown field", `{"registration_number":"` + regno + `","pin":"12345678","remember":true}`, 400, wire.CodeBadRequest, "remember"},
		{"bad JSON", `{"registration_number":`, 400, wire.CodeBadRequest, ""},
		{"wrong type", `{"registration_number":"` + regno + `","pin":12345678}`, 400, wire.CodeBadRequest, "pin"},
		{"trailing data", verifyBody(regno, "12345678") + `{}`, 400, wire.CodeBadRequest, ""},
		{"no registration number", `{"pin":"12345678"}`, 400, wire.CodeBadRequest, "registration_number"},
		{"malformed registration number", verifyBody("12-ab", "12345678"), 400, wire.CodeBadRequest, "registration_number"},
		{"letters in the PIN", verifyBody(regno, "1234abcd"), 400, wire.CodeBadRequest, "pin"},
		{"no PIN", verifyBody(regno, ""), 400, wire.CodeBadRequest, "pin"},
		{"PIN too long", verifyBody(regno, strings.Repeat("1", domain.MaxPINLength+1)), 400, wire.CodeBadRequest, "pin"},
		{"body too large", `{"registration_number":"` + strings.Repeat("1", 5000) + `"}`, 413, wire.CodeTooLarge, ""},
	}
	for _, tc := range cases {
		a := c.verify(tc.body, c.portalToken)
		if a.status != tc.status {
			t.Errorf("%s: status %d, want %d (%s)", tc.name, a.status, tc.status, a.body)
			continue
		}
		if e := a.errorBody(t); e.Code != tc.code || e.Field != tc.field {
			t.Errorf("%s: %+v, want code %s field %q", tc.name, e, tc.code, tc.field)
		}
	}
	a := c.do(request{method: http.MethodPost, path: wire.PathPINVerify, body: strings.NewReader(verifyBody(regno, "12345678")),
		contentType: "text/plain", token: &c.portalToken})
	if a.status != http.StatusUnsupportedMediaType {
		t.Errorf("a body that is not JSON by its type: %d", a.status)
	}
	a = c.do(request{method: http.MethodPost, path: wire.PathPINVerify, body: strings.NewReader(verifyBody(regno, "12345678")),
		contentType: "application/json", token: &c.portalToken, header: map[string]string{wire.VersionHeader: ""}})
	if a.status != http.StatusUpgradeRequired {
		t.Errorf("no protocol version: %d", a.status)
	}
	// An unknown member is an answer, not an error: invalid.
	if got := c.result(c.verify(verifyBody("999999999999", "12345678"), c.portalToken)); got != wire.PINInvalid {
		t.Errorf("unknown member: %s", got)
	}
}
