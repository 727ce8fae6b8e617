package doctor

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/store"
	"github.com/cnops/guichet/sync/client"
	"github.com/cnops/guichet/sync/wire"
)

// Thresholds of the centre's checks.
const (
	skewWarn     = time.Minute      // audit times and PIN expiries drift
	skewFail     = 10 * time.Minute // they are wrong
	expiryWarn   = 30 * 24 * time.Hour
	maxAnswerLen = 64 << 10
)

// localState is what the database says of its link to the centre.
type localState struct {
	deviceID, centralURL, token, branch string
	lastGoodSync                        time.Time
	auditShipped                        int64
}

func (l localState) provisioned() bool { return l.centralURL != "" && l.token != "" }

func readLocal(ctx context.Context, db *store.DB) (localState, error) {
	var l localState
	var good, shipped string
	for key, into := range map[string]*string{store.MetaDeviceID: &l.deviceID, store.MetaCentralURL: &l.centralURL,
		store.MetaDeviceToken: &l.token, store.MetaBranch: &l.branch, store.MetaLastGoodSync: &good,
		store.MetaAuditShipped: &shipped} {
		v, err := db.Meta(ctx, key)
		if err != nil {
			return l, err
		}
		*into = v
	}
	l.lastGoodSync, _ = time.Parse(time.RFC3339Nano, good)
	l.auditShipped, _ = strconv.ParseInt(shipped, 10, 64)
	return l, nil
}

// centreFindings reaches the centre twice: /v1/health (no token) for
// reachability, TLS and its clock; /v1/device for the token.
func centreFindings(ctx context.Context, opts Options, l localState) []Finding {
	if !l.provisioned() {
		return []Finding{found(CheckCentre, OK, "centre.standalone")}
	}
	raw := l.centralURL
	if opts.CentralURL != "" {
		raw = opts.CentralURL
	}
	base, err := client.ParseCentralURL(raw)
	if err != nil {
		return []Finding{found(CheckCentre, Fail, "centre.bad_url", err)}
	}
	c := caller{opts: opts, base: base, token: l.token}
	var health wire.Health
	a, err := c.get(ctx, wire.PathHealth, false, &health)
	if err != nil {
		return unreached(base, err)
	}
	out := []Finding{reachFinding(base, a), tlsFinding(base, a.tls, opts.Now())}
	if a.status != http.StatusOK {
		return append(out, found(CheckClock, Unknown, "centre.not_reached"), found(CheckToken, Unknown, "centre.not_reached"))
	}
	out = append(out, clockFinding(health.Time, a))
	var dev wire.Device
	d, err := c.get(ctx, wire.PathDevice, true, &dev)
	return append(out, tokenFinding(l, dev, d, err))
}

// answer is what one request brought back.
type answer struct {
	status     int
	code       string // the error body's code, if any
	tls        *tls.ConnectionState
	date       time.Time // the Date header
	sent, came time.Time
}

type caller struct {
	opts  Options
	base  *url.URL
	token string
}

// get sends one GET and decodes a 200 into out; the error is a transport
// failure (the centre not reached) only.
func (c caller) get(ctx context.Context, path string, withToken bool, out any) (answer, error) {
	ctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
	defer cancel()
	u := *c.base
	u.Path = c.base.Path + path
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return answer{}, err
	}
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	req.Header.Set("Accept", "application/json")
	if withToken {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	a := answer{sent: c.opts.Now()}
	resp, err := c.opts.HTTPClient.Do(req)
	a.came = c.opts.Now()
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return a, err
	}
	defer resp.Body.Close()
	a.status, a.tls = resp.StatusCode, resp.TLS
	a.date, _ = http.ParseTime(resp.Header.Get("Date"))
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswerLen))
	if err != nil {
		return a, err
	}
	if a.status == http.StatusOK {
		if err := wire.Decode(bytes.NewReader(body), maxAnswerLen, out); err != nil {
			a.status = 0 // an answer that is not the centre's
		}
		return a, nil
	}
	var eb wire.ErrorBody
	if wire.Decode(bytes.NewReader(body), maxAnswerLen, &eb) == nil {
		a.code = domain.Sanitize(eb.Code)
	}
	return a, nil
}

// unreached reports a centre that did not answer: offline is a warning
// (the console works offline), a refused certificate a failure.
func unreached(base *url.URL, err error) []Finding {
	if cert, ok := certificateError(err); ok {
		return []Finding{found(CheckCentre, Fail, "centre.tls_refused", base.Redacted()),
			found(CheckTLS, Fail, "tls.refused", cert),
			found(CheckClock, Unknown, "centre.not_reached"), found(CheckToken, Unknown, "centre.not_reached")}
	}
	return []Finding{found(CheckCentre, Warn, "centre.unreachable", base.Redacted(), domain.Sanitize(err.Error())),
		plainFinding(base, found(CheckTLS, Unknown, "centre.not_reached")),
		found(CheckClock, Unknown, "centre.not_reached"), found(CheckToken, Unknown, "centre.not_reached")}
}

