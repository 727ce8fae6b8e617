package tui

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/i18n"
	"github.com/cnops/guichet/service"
)

// shared is the one context every screen receives: service, session,
// catalogue, styles, keys and size. The root model owns it; screens read it
// in Update and View (never from a tea.Cmd, which runs on another goroutine:
// a Cmd captures the values it needs).
type shared struct {
	ctx context.Context // the program's lifetime
	svc Service
	cat *i18n.Catalog
	now func() time.Time

	// after schedules msg after d (tea.Tick); tests replace it so that no
	// timer runs.
	after func(d time.Duration, msg tea.Msg) tea.Cmd

	styles Styles
	keys   globalKeys
	keymap map[string][]string // ui.keys: the actions whose keys were changed

	width, height int // the whole terminal

	sess       *service.Session // nil when nobody is signed in
	sessCtx    context.Context  // cancelled on sign-out: in-flight calls stop
	sessCancel context.CancelFunc

	reqSeq uint64

	// The link's state as last read (the root reads it on a timer).
	sync      service.SyncStatus
	syncKnown bool
}

func newShared(ctx context.Context, svc Service, cat *i18n.Catalog, now func() time.Time) *shared {
	if now == nil {
		now = time.Now
	}
	sh := &shared{
		ctx: ctx, svc: svc, cat: cat, now: now,
		after: func(d time.Duration, msg tea.Msg) tea.Cmd {
			return tea.Tick(d, func(time.Time) tea.Msg { return msg })
		},
		styles: NewStyles(true), // until the terminal tells us its background
		width:  80, height: 24,
	}
	sh.keys = newGlobalKeys(sh)
	return sh
}

// nextReq returns a fresh request id. Ids only grow, so an answer to any
// earlier request, of any screen, can never be mistaken for the awaited one.
func (sh *shared) nextReq() uint64 {
	sh.reqSeq++
	return sh.reqSeq
}

// signIn starts a session.
func (sh *shared) signIn(s service.Session) {
	sh.signOut()
	sh.sess = &s
	sh.sessCtx, sh.sessCancel = context.WithCancel(sh.ctx)
}

// signOut drops the session and cancels its in-flight calls.
func (sh *shared) signOut() {
	if sh.sessCancel != nil {
		sh.sessCancel()
	}
	sh.sess, sh.sessCtx, sh.sessCancel = nil, nil, nil
}

// session returns the current session and its context for a Cmd to capture.
func (sh *shared) session() (service.Session, context.Context) {
	if sh.sess == nil {
		return service.Session{}, sh.ctx
	}
	return *sh.sess, sh.sessCtx
}

// safe makes text from the service printable: no escape sequences, control
// or bidi-override characters. Every screen passes data through it.
func safe(s string) string { return domain.Sanitize(s) }

// safeAddress passes every part of an address through safe.
func safeAddress(a domain.AddressInput) domain.AddressInput {
	for _, p := range []*string{&a.Line1, &a.Line2, &a.Quarter, &a.City, &a.PostalCode, &a.Province, &a.LineAr} {
		*p = safe(*p)
	}
	return a
}

// orDash renders an empty value as a dash.
func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// emit wraps a message in a Cmd.
func emit(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// roleName translates a role.
func (sh *shared) roleName(r domain.Role) string {
	key := "tui.role." + string(r)
	if !sh.cat.Has(key) {
		return safe(string(r))
	}
	return sh.cat.T(key)
}

// date renders a calendar day the catalogue's way (25/11/2026 or
// 2026-11-25); the zero time renders as a dash.
func (sh *shared) date(t time.Time) string { return sh.cat.Date(t) }

// stamp renders a moment for people: day and minute in the zone the
// service gave it (the members' time zone, Africa/Casablanca by default),
// the catalogue's way; the zero time renders as a dash.
func (sh *shared) stamp(t time.Time) string { return sh.cat.DateTime(t) }

// age says how long ago t was, coarsely: "40 min", "2 h", "3 d".
func (sh *shared) age(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	d := max(sh.now().Sub(t), 0)
	switch {
	case d < time.Hour:
		return sh.cat.T("tui.age.minutes", int(d/time.Minute))
	case d < 48*time.Hour:
		return sh.cat.T("tui.age.hours", int(d/time.Hour))
	}
	return sh.cat.T("tui.age.days", int(d/(24*time.Hour)))
}

// canDecide reports whether the session's role may approve and reject
// changes (the service checks it again: this only hides keys).
func (sh *shared) canDecide() bool {
	return sh.sess != nil && domain.Authorize(sh.sess.Role, domain.ActionDecideChange) == nil
}

// evidenceName translates an evidence item as domain.CheckEvidence names it.
func (sh *shared) evidenceName(item string) string {
	return translated(sh, "tui.evidence.", safe(item))
}

// stateName translates a request state.
func (sh *shared) stateName(s domain.RequestState) string {
	return translated(sh, "tui.request_state.", safe(string(s)))
}
