package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/sync/wire"
)

// Errors a caller can tell apart with errors.Is; both are domain errors,
// so the console translates them.
var (
	// ErrOffline: the request did not reach the centre, or no answer came.
	ErrOffline = &domain.Error{Key: domain.KeyOffline}
	// ErrUpdateNeeded: the centre no longer serves this protocol version.
	ErrUpdateNeeded = &domain.Error{Key: domain.KeyUpdateNeeded}
)

// maxErrorBody bounds an error answer's body.
const maxErrorBody = 64 << 10

// link is the HTTP side: one centre, one device token.
type link struct {
	base    *url.URL
	token   string
	http    *http.Client
	timeout time.Duration
	now     func() time.Time
	observe func(error) // told every request's outcome (the engine's status), when set
}

// offlineError is a request that did not reach the centre.
type offlineError struct {
	op  string
	err error
}

func (e *offlineError) Error() string {
	return "centre unreachable (" + e.op + "): " + e.err.Error()
}

func (e *offlineError) Unwrap() []error { return []error{ErrOffline, e.err} }

// answerError is an error answer from the centre; Retry-After, when the
// centre sent one, is the least time to wait before asking again.
type answerError struct {
	op         string
	wire       *wire.Error
	retryAfter time.Duration
}

func (e *answerError) Error() string { return e.op + ": " + e.wire.Error() }

func (e *answerError) Unwrap() []error {
	if e.wire.Status == http.StatusUpgradeRequired || e.wire.Body.Code == wire.CodeProtocolUnsupported {
		return []error{e.wire, ErrUpdateNeeded}
	}
	return []error{e.wire}
}

// status returns the HTTP status of an error answer, 0 for anything else.
func status(err error) int {
	var we *wire.Error
	if errors.As(err, &we) {
		return we.Status
	}
	return 0
}

// retryAfterOf returns the Retry-After an error answer carried.
func retryAfterOf(err error) time.Duration {
	var ae *answerError
	if errors.As(err, &ae) {
		return ae.retryAfter
	}
	return 0
}

// ParseCentralURL checks a centre's address: http or https, a host, no
// credentials, query or fragment.
func ParseCentralURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsFunc(strings.TrimSpace(raw), unicode.IsControl) ||
		u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("central URL %q: want http(s)://host[:port][/path], with no credentials, query or fragment",
			domain.Sanitize(raw))
	}
	u.Path = strings.TrimRight(u.Path, "/") // every request path is appended to it: "//v1/feed" would redirect
	return u, nil
}

// request is one call to the centre.
type request struct {
	op          string // what it is for, in errors and logs
	method      string
	path        string
	query       url.Values
	header      http.Header
	body        []byte
	contentType string
	out         any // decoded from a 2xx JSON answer when not nil
}

// do sends a request with the protocol version and the device's token,
// decodes a 2xx answer strictly into r.out and turns anything else into an
// error: *offlineError or *answerError. It returns the status.
func (l *link) do(ctx context.Context, r request) (int, error) {
	code, err := l.send(ctx, r)
	if l.observe != nil && ctx.Err() == nil {
		l.observe(err)
	}
	return code, err
}

func (l *link) send(ctx context.Context, r request) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, l.timeout)
	defer cancel()
	u := *l.base
	u.Path = l.base.Path + r.path
	u.RawQuery = r.query.Encode()
	var body io.Reader
	if r.body != nil {
		body = bytes.NewReader(r.body)
	}
	req, err := http.NewRequestWithContext(ctx, r.method, u.String(), body)
	if err != nil {
		return 0, err
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	req.Header.Set(wire.VersionHeader, strconv.Itoa(wire.Version))
	req.Header.Set("Authorization", "Bearer "+l.token)
	req.Header.Set("Accept", "application/json")
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	resp, err := l.http.Do(req)
	if err != nil {
		return 0, &offlineError{op: r.op, err: trimURLError(err)}
	}
	defer resp.Body.Close()
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		if r.out == nil || r.method == http.MethodHead {
			return resp.StatusCode, nil
		}
		// An answer cut short (the link broke, the timeout struck) never
		// fully came: offline, not an invalid answer from the centre.
		raw, err := io.ReadAll(io.LimitReader(resp.Body, wire.MaxBodyBytes+1))
		if err != nil {
			return resp.StatusCode, &offlineError{op: r.op, err: err}
		}
		if err := wire.Decode(bytes.NewReader(raw), wire.MaxBodyBytes, r.out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s: the centre's answer is not valid: %w", r.op, err)
		}
		return resp.StatusCode, nil
	}
	return resp.StatusCode, &answerError{op: r.op, wire: errorAnswer(resp), retryAfter: l.retryAfter(resp.Header.Get("Retry-After"))}
}

// errorAnswer reads an error answer's body into a *wire.Error; a body that
// is not an ErrorBody (a proxy's page, say) keeps the status alone.
func errorAnswer(resp *http.Response) *wire.Error {
	we := &wire.Error{Status: resp.StatusCode}
	if resp.Request.Method == http.MethodHead || wire.Decode(resp.Body, maxErrorBody, &we.Body) != nil {
		we.Body = wire.ErrorBody{Code: codeOf(resp.StatusCode), Message: http.StatusText(resp.StatusCode)}
	}
	we.Body.Message = domain.Sanitize(we.Body.Message)
	we.Body.Code = domain.Sanitize(we.Body.Code)
	we.Body.Field = domain.Sanitize(we.Body.Field)
	return we
}

// codeOf names an error status that came without a readable body.
func codeOf(status int) string {
	switch status {
	case http.StatusUpgradeRequired:
		return wire.CodeProtocolUnsupported
	case http.StatusUnauthorized:
		return wire.CodeUnauthorized
	case http.StatusForbidden:
		return wire.CodeForbidden
	case http.StatusNotFound:
		return wire.CodeNotFound
	case http.StatusRequestEntityTooLarge:
		return wire.CodeTooLarge
	case http.StatusTooManyRequests, http.StatusServiceUnavailable:
		return wire.CodeBusy
	case http.StatusBadRequest:
		return wire.CodeBadRequest
	}
	return wire.CodeInternal
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func (l *link) retryAfter(v string) time.Duration {
	return parseRetryAfter(v, l.now())
}

// trimURLError drops the URL from a transport error: it says nothing the
// operation does not, and keeps addresses out of the status line.
func trimURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// getJSON is a GET decoded into out.
func (l *link) getJSON(ctx context.Context, op, path string, query url.Values, header http.Header, out any) error {
	_, err := l.do(ctx, request{op: op, method: http.MethodGet, path: path, query: query, header: header, out: out})
	return err
}

// postJSON sends in as JSON and decodes the answer into out.
func (l *link) postJSON(ctx context.Context, op, path string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	_, err = l.do(ctx, request{op: op, method: http.MethodPost, path: path, body: body,
		contentType: "application/json", out: out})
	return err
}