// certificateError says why a certificate was refused, with its expiry
// when the centre sent one.
func certificateError(err error) (string, bool) {
	var ve *tls.CertificateVerificationError
	var ua x509.UnknownAuthorityError
	var he x509.HostnameError
	var ie x509.CertificateInvalidError
	switch {
	case errors.As(err, &ve):
		reason := domain.Sanitize(ve.Err.Error())
		if len(ve.UnverifiedCertificates) > 0 {
			reason += fmt.Sprintf(" (valid until %s)", ve.UnverifiedCertificates[0].NotAfter.UTC().Format(time.DateOnly))
		}
		return reason, true
	case errors.As(err, &ua), errors.As(err, &he), errors.As(err, &ie):
		return domain.Sanitize(err.Error()), true
	}
	return "", false
}

func reachFinding(base *url.URL, a answer) Finding {
	ms := a.came.Sub(a.sent).Milliseconds()
	switch {
	case a.status == http.StatusUpgradeRequired || a.code == wire.CodeProtocolUnsupported:
		return found(CheckCentre, Fail, "centre.update_needed", base.Redacted())
	case a.status == 0:
		return found(CheckCentre, Fail, "centre.not_guichet", base.Redacted())
	case a.status != http.StatusOK:
		return found(CheckCentre, Warn, "centre.answered", base.Redacted(), a.status)
	}
	return found(CheckCentre, OK, "centre.ok", base.Redacted(), ms)
}

// tlsFinding reads the certificate the centre showed, or says the link
// is plain http (a warning unless to this computer itself).
func tlsFinding(base *url.URL, st *tls.ConnectionState, now time.Time) Finding {
	if st == nil || len(st.PeerCertificates) == 0 {
		return plainFinding(base, found(CheckTLS, Unknown, "tls.no_certificate"))
	}
	cert := st.PeerCertificates[0]
	left := cert.NotAfter.Sub(now)
	until := domain.Date{Time: cert.NotAfter.UTC()}
	issuer := domain.Sanitize(cert.Issuer.CommonName)
	if issuer == "" && len(cert.Issuer.Organization) > 0 {
		issuer = domain.Sanitize(cert.Issuer.Organization[0])
	}
	days := i18n.Count(left.Hours() / 24)
	if left < expiryWarn {
		return found(CheckTLS, Warn, "tls.expiring", until, days, issuer)
	}
	return found(CheckTLS, OK, "tls.ok", until, days, issuer)
}

// plainFinding is the TLS finding of an http:// centre, or otherwise
// the one given.
func plainFinding(base *url.URL, otherwise Finding) Finding {
	if base.Scheme != "http" {
		return otherwise
	}
	if isLoopback(base.Hostname()) {
		return found(CheckTLS, OK, "tls.loopback")
	}
	return found(CheckTLS, Warn, "tls.plain", domain.Sanitize(base.Hostname()))
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// clockFinding compares the centre's clock (the health answer's time, or
// its Date header to the second) with this computer's at the middle of
// the request.
func clockFinding(centre time.Time, a answer) Finding {
	if centre.IsZero() {
		centre = a.date
	}
	if centre.IsZero() {
		return found(CheckClock, Unknown, "clock.unknown")
	}
	mid := a.sent.Add(a.came.Sub(a.sent) / 2)
	skew := mid.Sub(centre) // positive: this computer is ahead
	size := skew.Abs().Round(time.Second)
	status := OK
	switch {
	case size >= skewFail:
		status = Fail
	case size >= skewWarn:
		status = Warn
	case size == 0:
		return found(CheckClock, OK, "clock.same")
	}
	if skew > 0 {
		return found(CheckClock, status, "clock.ahead", size.String())
	}
	return found(CheckClock, status, "clock.behind", size.String())
}

// tokenFinding reads the centre's answer to /v1/device: whose token this
// is, and whether it is still accepted.
func tokenFinding(l localState, dev wire.Device, a answer, err error) Finding {
	switch {
	case err != nil:
		return found(CheckToken, Unknown, "token.not_asked", domain.Sanitize(err.Error()))
	case a.status == http.StatusUnauthorized:
		return found(CheckToken, Fail, "token.refused")
	case a.status == http.StatusForbidden:
		return found(CheckToken, Fail, "token.forbidden")
	case a.status != http.StatusOK:
		return found(CheckToken, Unknown, "token.answered", a.status)
	case l.deviceID != "" && dev.ID != l.deviceID:
		return found(CheckToken, Fail, "token.other_device", domain.Sanitize(dev.ID), l.deviceID)
	case l.branch != "" && dev.Branch != l.branch:
		return found(CheckToken, Fail, "token.other_branch", domain.Sanitize(dev.Branch), l.branch)
	}
	return found(CheckToken, OK, "token.ok", domain.Sanitize(dev.Name), domain.Sanitize(dev.Branch), dev.Number)
}
