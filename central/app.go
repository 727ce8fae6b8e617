package central

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // Africa/Casablanca for the PIN policy on any host

	"github.com/cnops/guichet/domain"
	"github.com/cnops/guichet/pin"
	"github.com/cnops/guichet/sync/wire"
)

// Options configure the centre's application.
type Options struct {
	// Logger receives structured logs: chain breaks, refused entries and
	// refused tokens (possible bypass attempts), never a secret. Default:
	// discarded.
	Logger *slog.Logger
	// DocumentsDir keeps scans as DocumentsDir/<sha256> (0600).
	DocumentsDir string
	// MaxDocumentBytes bounds a scan (default DefaultMaxDocumentBytes).
	MaxDocumentBytes int64
	// PIN is the reissue policy (the consoles' pin.* keys); default
	// domain.DefaultPINPolicy in Africa/Casablanca.
	PIN domain.PINPolicy
	// PINKeys make and check the verifiers stored instead of PINs; BoxKey
	// opens counter PINs, and its public half goes to every device;
	// PreviousBoxKeys still open the PINs sealed to them. A centre without
	// them refuses reissues (never stores a PIN instead). They are the
	// keys at start: ReloadPINKeys replaces them.
	PINKeys         *pin.HMACKeys
	BoxKey          pin.BoxKey
	PreviousBoxKeys []pin.BoxKey
	// RegNo is the registration-number pattern (default
	// DefaultRegNoPattern, as the console's configuration).
	RegNo domain.RegNoRule
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Defaults of Options.
const (
	DefaultMaxDocumentBytes = 10 << 20
	DefaultRegNoPattern     = "[0-9]{6,12}"
)

// App is the centre: it applies what devices push with the domain rules,
// serves their feeds and manages devices and accounts. All its data goes
// through a Storage; it is safe for concurrent use.
type App struct {
	st    Storage
	log   *slog.Logger
	opts  Options
	regNo domain.RegNoRule
	now   func() time.Time

	// seen remembers when each device's last_seen was last written, so an
	// authentication writes it at most once per seenEvery.
	seenMu sync.Mutex
	seen   map[string]time.Time

	counts *counters // what Counters reports

	keys      atomic.Pointer[PINKeys] // the PIN keys in use (see pinKeys)
	keyServed sync.Map                // device id -> the box key id last recorded (NoteKeyServed)
}

// seenEvery is how stale a device's last_seen may get.
const seenEvery = time.Minute

// New builds the application on a storage, filling in defaults.
func New(st Storage, opts Options) *App {
	a := &App{st: st, opts: opts, log: opts.Logger, regNo: opts.RegNo, now: opts.Now, seen: map[string]time.Time{},
		counts: newCounters()}
	if a.log == nil {
		a.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if a.opts.MaxDocumentBytes <= 0 {
		a.opts.MaxDocumentBytes = DefaultMaxDocumentBytes
	}
	if a.regNo == (domain.RegNoRule{}) {
		rule, err := domain.NewRegNoRule(DefaultRegNoPattern)
		if err != nil {
			panic(err) // a constant pattern
		}
		a.regNo = rule
	}
	if a.now == nil {
		a.now = time.Now
	}
	a.keys.Store(&PINKeys{HMAC: opts.PINKeys, Box: opts.BoxKey, PreviousBox: opts.PreviousBoxKeys})
	if a.opts.PIN.Location == nil {
		loc, err := time.LoadLocation("Africa/Casablanca")
		if err != nil {
			panic(err) // the zone database is embedded (time/tzdata)
		}
		a.opts.PIN = domain.DefaultPINPolicy(loc)
	}
	return a
}

// MaxDocumentBytes is the largest scan the centre keeps.
func (a *App) MaxDocumentBytes() int64 { return a.opts.MaxDocumentBytes }

// Close closes the storage.
func (a *App) Close() error { return a.st.Close() }

// read runs one query on a snapshot of the storage.
func read[T any](ctx context.Context, st Storage, query func(Reader) (T, error)) (T, error) {
	var v T
	err := st.Read(ctx, func(r Reader) (err error) {
		v, err = query(r)
		return err
	})
	return v, err
}

// wireDevice is what a device learns of itself.
func (a *App) wireDevice(d DeviceRecord) wire.Device {
	dev := wire.Device{ID: d.ID, Name: d.Name, Branch: d.Branch, Number: d.Number, ServerTime: a.now().UTC()}
	if box := a.pinKeys().Box; box.Public != nil {
		dev.PINKeyID, dev.PINPublicKey = box.ID, pin.EncodeKey(box.Public[:])
	}
	return dev
}

// refusal reports whether err is a rule's refusal (a domain error) and
// how to answer it: the message key and the field if any.
func refusal(err error) (key, field string, ok bool) {
	if fe, isField := domain.AsFieldError(err); isField {
		return fe.Key, fe.Field, true
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return de.Key, "", true
	}
	return "", "", false
}
